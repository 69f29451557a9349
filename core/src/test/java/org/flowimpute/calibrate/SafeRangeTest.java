package org.flowimpute.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.flowimpute.calibrate.targets.TargetsFile;
import org.flowimpute.calibrate.targets.TargetsReader;
import org.junit.jupiter.api.Test;

/**
 * Numbers outside the solver's safe range are refused before solving, and sums that overflow are
 * reported as such: a weight of 1e308 was "converged" with a NaN effective sample size, a total
 * over values of 1e200 was "inconsistent" naming no target, a count of 1e-320 "cannot be reached".
 */
class SafeRangeTest {

  @Test
  void sumsThatOverflowAtTheBaseWeightsAreRefusedNamingTheConstraint() {
    double[] q = {1, 2, 3, 4};
    ConstraintMatrix features =
        ConstraintMatrix.fromCsr(
            4,
            2,
            new int[] {0, 2, 4, 6, 8},
            new int[] {0, 1, 0, 1, 0, 1, 0, 1},
            new double[] {1e200, 1, 1e200, 1, 1e200, 1, 1e200, 1});
    CalibrationProblem problem =
        CalibrationProblem.of(
            q,
            features,
            List.of(
                Constraint.of("income", "total(income)", Loss.equality(), 1e201),
                Constraint.of("people", "count", Loss.equality(), 11)));

    CalibrationException error =
        assertThrows(
            CalibrationException.class,
            () -> Calibrator.with(SolverOptions.defaults()).calibrate(problem));

    assertFalse(error instanceof InfeasibleTargetsException, error.getMessage());
    assertEquals(
        "cannot calibrate: the sums over the records overflow at the base weights (the curvature"
            + " Σ q F Fᵀ overflows); keep base weights, the values the targets read and the targets"
            + " within the solver's safe range (magnitude at most 1.0E30, see"
            + " docs/calibration.md)",
        error.getMessage());
  }

  @Test
  void targetsOutsideTheSafeRangeAreRefusedNamingTheTargetAndField() {
    IllegalArgumentException tiny =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                TargetsReader.parse(
                    "targets:\n  - {name: people, statistic: count, value: 1e-320}\n", true));
    IllegalArgumentException huge =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                TargetsReader.parse(
                    """
                    targets:
                      - name: people
                        statistic: count
                        by: [region]
                        cells:
                          - {group: {region: north}, lower: 10}
                          - {group: {region: south}, lower: 1, upper: 1e400}
                        loss: band
                    """,
                    true));
    TargetsFile zero =
        TargetsReader.parse("targets:\n  - {name: none, statistic: count, value: 0}\n", true);

    assertEquals(
        "target 'people': field 'value': expected a finite number, 0 or of magnitude in"
            + " [1.0E-30, 1.0E30] (the solver's safe range), got 1.0E-320 (at targets[0])",
        tiny.getMessage());
    assertTrue(
        huge.getMessage()
            .startsWith(
                "target 'people': cell {region=south}: field 'upper': expected a finite number"),
        huge.getMessage());
    assertTrue(huge.getMessage().contains("got Infinity"), huge.getMessage());
    assertEquals(0.0, zero.targets().get(0).cells().get(0).value());
  }

  /**
   * A total over values just inside the safe range, with a target far below them, is named as
   * beyond the solver's precision (it said "cannot be reached: weights … give values in (0.0,
   * Infinity)", which contains the target).
   */
  @Test
  void aTargetTooCloseToTheEndOfItsRangeSaysSo() {
    CalibrationData data =
        CalibrationData.withBaseWeights(new double[] {1, 2, 3, 4})
            .numeric("income", new double[] {1e29, 200, 300, 400})
            .build();
    TargetsFile targets =
        TargetsReader.parse(
            "targets:\n  - {name: inc, statistic: total, column: income, value: 1000}\n", true);

    InfeasibleTargetsException error =
        assertThrows(
            InfeasibleTargetsException.class,
            () ->
                Calibrator.with(SolverOptions.defaults())
                    .calibrate(ProblemBuilder.build(targets, data)));

    assertEquals(
        "target 'inc' (total(income)) = 1000.0 lies within 1.0E-12 of the lowest value weights in"
            + " [0.0·q, Infinity·q] approach (0.0), relative to the size of its statistic at the"
            + " base weights (Σ q|F| = 1.0E29): it cannot be met to the solver's precision; check"
            + " the target's units against the data's",
        error.getMessage());
  }
}
