package org.flowimpute.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.flowimpute.bundle.CategoricalTarget;
import org.flowimpute.bundle.ContinuousTarget;
import org.flowimpute.bundle.MagnitudeRange;
import org.flowimpute.bundle.MagnitudeTransform;
import org.junit.jupiter.api.Test;

class TargetTransformTest {
  private static final double E = Math.E;

  @Test
  void fitsMuAndSigmaOnNonzeroLogMagnitudes() {
    // log1p(|x|) of the nonzero values is 1 and 3 (equal weights): mu = 2, sigma = 1.
    double[] values = {0, 0, E - 1, -(Math.exp(3) - 1)};

    ContinuousTarget target =
        TargetFitter.continuous("savings", values, new double[] {1, 1, 1, 1}, 2.0);

    assertEquals(2.0, target.transform().mu(), 1e-12);
    assertEquals(1.0, target.transform().sigma(), 1e-12);
    assertEquals(Math.exp(3) - 1, target.transform().maxAbs(), 1e-12);
    assertEquals(List.of("negative", "zero", "positive"), target.observedStates());
  }

  @Test
  void weightsTheFit() {
    // Log magnitudes 1 (weight 1) and 3 (weight 3): mu = 2.5, variance = (2.25 + 3 · 0.25) / 4.
    double[] values = {E - 1, Math.exp(3) - 1, 0};

    ContinuousTarget target = TargetFitter.continuous("wage", values, new double[] {1, 3, 5}, 2.0);

    assertEquals(2.5, target.transform().mu(), 1e-12);
    assertEquals(Math.sqrt(0.75), target.transform().sigma(), 1e-12);
    assertEquals(List.of("zero", "positive"), target.observedStates());
  }

  /**
   * Amounts below 1 are logged in a power of ten at or below their weighted 1st percentile (above
   * 1e-4 of their median here); amounts of 1 and more keep the plain log1p (unit 1).
   */
  @Test
  void logsAmountsMostlyBelowOneInASmallerUnit() {
    double[] rates = new double[1000];
    for (int i = 0; i < rates.length; i++) {
      rates[i] = 2e-3 * Math.pow(1000, i / 999.0);
    }
    rates[0] = 5e-6;
    double[] equal = new double[rates.length];
    Arrays.fill(equal, 1.0);
    double[] heavyLow = equal.clone();
    heavyLow[0] = 100;

    MagnitudeTransform small = TargetFitter.continuous("rate", rates, equal, 1.0).transform();
    MagnitudeTransform weighted = TargetFitter.continuous("rate", rates, heavyLow, 1.0).transform();
    MagnitudeTransform currency =
        TargetFitter.continuous(
                "wage", new double[] {0, 1, 2500, 40000}, new double[] {1, 1, 1, 1}, 1.0)
            .transform();

    assertEquals(1e-3, small.unit(), 0.0);
    assertEquals(1e-6, weighted.unit(), 0.0);
    assertEquals(1.0, currency.unit(), 0.0);
    double mean = 0;
    for (double rate : rates) {
      mean += Math.log1p(rate / 1e-3) / rates.length;
    }
    assertEquals(mean, small.mu(), 1e-12);
    TargetTransform transform = TargetTransform.of(small);
    assertEquals(
        0.02, transform.inverse(ContinuousTarget.POSITIVE, transform.forward(0.02)), 1e-15);
  }

  /**
   * A few stray tiny amounts (floating-point leftovers among wages; 3 % of rates at 1e-12) do not
   * stretch the log scale of the bulk: the unit is at least 1e-4 of the weighted median, so wages
   * keep unit 1 and the rates a unit of 1e-7 (median 0.004). Before, the 1st percentile alone gave
   * 1e-9 for the wages, and 21 % of their draws sat at the cap.
   */
  @Test
  void strayTinyAmountsDoNotSetTheUnit() {
    double[] wages = new double[1000];
    double[] rates = new double[1000];
    for (int i = 0; i < wages.length; i++) {
      wages[i] = i < 20 ? 1e-9 * (1 + i % 9) : 20_000 * Math.exp((i - 500) / 300.0);
      rates[i] = i < 30 ? 1e-12 : 0.004 * Math.exp((i - 500) / 300.0);
    }
    double[] equal = new double[wages.length];
    Arrays.fill(equal, 1.0);

    assertEquals(1.0, TargetFitter.continuous("wage", wages, equal, 1.0).transform().unit(), 0.0);
    assertEquals(1e-7, TargetFitter.continuous("rate", rates, equal, 1.0).transform().unit(), 0.0);
  }

