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

  @Test
  void distanceIsEuclideanOnStandardizedSignedLogValues() {
    double[][] train = {{0}, {Math.expm1(2)}};
    // signed-log values 0 and 2: standard deviation 1
    double[] d = DistanceToClosestRecord.over(train).distances(new double[][] {{Math.expm1(0.5)}});

    assertEquals(0.5, d[0], 1e-9);
  }
}
