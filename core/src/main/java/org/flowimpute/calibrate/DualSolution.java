package org.flowimpute.calibrate;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The dual variables η of a solve, keyed by constraint name, with w_i = q_i g(F_i·η).
 *
 * <p>Kept by name so that a later solve (the next streaming window, a re-run with one more target)
 * can start from it even when constraints were added or removed.
 */
public record DualSolution(Map<String, Double> multipliers) {

  public DualSolution {
    multipliers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(multipliers));
  }

  /** No information: start from η = 0 (w = q). */
  public static DualSolution cold() {
    return new DualSolution(Map.of());
  }

  /** The multiplier of {@code name}, or 0 when unknown. */
  public double multiplier(String name) {
    return multipliers.getOrDefault(name, 0.0);
  }
}
