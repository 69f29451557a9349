package org.flowimpute.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.flowimpute.bundle.ContinuousTarget;
import org.junit.jupiter.api.Test;

/** Which repeated values {@link TargetFitter} makes point masses, and the fit around them. */
class AtomFitTest {
  private static final double E = Math.E;

  /** {@code count} copies of {@code value} followed by {@code rest}. */
  private static double[] values(double value, int count, double... rest) {
    double[] values = new double[count + rest.length];
    Arrays.fill(values, 0, count, value);
    System.arraycopy(rest, 0, values, count, rest.length);
    return values;
  }

  private static double[] ones(int length) {
    double[] weights = new double[length];
    Arrays.fill(weights, 1.0);
    return weights;
  }

  private static ContinuousTarget fit(double[] values, double[] weights, AtomPolicy policy) {
    return TargetFitter.continuous("benefit", values, weights, 2.0, policy);
  }

  @Test
  void aHeapedValueBecomesAnAtomAndLeavesTheFlowFit() {
    // 20 rows at 500, then log1p|x| = 1 and 3 for the two flow values: mu 2, sigma 1.
    double[] values = values(500.0, 20, 0, E - 1, Math.exp(3) - 1);

    ContinuousTarget target = fit(values, ones(values.length), AtomPolicy.defaults());

    assertEquals(List.of(500.0), target.atoms());
    assertEquals(List.of("zero", "positive", "=500.0"), target.observedStates());
    assertEquals(2.0, target.transform().mu(), 1e-12);
    assertEquals(1.0, target.transform().sigma(), 1e-12);
    assertEquals(500.0, target.transform().maxAbs());
    assertEquals(ContinuousTarget.FIRST_ATOM, target.stateOf(500.0));
    assertEquals(ContinuousTarget.POSITIVE, target.stateOf(499.0));
  }

  @Test
  void tooFewRowsOrTooLittleWeightIsNoAtom() {
    double[] rare = values(500.0, 19, E - 1, Math.exp(3) - 1);
    double[] light = values(500.0, 20, E - 1, Math.exp(3) - 1);
    double[] lightWeights = ones(light.length);
    Arrays.fill(lightWeights, 0, 20, 1e-3);
    lightWeights[20] = 1_000;
    lightWeights[21] = 1_000;

    assertEquals(List.of(), fit(rare, ones(rare.length), AtomPolicy.defaults()).atoms());
    assertEquals(List.of(), fit(light, lightWeights, AtomPolicy.defaults()).atoms());
    assertEquals(List.of(), fit(light, ones(light.length), AtomPolicy.none()).atoms());
  }

  @Test
  void keepsTheHeaviestAtomsInAscendingOrder() {
    double[] values = new double[20 * 3 + 2];
    Arrays.fill(values, 0, 20, 300.0);
    Arrays.fill(values, 20, 40, -100.0);
    Arrays.fill(values, 40, 60, 200.0);
    values[60] = 7;
    values[61] = 9;
    double[] weights = ones(values.length);
    Arrays.fill(weights, 0, 20, 0.5);

    ContinuousTarget target = fit(values, weights, new AtomPolicy(0.01, 20, 2));

    assertEquals(List.of(-100.0, 200.0), target.atoms());
    assertEquals(
        List.of("positive", "=-100.0", "=200.0"), target.observedStates(), "300 is a flow value");
  }

  @Test
  void aTargetMadeOnlyOfAtomsNeedsNoFlowValues() {
    double[] values = new double[60];
    Arrays.fill(values, 0, 20, 50.0);
    Arrays.fill(values, 20, 40, 80.0);

    ContinuousTarget target = fit(values, ones(values.length), AtomPolicy.defaults());

    assertEquals(List.of("zero", "=50.0", "=80.0"), target.observedStates());
    assertEquals(1.0, target.transform().sigma());
  }

  @Test
  void refusesAPolicyOutOfRange() {
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> new AtomPolicy(0, 20, 4));
    assertEquals(
        "atom policy needs 0 < min share <= 1, min rows >= 2 and max atoms >= 0, got 0.0, 20, 4",
        error.getMessage());
  }
}
