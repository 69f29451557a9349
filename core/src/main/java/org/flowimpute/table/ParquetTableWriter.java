package org.flowimpute.table;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;

/**
 * Writes a local Parquet file with parquet-avro (no Hadoop installation or file system needed),
 * replacing an existing file.
 */
final class ParquetTableWriter implements TableWriter {
  private final Path path;
  private final Schema schema;
  private final ParquetWriter<GenericRecord> writer;
  private long rowNumber;

  ParquetTableWriter(Path path, Schema schema, TableCompression compression) {
    this.path = path;
    this.schema = schema;
    try {
      writer =
          AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(path))
              .withSchema(schema)
              .withConf(new PlainParquetConfiguration())
              .withCompressionCodec(codec(compression))
              .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
              .build();
    } catch (IOException | RuntimeException e) {
      throw new TableException(path + ": cannot create: " + e.getMessage(), e);
    }
  }

  private static CompressionCodecName codec(TableCompression compression) {
    return switch (compression) {
      case NONE -> CompressionCodecName.UNCOMPRESSED;
      case SNAPPY -> CompressionCodecName.SNAPPY;
      case DEFLATE -> CompressionCodecName.GZIP;
    };
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public Path path() {
    return path;
  }

  @Override
  public void write(GenericRecord record) {
    rowNumber++;
    try {
      writer.write(record);
    } catch (IOException e) {
      throw new TableException(path + ": cannot write: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new TableException(
          String.format(
              "%s row %d: record does not fit the schema: %s",
              path.getFileName(), rowNumber, e.getMessage()),
          e);
    }
  }

  @Override
  public void close() {
    try {
      writer.close();
    } catch (IOException e) {
      throw new TableException(path + ": cannot close: " + e.getMessage(), e);
    }
  }
}
