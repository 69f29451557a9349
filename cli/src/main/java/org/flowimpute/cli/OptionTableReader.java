package org.flowimpute.cli;

import java.nio.file.Path;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.table.TableException;
import org.flowimpute.table.TableReader;

/**
 * A reader of the table an option names whose failures name the option ({@link OptionFiles}): a
 * file cut short or a row the reader rejects is found only while the rows are read, and its message
 * named the file alone ({@code cut.avro row 1: the file ends inside a data block ...}), not which
 * of the command's inputs it was.
 */
final class OptionTableReader implements TableReader {

  private final String option;
  private final Path table;
  private final TableReader reader;

  OptionTableReader(String option, Path table, TableReader reader) {
    this.option = option;
    this.table = table;
    this.reader = reader;
  }

  @Override
  public Schema schema() {
    return reader.schema();
  }

  @Override
  public Path path() {
    return reader.path();
  }

  @Override
  public long rowNumber() {
    return reader.rowNumber();
  }

  @Override
  public boolean hasNext() {
    try {
      return reader.hasNext();
    } catch (TableException e) {
      throw OptionFiles.named(option, table, e);
    }
  }

  @Override
  public GenericRecord next() {
    try {
      return reader.next();
    } catch (TableException e) {
      throw OptionFiles.named(option, table, e);
    }
  }

  @Override
  public void close() {
    try {
      reader.close();
    } catch (TableException e) {
      throw OptionFiles.named(option, table, e);
    }
  }
}
