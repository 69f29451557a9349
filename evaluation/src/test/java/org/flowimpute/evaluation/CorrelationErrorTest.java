package org.flowimpute.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;
import org.junit.jupiter.api.Test;

class CorrelationErrorTest {

  @Test
  void unweightedMatricesMatchCommonsMath() {
    double[][] data = CorrelatedRows.of(400, 2);

    double[][] pearson = CorrelationError.matrix(data, null, CorrelationError.Kind.PEARSON);
    double[][] spearman = CorrelationError.matrix(data, null, CorrelationError.Kind.SPEARMAN);

    double[][] expectedPearson = new PearsonsCorrelation(data).getCorrelationMatrix().getData();
    double[][] expectedSpearman =
        new SpearmansCorrelation().computeCorrelationMatrix(data).getData();
    for (int a = 0; a < 3; a++) {
      for (int b = 0; b < 3; b++) {
        assertEquals(expectedPearson[a][b], pearson[a][b], 1e-9);
        assertEquals(expectedSpearman[a][b], spearman[a][b], 1e-9);
      }
    }
  }

  @Test
  void integerWeightsEqualRepeatedRows() {
    double[][] data = CorrelatedRows.of(50, 3);
    double[] weights = new double[50];
    double[][] repeated = new double[150][];
    int at = 0;
    for (int i = 0; i < 50; i++) {
      weights[i] = 1 + i % 3;
      for (int copy = 0; copy < weights[i]; copy++) {
        repeated[at++] = data[i];
      }
    }
    double[][] exact = java.util.Arrays.copyOf(repeated, at);

    for (CorrelationError.Kind kind : CorrelationError.Kind.values()) {
      double[][] weighted = CorrelationError.matrix(data, weights, kind);
      double[][] expanded = CorrelationError.matrix(exact, null, kind);
      for (int a = 0; a < 3; a++) {
        for (int b = 0; b < 3; b++) {
          assertEquals(expanded[a][b], weighted[a][b], 1e-9, kind + " " + a + "," + b);
        }
      }
    }
  }

  @Test
  void errorOfAnIndependentCopyIsTheFrobeniusNormOverK() {
    double[][] real = CorrelatedRows.of(2000, 4);
    double[][] independent = new double[2000][];
    SplittableRandom random = new SplittableRandom(9);
    for (int i = 0; i < real.length; i++) {
      independent[i] =
          new double[] {random.nextGaussian(), random.nextGaussian(), random.nextGaussian()};
    }
    double[][] c = CorrelationError.matrix(real, null, CorrelationError.Kind.PEARSON);
    double offDiagonal = 2 * (c[0][1] * c[0][1] + c[0][2] * c[0][2] + c[1][2] * c[1][2]);

    assertEquals(0, CorrelationError.of(real, null, real, null, CorrelationError.Kind.SPEARMAN));
    // independent columns have correlations ~0 (sampling error ~1/sqrt(2000))
    assertEquals(
        Math.sqrt(offDiagonal) / 3,
        CorrelationError.of(real, null, independent, null, CorrelationError.Kind.PEARSON),
        0.03);
  }
}
