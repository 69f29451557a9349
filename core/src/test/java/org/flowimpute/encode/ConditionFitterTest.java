package org.flowimpute.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.flowimpute.bundle.CategoricalCondition;
import org.flowimpute.bundle.NumericCondition;
import org.flowimpute.bundle.UnknownCategoryPolicy;
import org.junit.jupiter.api.Test;

class ConditionFitterTest {

  @Test
  void fitsTheWeightedMeanAndPopulationSd() {
    // Weights (1, 1, 2) on (1, 2, 4) equal the unweighted rows (1, 2, 4, 4):
    // mean = 11 / 4 = 2.75, variance = (1.75² + 0.75² + 2 · 1.25²) / 4 = 6.75 / 4 = 1.6875.
    NumericCondition fitted =
        ConditionFitter.numeric("x", new double[] {1, 2, 4}, new double[] {1, 1, 2});

    assertEquals(2.75, fitted.mean(), 1e-15);
    assertEquals(Math.sqrt(1.6875), fitted.sd(), 1e-15);
  }

  @Test
  void storesTheSmallestAndLargestTrainingValue() {
    NumericCondition fitted =
        ConditionFitter.numeric("age", new double[] {40, 16, 90, 33}, new double[] {1, 3, 0.5, 2});

    assertEquals(List.of(16.0, 90.0), fitted.trainingRange());
  }

  @Test
  void refusesAConstantNumericCondition() {
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () -> ConditionFitter.numeric("x", new double[] {5, 5, 5}, new double[] {1, 2, 3}));

    assertEquals(
        "condition 'x' is constant (every row is 5.0): it carries no information; drop it from the"
            + " conditions",
        error.getMessage());
  }

  /**
   * Exactly equal values are "constant" whatever the weights: rounding in the weighted mean had
   * made 300 rows of 40 "nearly constant (sd 2.84e-14 ... mean 40.00000000000003)".
   */
  @Test
  void equalValuesUnderUnequalWeightsAreConstant() {
    double[] values = new double[300];
    double[] weights = new double[300];
    java.util.SplittableRandom random = new java.util.SplittableRandom(1);
    for (int i = 0; i < 300; i++) {
      values[i] = 40;
      weights[i] = 300 + 1000 * random.nextDouble();
    }

    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class, () -> ConditionFitter.numeric("age", values, weights));

    assertEquals(
        "condition 'age' is constant (every row is 40.0): it carries no information; drop it from"
            + " the conditions",
        error.getMessage());
  }

  /** One row in 1,000 at 5.000001 among 5.0: constant but for one value (sd 3.2e-8). */
  @Test
  void refusesANearlyConstantNumericCondition() {
    double[] values = new double[1000];
    double[] weights = new double[1000];
    java.util.Arrays.fill(values, 5.0);
    java.util.Arrays.fill(weights, 1.0);
    values[0] = 5.000001;

    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class, () -> ConditionFitter.numeric("x", values, weights));

    assertTrue(
        error
            .getMessage()
            .startsWith(
                "condition 'x' is nearly constant (sd 3.16e-08 is 6.3e-09 of its mean 5.000000001,"
                    + " below 1e-07)"),
        error.getMessage());
    values[0] = 5.01;
    assertEquals(5.00001, ConditionFitter.numeric("x", values, weights).mean(), 1e-12);
  }

  @Test
  void refusesInvalidWeightsAndValuesNamingTheRow() {
    IllegalArgumentException weight =
        assertThrows(
            IllegalArgumentException.class,
            () -> ConditionFitter.numeric("x", new double[] {1, 2}, new double[] {1, 0}));
    IllegalArgumentException value =
        assertThrows(
            IllegalArgumentException.class,
            () -> ConditionFitter.numeric("x", new double[] {1, Double.NaN}, new double[] {1, 1}));

    assertEquals(
        "condition 'x' row 2: weight must be finite and > 0, got 0.0", weight.getMessage());
    assertEquals("condition 'x' row 2: value must be finite, got NaN", value.getMessage());
  }

  @Test
  void sortsIntegerCategoriesNumericallyAndOthersByText() {
    double[] weights = {1, 1, 1, 1};

    CategoricalCondition codes =
        ConditionFitter.categorical(
            "region", new String[] {"10", "2", "1", "2"}, weights, UnknownCategoryPolicy.ERROR);
    CategoricalCondition names =
        ConditionFitter.categorical(
            "tenure",
            new String[] {"renter", "owner", "social", "owner"},
            weights,
            UnknownCategoryPolicy.OTHER);

    assertEquals(List.of("1", "2", "10"), codes.categories());
    assertEquals(List.of("owner", "renter", "social"), names.categories());
    assertEquals(
        List.of("tenure=owner", "tenure=renter", "tenure=social", "tenure=<other>"),
        names.encodedColumns());
  }

  /** The reserved level as a category names its column (it did not). */
  @Test
  void theReservedOtherLevelAsACategoryNamesTheColumn() {
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ConditionFitter.categorical(
                    "tenure",
                    new String[] {"owner", "<other>"},
                    new double[] {1, 1},
                    UnknownCategoryPolicy.ERROR));

    assertEquals("condition 'tenure': '<other>' is reserved, not a category", error.getMessage());
  }

  @Test
  void storesWeightedCategorySharesUnderPolicyOther() {
    String[] values = {"b", "a", "b", "c"};
    double[] weights = {1, 2, 3, 4};

    CategoricalCondition other =
        ConditionFitter.categorical("x", values, weights, UnknownCategoryPolicy.OTHER);
    CategoricalCondition error =
        ConditionFitter.categorical("x", values, weights, UnknownCategoryPolicy.ERROR);

    assertEquals(List.of("a", "b", "c"), other.categories());
    assertEquals(List.of(0.2, 0.4, 0.4), other.categoryShares());
    assertTrue(other.encodesUnknownAsShares());
    assertEquals(List.of(), error.categoryShares());
  }

  @Test
  void refusesASingleCategory() {
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ConditionFitter.categorical(
                    "x",
                    new String[] {"a", "a"},
                    new double[] {1, 1},
                    UnknownCategoryPolicy.ERROR));

    assertEquals(
        "condition 'x' has a single category (a): it carries no information; drop it from the"
            + " conditions",
        error.getMessage());
  }
}
