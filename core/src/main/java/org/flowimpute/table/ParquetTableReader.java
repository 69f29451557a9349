package org.flowimpute.table;

import java.io.IOException;
import java.nio.file.Path;
import java.util.NoSuchElementException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroReadSupport;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.LocalInputFile;

/**
 * Reads a local Parquet file with parquet-avro (no Hadoop installation or file system needed). With
 * a reader schema only its columns are read and the records are resolved to it.
 */
final class ParquetTableReader implements TableReader {
  /** The key of {@code AvroReadSupport.setAvroReadSchema}, which needs a Hadoop configuration. */
  private static final String AVRO_READ_SCHEMA = "parquet.avro.read.schema";

  private final Path path;
  private final ParquetReader<GenericRecord> reader;
  private GenericRecord nextRecord;
  private Schema schema;
  private long rowNumber;

  ParquetTableReader(Path path, Schema readerSchema) {
    this.path = path;
    PlainParquetConfiguration configuration = new PlainParquetConfiguration();
    if (readerSchema != null) {
      configuration.set(AvroReadSupport.AVRO_REQUESTED_PROJECTION, readerSchema.toString());
      configuration.set(AVRO_READ_SCHEMA, readerSchema.toString());
    }
    try {
      reader =
          AvroParquetReader.<GenericRecord>builder(new LocalInputFile(path), configuration).build();
      nextRecord = reader.read();
    } catch (IOException | RuntimeException e) {
      throw new TableException(path + ": not a readable Parquet file: " + e.getMessage(), e);
    }
    schema = readerSchema;
    if (schema == null && nextRecord != null) {
      schema = nextRecord.getSchema();
    }
    if (schema == null) {
      schema = ParquetSchemas.avroSchema(path);
    }
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
  public boolean hasNext() {
    return nextRecord != null;
  }

  @Override
  public GenericRecord next() {
    if (nextRecord == null) {
      throw new NoSuchElementException(path.getFileName() + ": no more rows");
    }
    GenericRecord current = nextRecord;
    rowNumber++;
    try {
      nextRecord = reader.read();
    } catch (IOException | RuntimeException e) {
      throw new TableException(
          String.format(
              "%s row %d: cannot read Parquet record: %s",
              path.getFileName(), rowNumber + 1, e.getMessage()),
          e);
    }
    return current;
  }

  @Override
  public void close() {
    try {
      reader.close();
    } catch (IOException e) {
      throw new TableException(path + ": cannot close: " + e.getMessage(), e);
    }
  }
}
