package org.flowimpute.table;

import java.io.IOException;
import java.nio.file.Path;
import java.util.NoSuchElementException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.LocalInputFile;

/**
 * Reads a local Parquet file with parquet-avro (no Hadoop installation or file system needed). With
 * a reader schema only its columns are read and the records are resolved to it; without one, the
 * records have the file's Avro schema with INT32/INT64 decimals as doubles ({@link
 * ParquetDecimals}). Read as {@link ParquetReading} reads every Parquet file.
 */
final class ParquetTableReader implements TableReader {
  private final Path path;
  private final ParquetReader<GenericRecord> reader;
  private final ParquetDecimals decimals;
  private final Schema schema;
  private GenericRecord nextRecord;
  private long rowNumber;

  ParquetTableReader(Path path, Schema readerSchema) {
    this.path = path;
    InputFile file = ParquetReading.named(new LocalInputFile(path), path.toString());
    ParquetFooter footer;
    try {
      footer = ParquetFooter.read(file);
    } catch (TableException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new TableException(path + ": not a readable Parquet file: " + e.getMessage(), e);
    }
    decimals = footer.decimals();
    if (readerSchema != null) {
      refuseDecimalsIn(readerSchema);
    }
    GenericRecord first;
    try {
      reader =
          ParquetReading.reader(
              file,
              readerSchema,
              readerSchema == null
                  ? null
                  : readerSchema.getFields().stream().map(Schema.Field::name).toList());
      first = reader.read();
    } catch (IOException | RuntimeException e) {
      throw new TableException(path + ": not a readable Parquet file: " + e.getMessage(), e);
    }
    if (readerSchema != null) {
      schema = readerSchema;
    } else {
      schema = decimals.asDoubles(first != null ? first.getSchema() : footer.written());
    }
    nextRecord = scaled(first);
  }

  /**
   * Refuses a reader schema asking for an INT32/INT64 decimal column: parquet-avro would resolve
   * its unscaled integers to the requested type.
   */
  private void refuseDecimalsIn(Schema readerSchema) {
    for (Schema.Field field : readerSchema.getFields()) {
      if (decimals.contains(field.name())) {
        throw new TableException(
            path
                + ": column '"
                + field.name()
                + "' is a DECIMAL stored as an integer, which cannot be read with a reader schema;"
                + " read the file without one (its decimals are then read as double)");
      }
    }
  }

  /** {@code record} as read, with decimal columns scaled; null stays null (the end). */
  private GenericRecord scaled(GenericRecord record) {
    return record == null || decimals.isEmpty() ? record : decimals.toDoubles(record, schema);
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
  public long rowNumber() {
    return rowNumber;
  }

  @Override
  public boolean hasNext() {
    return nextRecord != null;
  }

  @Override
  public GenericRecord next() {
    if (nextRecord == null) {
      throw new NoSuchElementException(path + ": no more rows");
    }
    GenericRecord current = nextRecord;
    rowNumber++;
    try {
      nextRecord = scaled(reader.read());
    } catch (IOException | RuntimeException e) {
      throw new TableException(
          String.format(
              "%s row %d: cannot read Parquet record: %s", path, rowNumber + 1, e.getMessage()),
          e);
    }
    return current;
  }

  @Override
  public void close() {
    try {
      reader.close();
    } catch (IOException e) {
      throw new TableException(path + ": cannot close: " + IoErrors.describe(e), e);
    }
  }
}
