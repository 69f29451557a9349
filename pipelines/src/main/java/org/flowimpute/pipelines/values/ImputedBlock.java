package org.flowimpute.pipelines.values;

import java.util.Arrays;
import java.util.Objects;

/**
 * The imputed output records of one input data block, already in Avro binary encoding (the output
 * schema), back to back: what the block imputation step hands to the file sink, which appends them
 * to the file as they are. Passing one of these per block instead of one record object per record
 * runs the runner's per-element machinery once per block, and encodes each output record once.
 *
 * <p>{@code data} may be longer than the records: the step hands over the buffer it encoded them
 * into instead of a copy trimmed to their size, and bytes after the last record's end are not part
 * of the block (the coder, {@code equals} and {@code hashCode} leave them out).
 *
 * @param data the records' bytes from index 0, possibly followed by unused bytes
 * @param ends where each record ends in {@code data}: record {@code i} spans {@code ends[i-1]} (0
 *     for the first) to {@code ends[i]}
 */
public record ImputedBlock(byte[] data, int[] ends) {

  /** Checks that the ends rise within the data. */
  public ImputedBlock {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(ends, "ends");
    int previous = 0;
    for (int end : ends) {
      if (end < previous || end > data.length) {
        throw new IllegalArgumentException(
            "record ends "
                + Arrays.toString(ends)
                + " do not rise within "
                + data.length
                + " bytes");
      }
      previous = end;
    }
  }

  /** How many records the block holds. */
  public int count() {
    return ends.length;
  }

  /** How many bytes the records take: the end of the last one. */
  public int size() {
    return ends.length == 0 ? 0 : ends[ends.length - 1];
  }

  /** Where record {@code index} starts in {@link #data}. */
  public int start(int index) {
    return index == 0 ? 0 : ends[index - 1];
  }

  /** The byte length of record {@code index}. */
  public int length(int index) {
    return ends[index] - start(index);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ImputedBlock that
        && Arrays.equals(ends, that.ends)
        && Arrays.equals(data, 0, size(), that.data, 0, that.size());
  }

  @Override
  public int hashCode() {
    int hash = 1;
    for (int i = 0; i < size(); i++) {
      hash = 31 * hash + data[i];
    }
    return 31 * hash + Arrays.hashCode(ends);
  }

  @Override
  public String toString() {
    return "ImputedBlock[" + count() + " records, " + size() + " bytes]";
  }
}
