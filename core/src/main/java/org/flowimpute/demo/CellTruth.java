package org.flowimpute.demo;

import java.util.Map;

/**
 * The exact truth of a group of persons (a cell such as employment x sex): what a learned model or
 * a large sample should reproduce for the persons in that cell.
 *
 * @param cell the cell label
 * @param share the probability that a generated person falls in the cell
 * @param gates P(gate state | cell) for every target
 * @param means E[x | cell] for every target
 * @param householdIncomeMean E[household income | cell]
 * @param householdIncomeZero P(household income = 0 | cell)
 */
public record CellTruth(
    String cell,
    double share,
    Map<DemoTarget, GateProbabilities> gates,
    Map<DemoTarget, Double> means,
    double householdIncomeMean,
    double householdIncomeZero) {

  /** Copies the maps. */
  public CellTruth {
    gates = Map.copyOf(gates);
    means = Map.copyOf(means);
  }

  /** P(gate state | cell) of {@code target}. */
  public GateProbabilities gate(DemoTarget target) {
    return gates.get(target);
  }

  /** E[x | cell] of {@code target}. */
  public double mean(DemoTarget target) {
    return means.get(target);
  }
}
