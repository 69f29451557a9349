package org.flowimpute.table;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * What every file format's writer shares: the file, the schema, the row count, and turning I/O and
 * schema errors into {@link TableException}s that name the file and row. Subclasses only append a
 * record and close their file.
 */
abstract class FileTableWriter implements TableWriter {
  private final Path path;
  private final Schema schema;
  private long rowNumber;

  FileTableWriter(Path path, Schema schema) {
    this.path = path;
    this.schema = schema;
  }

  /** Writes one record to the file. */
  abstract void append(GenericRecord record, long rowNumber) throws IOException;

  /** Flushes and closes the file. */
  abstract void closeFile() throws IOException;

  @Override
  public final Schema schema() {
    return schema;
  }

  @Override
  public final Path path() {
    return path;
  }

  @Override
  public final void write(GenericRecord record) {
    rowNumber++;
    try {
      append(record, rowNumber);
    } catch (IOException e) {
      throw new TableException(path + ": cannot write: " + IoErrors.describe(e), e);
    } catch (TableException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new TableException(
          String.format(
              "%s row %d: record does not fit the schema: %s", path, rowNumber, e.getMessage()),
          e);
    }
  }

  @Override
  public final void close() {
    try {
      closeFile();
    } catch (IOException e) {
      throw new TableException(path + ": cannot close: " + IoErrors.describe(e), e);
    }
  }
}
