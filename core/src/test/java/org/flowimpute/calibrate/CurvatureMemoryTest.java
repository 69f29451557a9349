package org.flowimpute.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The solver's curvature sums must fit in the heap whatever the number of cores: each worker holds
 * up to {@link CurvatureMemory#SUMS_PER_WORKER}, so one worker per core ran out of memory on 4
 * cores and more where the memory check, written for 2 workers, had admitted the problem. Since the
 * sums are held over the pattern of FᵀF, what they need follows its entries, not K².
 */
class CurvatureMemoryTest {

  private static final long HEAP = Runtime.getRuntime().maxMemory();

  @Test
  void smallProblemsGetEveryThread() {
    assertEquals(64, CurvatureMemory.leastFor(100).workers(64));
  }

  @Test
  void largeProblemsGetTheWorkersWhoseSumsFit() {
    int thirdOfTheHeapPerWorker =
        (int) (HEAP / 3.0 / Double.BYTES / CurvatureMemory.SUMS_PER_WORKER);

    assertEquals(2, CurvatureMemory.leastFor(thirdOfTheHeapPerWorker).workers(64));
    assertEquals(1, CurvatureMemory.leastFor(thirdOfTheHeapPerWorker).workers(1));
  }

  @Test
  void aProblemWhoseSumsDoNotFitOneWorkerIsRefused() {
    int tooLarge = (int) (1.1 * HEAP / CurvatureMemory.leastFor(1).bytesWithOneWorker());

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

  /**
   * 20,000 cells of one grouping share no record: the sums hold their diagonal, not 20,000², which
   * needed 30 GiB and was refused with any default heap.
   */
  @Test
  void disjointCellsNeedMemoryForTheirDiagonalOnly() {
    int cells = 20_000;
    ConstraintMatrix.Builder builder = ConstraintMatrix.builder(cells);
    for (int cell = 0; cell < cells; cell++) {
      builder.addSparseColumn(new int[] {cell}, new double[] {1.0}, 1);
    }
    CurvaturePattern pattern = CurvaturePattern.of(builder.build());
    CurvatureMemory memory =
        CurvatureMemory.of(pattern, new NewtonSystem(pattern, NewtonSystem.Method.AUTOMATIC));

    assertEquals(cells, pattern.entries());
    assertTrue(memory.bytesWithOneWorker() < 10.0 * 1024 * 1024, "" + memory.bytesWithOneWorker());
    memory.require();
  }
}
