package org.flowimpute.pipelines.values;

/**
 * What a model returns for a batch of records: one row per record, in the order given.
 *
 * @param values the targets in original units, {@code [records][targets]}, manifest order
 * @param gateStates the sampled state of each gate, {@code [records][targets]}
 */
public record ImputedBatch(float[][] values, long[][] gateStates) {

  /** Checks that values and gate states have one row per record. */
  public ImputedBatch {
    if (values.length != gateStates.length) {
      throw new IllegalArgumentException(
          "values has " + values.length + " rows but gate states " + gateStates.length);
    }
  }

  /** Number of records in the batch. */
  public int size() {
    return values.length;
  }
}
