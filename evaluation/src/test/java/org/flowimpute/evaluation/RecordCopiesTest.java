package org.flowimpute.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RecordCopiesTest {

  /**
   * Records of a survey-like law: a demographic cell (common cells and a long tail of rare ones)
   * and two amounts, each zero half the time: persons with both amounts zero coincide exactly, in a
   * rare cell they are sample uniques that new real records equal by chance.
   */
  private static double[][] people(int n, SplittableRandom random) {
    double[][] out = new double[n][];
    for (int i = 0; i < n; i++) {
      double cell = Math.floor(Math.exp(random.nextDouble(0, 8)));
      double wage = random.nextBoolean() ? 0 : Math.exp(10 + random.nextGaussian());
      double savings =
          random.nextBoolean()
              ? 0
              : (random.nextBoolean() ? -1 : 1) * Math.exp(7 + random.nextGaussian());
      out[i] = new double[] {cell, wage, savings};
    }
    return out;
  }

  private static RecordCopies.Result copies(
      double[][] train, double[][] synthetic, double[][] holdout) {
    return DistanceToClosestRecord.over(train).compare(synthetic, holdout).copies();
  }

  @Test
  void countsAreExactOnATinyCase() {
    double[][] train = {{0, 0}, {0, 0}, {100, 5}, {200, 7}, {300, 9}, {400, 11}};
    // rows 2 and 3 copied (row 2 twice); {0, 0} is in the training rows twice: not unique
    double[][] synthetic = {{100, 5}, {0, 0}, {200, 7}, {100, 5}, {50, 3}};
    double[][] holdout = {{300, 9}, {0, 0}, {60, 4}};

    RecordCopies.Result result = copies(train, synthetic, holdout);

    assertEquals(5, result.syntheticRecords());
    assertEquals(3, result.holdoutRecords());
    assertEquals(3, result.syntheticCopies());
    assertEquals(2, result.syntheticCopiedRows());
    assertEquals(2, result.syntheticMostCopies());
    assertEquals(2, result.mostCopiedRow());
    assertEquals(1, result.holdoutCopies());
    assertEquals(1, result.holdoutCopiedRows());
    assertEquals(1, result.holdoutMostCopies());
    // P(Binomial(4, 5/8) >= 3) = 4 (5/8)^3 (3/8) + (5/8)^4
    assertEquals(4 * Math.pow(0.625, 3) * 0.375 + Math.pow(0.625, 4), result.copyRateP(), 1e-12);
    // the one held-out record at a distance above 0, {60, 4}, sets the near-copy distance; {50, 3}
    // is farther from {100, 5}
    assertEquals(1 / 3.0, result.nearShareHoldout(), 1e-12);
    assertEquals(0, result.nearShareSynthetic(), 1e-12);
    assertEquals(1, result.nearP(), 1e-12);
    // 6 training rows, 5 synthetic records: no number of copies of one row is beyond chance
    assertEquals(6, result.repeatThreshold());
    assertFalse(result.flagged());
    assertEquals("", result.warning(row -> "row " + row));
  }

  @Test
  void freshDrawsFromTheSameLawAreNotFlagged() {
    int syntheticCopies = 0;
    int holdoutCopies = 0;
    for (int seed = 1; seed <= 6; seed++) {
      SplittableRandom random = new SplittableRandom(seed);

      RecordCopies.Result result =
          copies(people(8000, random), people(10000, random), people(2000, random));

      assertFalse(result.flagged(), "seed " + seed + ": " + result.summary());
      syntheticCopies += result.syntheticCopies();
      holdoutCopies += result.holdoutCopies();
    }
    // the law makes chance copies on both sides: the tests are not passed for want of any
    assertTrue(syntheticCopies > 20 && holdoutCopies > 5, syntheticCopies + " " + holdoutCopies);
  }

  @Test
  void oneRealRecordCopiedManyTimesIsFlaggedAndNamed() {
    SplittableRandom random = new SplittableRandom(7);
    double[][] train = people(8000, random);
    double[][] holdout = people(2000, random);
    List<double[]> synthetic = new ArrayList<>(Arrays.asList(people(10000, random)));
    int copied = firstUnique(train, 5);
    int threshold = RecordCopies.repeatThreshold(train.length, synthetic.size());
    for (int i = 0; i < threshold; i++) {
      synthetic.set(100 + 7 * i, train[copied].clone());
    }
    for (int other = 0; other < 3; other++) {
      synthetic.set(5000 + other, train[firstUnique(train, 1000 + other)].clone());
    }

    RecordCopies.Result result = copies(train, synthetic.toArray(double[][]::new), holdout);

    assertTrue(result.flagged(), result.summary());
    assertEquals(copied, result.mostCopiedRow());
    assertEquals(threshold, result.syntheticMostCopies());
    assertTrue(result.syntheticCopiedRows() >= 4, result.summary());
    String warning = result.warning(row -> "real.csv row " + (row + 1));
    assertTrue(
        warning.contains(
            "most copies of one real record: " + threshold + ", of real.csv row " + (copied + 1)),
        warning);
    assertTrue(warning.contains(threshold + " or more flag it"), warning);
  }

  @Test
  void manyRealRecordsCopiedOnceEachAreFlaggedByTheRate() {
    SplittableRandom random = new SplittableRandom(8);
    double[][] train = people(8000, random);
    double[][] holdout = people(2000, random);
    double[][] synthetic = people(10000, random);
    // this law copies unique rows by chance in about 2.6 % of the held-out records: 200 copies
    // (2 % of the synthetic records) stand out, 60 did not (p = 0.09)
    for (int i = 0; i < 200; i++) {
      synthetic[40 * i] = train[firstUnique(train, 35 * i)].clone();
    }

    RecordCopies.Result result = copies(train, synthetic, holdout);

    assertTrue(result.flagged(), result.summary());
    assertTrue(result.copyRateP() < RecordCopies.ALPHA, result.summary());
    assertTrue(result.syntheticMostCopies() < result.repeatThreshold(), result.summary());
    assertTrue(result.warning(row -> "row " + row).contains(", below 0.001)"));
  }

  /** The first training row from {@code from} on that no other training row equals. */
  private static int firstUnique(double[][] train, int from) {
    for (int r = from; ; r++) {
      int row = r;
      if (Arrays.stream(train).filter(other -> Arrays.equals(other, train[row])).count() == 1) {
        return row;
      }
    }
  }

  @Test
  void repeatThresholdOfTheDemoSizes() {
    // 10,000 synthetic records against 23,904 real ones (synthesize --real on the demo population)
    assertEquals(13, RecordCopies.repeatThreshold(23904, 10000));
    assertEquals(40, RecordCopies.repeatThreshold(23904, 50000));
  }

  @Test
  void poissonTailAgreesWithTheDistributionWhereItDoesNotUnderflow() {
    org.apache.commons.math3.distribution.PoissonDistribution poisson =
        new org.apache.commons.math3.distribution.PoissonDistribution(3.5);
    for (int k = 1; k < 12; k++) {
      assertEquals(
          Math.log(1 - poisson.cumulativeProbability(k - 1)),
          RecordCopies.logPoissonTail(k, 3.5),
          1e-8,
          "k = " + k);
    }
  }
}
