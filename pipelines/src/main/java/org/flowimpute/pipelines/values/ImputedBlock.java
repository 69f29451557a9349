package org.flowimpute.pipelines.values;

import java.util.Arrays;
import java.util.Objects;

/**
 * The imputed output records of one input data block, already in Avro binary encoding (the output
 * schema), back to back: what the block imputation step hands to the file sink, which appends them
 * to the file as they are. Passing one of these per block instead of one record object per record
 * runs the runner's per-element machinery once per block, and encodes each output record once.
 *
 * @param data the records' bytes
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
        && Arrays.equals(data, that.data)
        && Arrays.equals(ends, that.ends);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(data) + Arrays.hashCode(ends);
  }

  @Override
  public String toString() {
    return "ImputedBlock[" + count() + " records, " + data.length + " bytes]";
  }
}
