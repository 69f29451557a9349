package org.flowimpute.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * The solver's K×K curvature sums must fit in the heap whatever the number of cores: each worker
 * holds up to {@link EmmSolver#CURVATURE_MATRICES_PER_WORKER}, so one worker per core ran out of
 * memory on 4 cores and more where the memory check, written for 2 workers, had admitted the
 * problem.
 */
class CurvatureMemoryTest {

  private static final long HEAP = Runtime.getRuntime().maxMemory();

  @Test
  void smallProblemsGetEveryThread() {
    assertEquals(64, EmmSolver.workers(100, 64));
  }

  @Test
  void largeProblemsGetTheWorkersWhoseSumsFit() {
    int thirdOfTheHeapPerWorker =
        (int) Math.sqrt(HEAP / 3.0 / Double.BYTES / EmmSolver.CURVATURE_MATRICES_PER_WORKER);

    assertEquals(2, EmmSolver.workers(thirdOfTheHeapPerWorker, 64));
    assertEquals(1, EmmSolver.workers(thirdOfTheHeapPerWorker, 1));
  }

  @Test
  void aProblemWhoseSumsDoNotFitOneWorkerIsRefused() {
    int tooLarge =
        (int)
            Math.sqrt(
                1.1
                    * HEAP
                    / Double.BYTES
                    / (EmmSolver.CURVATURE_MATRICES_PER_WORKER
                        + EmmSolver.STEP_CURVATURE_MATRICES));

    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class, () -> EmmSolver.requireCurvatureMemory(tooLarge));

    assertEquals(
        "the targets make " + tooLarge + " constraints: the solver needs about",
        error.getMessage().substring(0, error.getMessage().indexOf(" about") + 6));
  }

  /** In long arithmetic K² x 8 bytes overflowed above about a billion constraints: admitted. */
  @Test
  void theLargestKIsRefused() {
    assertThrows(
        IllegalArgumentException.class, () -> EmmSolver.requireCurvatureMemory(Integer.MAX_VALUE));
  }
}
