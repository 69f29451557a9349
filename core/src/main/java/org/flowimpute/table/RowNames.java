package org.flowimpute.table;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * How messages name the rows of a table read into memory: by the file each row came from, its path
 * as given or as a glob matched it ({@code data/imputed-00001-of-00004.avro row 17}), as the table
 * readers name it in their own errors, and its 1-based row in that file, also when the table is
 * several files named by a glob. Filled by {@link Tables#readAll(java.nio.file.Path, RowNames)}.
 */
public final class RowNames {
  private final List<String> files = new ArrayList<>();
  private final List<Long> starts = new ArrayList<>();
  private long count;

  /** Notes the row {@code reader} has just returned from {@link TableReader#next()}. */
  public void add(TableReader reader) {
    long row = reader.rowNumber();
    String file = String.valueOf(reader.path());
    if (files.isEmpty() || row == 1 || !file.equals(files.get(files.size() - 1))) {
      files.add(file);
      starts.add(count - (row - 1));
    }
    count++;
  }

  /** The name of the {@code index}th row noted (0-based), e.g. {@code data/people.csv row 3}. */
  public String of(long index) {
    if (index < 0 || index >= count) {
      throw new IndexOutOfBoundsException("row index " + index + " of " + count);
    }
    int found = Collections.binarySearch(starts, index);
    int file = found >= 0 ? found : -found - 2;
    return files.get(file) + " row " + (index - starts.get(file) + 1);
  }
}
