package org.flowimpute.table;

import java.io.Closeable;
import java.nio.file.Path;
import java.util.Iterator;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * A stream of the rows of a table (one file, or several read one after another) as Avro {@link
 * GenericRecord}s, read one at a time so that files larger than memory can be processed. Obtain one
 * from {@link Tables#reader}.
 *
 * <p>String values are {@link CharSequence}s ({@code String} from CSV, Avro's {@code Utf8} from
 * Avro and Parquet files): call {@code toString()} before comparing them with strings.
 */
public interface TableReader extends Iterator<GenericRecord>, Closeable {

  /** The schema every record of this reader has. */
  Schema schema();

  /** The file being read (of a table of several files: the one the last row came from). */
  Path path();

  /**
   * The 1-based number, within {@link #path()}, of the row last returned by {@link #next()} (0
   * before the first): with the path's file name, how messages name a row.
   */
  long rowNumber();

  /**
   * {@inheritDoc}
   *
   * @throws TableException if a row cannot be read or converted (the message names file, row and
   *     column)
   */
  @Override
  GenericRecord next();

  /** Closes the file; failures are reported as {@link TableException}. */
  @Override
  void close();
}
