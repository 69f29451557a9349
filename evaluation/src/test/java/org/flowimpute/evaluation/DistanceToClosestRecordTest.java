package org.flowimpute.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DistanceToClosestRecordTest {

  private static double[][] rows(int n, SplittableRandom random) {
    double[][] out = new double[n][2];
    for (int i = 0; i < n; i++) {
      out[i][0] = Math.exp(8 + random.nextGaussian());
      out[i][1] = (random.nextBoolean() ? -1 : 1) * Math.exp(4 + random.nextGaussian());
    }
    return out;
  }

  @Test
  void copiesOfTrainingRowsHaveRatioZero() {
    SplittableRandom random = new SplittableRandom(31);
    double[][] train = rows(500, random);
    double[][] copies = new double[200][];
    for (int i = 0; i < copies.length; i++) {
      copies[i] = train[random.nextInt(train.length)].clone();
    }

    DistanceToClosestRecord.Result result =
        DistanceToClosestRecord.over(train).compare(copies, rows(200, random));

    assertEquals(0, result.ratio(), 1e-12);
    assertEquals(1, result.exactMatchShareSynthetic(), 1e-12);
    assertEquals(0, result.exactMatchShareHoldout(), 1e-12);
  }

  @Test
  void freshDrawsFromTheSameLawAreAsFarAsTheHoldout() {
    SplittableRandom random = new SplittableRandom(32);
    DistanceToClosestRecord dcr = DistanceToClosestRecord.over(rows(2000, random));

    DistanceToClosestRecord.Result result = dcr.compare(rows(1000, random), rows(1000, random));

    assertEquals(1, result.ratio(), 0.15);
  }

  /**
   * A column all of whose training values are equal keeps the unit scale: its variance, from a
   * rounded mean, came out about 1e-30 rather than 0, and a scale of 1e-15 made the distance of a
   * record with another value about 1e13 (synthesize --real with the rows of one region).
   */
  @Test
  void aConstantColumnKeepsTheUnitScale() {
    double[][] train = new double[300][];
    for (int r = 0; r < train.length; r++) {
      train[r] = new double[] {0.1, r};
    }
    DistanceToClosestRecord dcr = DistanceToClosestRecord.over(train);

    double[] distances = dcr.distances(new double[][] {{Math.expm1(SignedLog.of(0.1) + 2), 10}});

    assertEquals(2.0, distances[0], 1e-9);
  }

  @Test
  void distanceIsEuclideanOnStandardizedSignedLogValues() {
    double[][] train = {{0}, {Math.expm1(2)}};
    // signed-log values 0 and 2: standard deviation 1
    double[] d = DistanceToClosestRecord.over(train).distances(new double[][] {{Math.expm1(0.5)}});

    assertEquals(0.5, d[0], 1e-9);
  }
}
