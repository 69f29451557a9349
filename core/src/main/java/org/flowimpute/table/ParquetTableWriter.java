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
final class ParquetTableWriter extends FileTableWriter {
  private final ParquetWriter<GenericRecord> writer;

  ParquetTableWriter(Path path, Schema schema, TableCompression compression) {
    super(path, schema);
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
  void append(GenericRecord record, long rowNumber) throws IOException {
    writer.write(record);
  }

  @Override
  void closeFile() throws IOException {
    writer.close();
  }
}
