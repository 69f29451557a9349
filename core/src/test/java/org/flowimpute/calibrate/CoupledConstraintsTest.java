package org.flowimpute.calibrate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The blocks of constraints that share records, in which a failed solve searches for a Farkas
 * certificate, and the null space of a block's Gram matrix it projects the candidates onto.
 */
class CoupledConstraintsTest {

  /**
   * Five records: column 0 counts records 0 and 1, column 1 record 2, column 2 record 1 (shared
   * with column 0), column 3 none; records 3 and 4 are in no column.
   */
  @Test
  void constraintsSharingARecordFormOneBlock() {
    ConstraintMatrix.Builder features = ConstraintMatrix.builder(5);
    features.addColumn(new double[] {1, 1, 0, 0, 0});
    features.addColumn(new double[] {0, 0, 1, 0, 0});
    features.addColumn(new double[] {0, 2, 0, 0, 0});
    features.addColumn(new double[] {0, 0, 0, 0, 0});

    CoupledConstraints blocks = CoupledConstraints.of(features.build());

    assertEquals(3, blocks.count());
    assertArrayEquals(new int[] {0, 2}, blocks.columns(0));
    assertArrayEquals(new int[] {0, 1}, blocks.records(0));
    assertArrayEquals(new int[] {1}, blocks.columns(1));
    assertArrayEquals(new int[] {2}, blocks.records(1));
    assertArrayEquals(new int[] {3}, blocks.columns(2));
    assertArrayEquals(new int[] {}, blocks.records(2));
    assertArrayEquals(new int[] {1, 2, 0}, blocks.smallestFirst(), "one constraint before two");
  }

  /**
   * Four records of base weight 1 counted in two cells and in total: total − first − second is 0
   * for every record, the one direction of the null space. η along it is kept whole; the first
   * cell's multiplier alone keeps a quarter of it (in the coordinates scaled by the curvature 2, 2,
   * 4). Without the total nothing is kept.
   */
  @Test
  void theNullSpaceHoldsTheDirectionsNoRecordMoves() {
    ConstraintMatrix.Builder features = ConstraintMatrix.builder(4);
    features.addColumn(new double[] {1, 1, 0, 0});
    features.addColumn(new double[] {0, 0, 1, 1});
    features.addColumn(new double[] {1, 1, 1, 1});
    ConstraintMatrix matrix = features.build();
    double[] curvature = {2, 2, 4};
    int[] records = {0, 1, 2, 3};

    GramNullSpace withTotal =
        GramNullSpace.of(
            matrix, new int[] {0, 1, 2}, new int[] {0, 1, 2}, records, row -> true, curvature);
    GramNullSpace cellsOnly =
        GramNullSpace.of(
            matrix.selectColumns(new int[] {0, 1}),
            new int[] {0, 1},
            new int[] {0, 1},
            records,
            row -> true,
            curvature);

    assertArrayEquals(
        new double[] {1, 1, -1}, withTotal.projectedScaled(new double[] {1, 1, -1}), 1e-12);
    assertArrayEquals(
        new double[] {0.25, 0.25, -0.25}, withTotal.projectedScaled(new double[] {1, 0, 0}), 1e-12);
    assertArrayEquals(new double[] {0, 0}, cellsOnly.projectedScaled(new double[] {1, 0}), 1e-12);
  }
}
