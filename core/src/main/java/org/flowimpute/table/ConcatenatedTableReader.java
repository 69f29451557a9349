package org.flowimpute.table;

import java.nio.file.Path;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * The rows of several files of one table, file after file in the given order, as one stream. Only
 * one file is open at a time; {@link #path()} and {@link #rowNumber()} name the file the last row
 * came from and its row in that file, and each file's reader names them in its errors.
 */
final class ConcatenatedTableReader implements TableReader {
  private final List<Path> files;
  private final Function<Path, TableReader> opener;
  private final Schema schema;
  private TableReader current;
  private int index;

  /**
   * A reader of {@code files}; {@code first} is the open reader of the first file, whose schema
   * every record has; {@code opener} opens each further file (refusing one whose schema or header
   * does not fit).
   */
  ConcatenatedTableReader(List<Path> files, TableReader first, Function<Path, TableReader> opener) {
    this.files = files;
    this.opener = opener;
    this.schema = first.schema();
    this.current = first;
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public Path path() {
    return current.path();
  }

  @Override
  public long rowNumber() {
    return current.rowNumber();
  }

  @Override
  public boolean hasNext() {
    while (!current.hasNext()) {
      if (index + 1 >= files.size()) {
        return false;
      }
      TableReader following = opener.apply(files.get(index + 1));
      index++;
      TableReader done = current;
      current = following;
      done.close();
    }
    return true;
  }

  @Override
  public GenericRecord next() {
    if (!hasNext()) {
      throw new NoSuchElementException(current.path() + ": no more rows");
    }
    return current.next();
  }

  @Override
  public void close() {
    current.close();
  }
}
