package org.flowimpute.infer;

/**
 * What the model produced for a batch of records, row-major in record order.
 *
 * @param rows number of records
 * @param targets T, values per record
 * @param gates G, gate states per record
 * @param gateStateTotal S, gate probabilities per record
 * @param values [rows, T] imputed values in original units, manifest target order
 * @param gateStates [rows, G] sampled gate states
 * @param gateProbabilities [rows, S] the probabilities each gate was sampled from
 * @param amounts the manifest's rules for amounts: exact atoms, magnitudes within the sign's bounds
 *     (gate {@code t} is target {@code t}'s)
 */
public record ImputedBatch(
    int rows,
    int targets,
    int gates,
    int gateStateTotal,
    float[] values,
    long[] gateStates,
    float[] gateProbabilities,
    ImputedAmounts amounts) {

  /**
   * Value of target {@code target} for record {@code row}: the graph's value, except that a
   * point-mass state gives the manifest's exact amount and a sign state's magnitude is held within
   * what training saw for that sign ({@link ImputedAmounts}).
   */
  public double value(int row, int target) {
    float graphValue = values[row * targets + target];
    return amounts.value(row, target, gateState(row, target), graphValue);
  }

  /** Gate state of gate {@code gate} for record {@code row}. */
  public long gateState(int row, int gate) {
    return gateStates[row * gates + gate];
  }

  /** Probability of concatenated gate state {@code state} for record {@code row}. */
  public float gateProbability(int row, int state) {
    return gateProbabilities[row * gateStateTotal + state];
  }
}
