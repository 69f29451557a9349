package org.flowimpute.table;

import java.io.Closeable;
import java.nio.file.Path;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * Writes the rows of one table file one record at a time. Obtain one from {@link Tables#writer};
 * the file is complete only after {@link #close()}.
 */
public interface TableWriter extends Closeable {

  /** The schema the written records must have. */
  Schema schema();

  /** The file being written. */
  Path path();

  /**
   * Appends one record.
   *
   * @throws TableException if the record does not fit the schema or the file cannot be written
   */
  void write(GenericRecord record);

  /** Finishes and closes the file; failures are reported as {@link TableException}. */
  @Override
  void close();
}