  /**
   * The largest amount in units stays within float32 (the ONNX graph's type): with most amounts at
   * 1e-25 and the rest at 3e20 the unit is 1e-16 (the power of ten at or above 3e20 / 1e37), not
   * 1e-25, and the cap in units is finite.
   */
  @Test
  void theCapInUnitsStaysWithinFloat() {
    double[] values = new double[100];
    for (int i = 0; i < values.length; i++) {
      values[i] = i < 60 ? 1e-25 : 3e20;
    }
    double[] equal = new double[values.length];
    Arrays.fill(equal, 1.0);

    MagnitudeTransform transform = TargetFitter.continuous("x", values, equal, 1.0).transform();

    assertEquals(1e-16, transform.unit(), 0.0);
    assertTrue(Float.isFinite((float) (transform.clipBound() / transform.unit())));
  }

  @Test
  void forwardAndInverseAreClosedForm() {
    TargetTransform transform = TargetTransform.of(new MagnitudeTransform(2, 1, 100, 2));

    assertEquals(-1.0, transform.forward(E - 1), 1e-12);
    assertEquals(-1.0, transform.forward(-(E - 1)), 1e-12);
    assertEquals(E - 1, transform.inverse(ContinuousTarget.POSITIVE, -1), 1e-12);
    assertEquals(-(E - 1), transform.inverse(ContinuousTarget.NEGATIVE, -1), 1e-12);
    assertEquals(0.0, transform.inverse(ContinuousTarget.ZERO, 5), 0.0);
  }

  @Test
  void inverseClipsToZeroAndTheCap() {
    TargetTransform transform = TargetTransform.of(new MagnitudeTransform(2, 1, 100, 2));

    assertEquals(200.0, transform.inverse(ContinuousTarget.POSITIVE, 50), 0.0);
    assertEquals(-200.0, transform.inverse(ContinuousTarget.NEGATIVE, 50), 0.0);
    assertEquals(0.0, transform.inverse(ContinuousTarget.POSITIVE, -50), 0.0);
  }

  /** Each sign gets the range of its own training magnitudes, atoms left out. */
  @Test
  void fitsTheMagnitudeRangeOfEachSign() {
    double[] values = {0, 0.25, 3, 40, -2, -7, 40, 40, 0, -0.5};
    double[] weights = new double[values.length];
    java.util.Arrays.fill(weights, 1);

    ContinuousTarget target =
        TargetFitter.continuous("savings", values, weights, 1.0, new AtomPolicy(0.1, 3, 4));

    assertEquals(List.of(40.0), target.atoms());
    assertEquals(
        Map.of(
            "negative", new MagnitudeRange(0.5, 7),
            "positive", new MagnitudeRange(0.25, 3)),
        target.transform().signRanges());
    assertEquals(
        Map.of("positive", new MagnitudeRange(2, 9)),
        TargetFitter.continuous("wage", new double[] {0, 2, 9}, new double[] {1, 1, 1}, 1.0)
            .transform()
            .signRanges());
  }

