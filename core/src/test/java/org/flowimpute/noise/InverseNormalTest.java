package org.flowimpute.noise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

class InverseNormalTest {
  private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(0, 1);

  @Test
  void invertsTheNormalCdfInAllThreeBranches() {
    double[] probabilities = {
      1e-300, 1e-20, 0x1.0p-53, 1e-12, 1e-11, 1e-6, 0.01, 0.07, 0.075, 0.08, 0.2, 0.5, 0.7, 0.925,
      0.93, 0.999, 1 - 1e-9
    };
    for (double p : probabilities) {
      double z = InverseNormal.quantile(p);

      double roundTrip = STANDARD_NORMAL.cumulativeProbability(z);

      assertEquals(p, roundTrip, 1e-9 * Math.min(p, 1 - p), () -> "p=" + p + " z=" + z);
    }
  }

  @Test
  void matchesKnownQuantiles() {
    assertEquals(0.0, InverseNormal.quantile(0.5), 0.0);
    assertEquals(1.959963984540054, InverseNormal.quantile(0.975), 1e-15);
    assertEquals(-2.3263478740408408, InverseNormal.quantile(0.01), 1e-15);
  }

  @Test
  void isAntisymmetric() {
    for (double p = 0.001; p < 0.5; p += 0.0137) {
      assertEquals(-InverseNormal.quantile(p), InverseNormal.quantile(1 - p), 1e-12);
    }
  }

  @Test
  void refusesProbabilitiesOutsideTheOpenInterval() {
    assertThrows(IllegalArgumentException.class, () -> InverseNormal.quantile(0.0));
    assertThrows(IllegalArgumentException.class, () -> InverseNormal.quantile(1.0));
    assertThrows(IllegalArgumentException.class, () -> InverseNormal.quantile(Double.NaN));
  }
}
