package org.flowimpute.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;
import org.junit.jupiter.api.Test;

class NewtonSystemTest {

  /**
   * A well-conditioned Newton matrix of 400 constraints (unit diagonal, every other entry 0.5: its
   * eigenvalues are 0.5 and 200.5) is taken as positive definite, so the dense step is a Cholesky
   * solve. EJML's quality(), the test used before, is 1e-59 for it (below 1e-14 from K = 100 on),
   * so every dense step of more than about a hundred constraints went to the SVD pseudo-inverse.
   */
  @Test
  void aWellConditionedLargeMatrixIsFactorisedNotPseudoInverted() {
    LinearSolverDense<DMatrixRMaj> solver = factorised(400, 0.5);

    assertTrue(solver.quality() < 1e-14, "EJML's quality " + solver.quality());
    assertEquals(0.5, NewtonSystem.smallestDensePivot(solver), 0.01);
    assertTrue(NewtonSystem.smallestDensePivot(solver) >= NewtonSystem.MIN_PIVOT);
  }

  /**
   * Above a size EJML factorises in blocks (a factor of another matrix class, which the check read
   * as a row-major one and failed with a ClassCastException at 1,000 constraints).
   */
  @Test
  void aMatrixFactorisedInBlocksIsCheckedToo() {
    LinearSolverDense<DMatrixRMaj> solver = factorised(1000, 0.5);

    assertEquals(0.5, NewtonSystem.smallestDensePivot(solver), 0.01);
  }

  /**
   * A matrix that is singular to rounding (two constraints equal but for the last digits), which
   * the factorisation gets through, is not.
   */
  @Test
  void aMatrixSingularToRoundingIsNotTakenAsPositiveDefinite() {
    LinearSolverDense<DMatrixRMaj> solver = factorised(2, 1.0 - 1e-14);

    assertTrue(NewtonSystem.smallestDensePivot(solver) < NewtonSystem.MIN_PIVOT);
  }

  private static LinearSolverDense<DMatrixRMaj> factorised(int k, double offDiagonal) {
    DMatrixRMaj matrix = new DMatrixRMaj(k, k);
    for (int r = 0; r < k; r++) {
      for (int c = 0; c < k; c++) {
        matrix.set(r, c, r == c ? 1.0 : offDiagonal);
      }
    }
    LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.symmPosDef(k);
    assertTrue(solver.setA(matrix), "factorised");
    return solver;
  }
}