  /**
   * With ranges, a sign state's magnitude stays within that sign's training range (widened by the
   * clip factor): a flow sample below the smallest magnitude gives the smallest, not 0, and a
   * negative amount is capped at the largest negative magnitude, not the largest of both signs.
   */
  @Test
  void inverseHoldsEachSignWithinItsRange() {
    MagnitudeTransform parameters =
        new MagnitudeTransform(
            2,
            1,
            100,
            2,
            Map.of(
                "negative", new MagnitudeRange(0.5, 10),
                "positive", new MagnitudeRange(0.01, 100)));
    TargetTransform transform = TargetTransform.of(parameters);

    assertEquals(0.005, transform.inverse(ContinuousTarget.POSITIVE, -50), 1e-15);
    assertEquals(-0.25, transform.inverse(ContinuousTarget.NEGATIVE, -50), 1e-15);
    assertEquals(-20.0, transform.inverse(ContinuousTarget.NEGATIVE, 50), 0.0);
    assertEquals(200.0, transform.inverse(ContinuousTarget.POSITIVE, 50), 0.0);
    assertEquals(E - 1, transform.inverse(ContinuousTarget.POSITIVE, -1), 1e-12);
    assertEquals(0.0, transform.inverse(ContinuousTarget.ZERO, 50), 0.0);
  }

  @Test
  void roundTripsValuesWithinTheTrainingRange() {
    TargetTransform transform = TargetTransform.of(new MagnitudeTransform(9, 1.3, 1e6, 2));
    Random random = new Random(3);
    for (int i = 0; i < 1000; i++) {
      double value = (random.nextBoolean() ? 1 : -1) * Math.exp(random.nextDouble() * 13);

      double back = transform.inverse(TargetTransform.signState(value), transform.forward(value));

      assertEquals(value, back, 1e-10 * Math.abs(value));
    }
  }

  @Test
  void refusesZeroInForward() {
    TargetTransform transform = TargetTransform.of(new MagnitudeTransform(2, 1, 100, 2));

    assertThrows(IllegalArgumentException.class, () -> transform.forward(0));
  }

  @Test
  void refusesAnAllZeroTargetNamingIt() {
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () -> TargetFitter.continuous("bonus", new double[] {0, 0}, new double[] {1, 1}, 2));

    assertEquals(
        "target 'bonus' is zero in every row: there is nothing to learn; drop it",
        error.getMessage());
  }

  @Test
  void usesUnitSigmaWhenEveryNonzeroMagnitudeIsEqual() {
    ContinuousTarget target =
        TargetFitter.continuous("fee", new double[] {0, 50, 50}, new double[] {1, 1, 1}, 2);

    assertEquals(Math.log1p(50), target.transform().mu(), 1e-12);
    assertEquals(1.0, target.transform().sigma(), 0.0);
  }

  @Test
  void fitsCategoricalTargets() {
    CategoricalTarget categorical =
        TargetFitter.categorical(
            "tenure", new String[] {"social", "owner", "renter"}, new double[] {1, 1, 1});

    assertEquals(List.of("owner", "renter", "social"), categorical.categories());
  }

  @Test
  void givesTheGateStateOfRawValues() {
    ContinuousTarget savings =
        new ContinuousTarget(
            "savings", List.of("negative", "zero", "positive"), new MagnitudeTransform(1, 1, 1, 2));
    CategoricalTarget tenure = new CategoricalTarget("tenure", List.of("owner", "renter"));

    assertEquals(0, GateStates.of(savings, -3.5, "row 0"));
    assertEquals(1, GateStates.of(savings, "0", "row 0"));
    assertEquals(2, GateStates.of(savings, 12L, "row 0"));
    assertEquals(1, GateStates.of(tenure, new org.apache.avro.util.Utf8("renter"), "row 0"));
    EncodingException unknown =
        assertThrows(EncodingException.class, () -> GateStates.of(tenure, "hotel", "row 5"));
    assertEquals(
        "row 5: field 'tenure': unknown category 'hotel' (known: 'owner', 'renter')",
        unknown.getMessage());
    EncodingException cased =
        assertThrows(EncodingException.class, () -> GateStates.of(tenure, "Renter", "row 6"));
    assertEquals(
        "row 6: field 'tenure': unknown category 'Renter' (known: 'owner', 'renter'): 'Renter'"
            + " differs from the model's 'renter' only in letter case",
        cased.getMessage());
  }
}
