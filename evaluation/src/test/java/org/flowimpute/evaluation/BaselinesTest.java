package org.flowimpute.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BaselinesTest {

  /** Donors: cell "a" has values 1..10, cell "b" has 101..110. */
  private static TargetTable donors() {
    double[][] values = new double[20][1];
    String[] cells = new String[20];
    for (int i = 0; i < 20; i++) {
      values[i][0] = i < 10 ? i + 1 : i + 91;
      cells[i] = i < 10 ? "a" : "b";
    }
    return new TargetTable(List.of("x"), values, null, Map.of("cell", cells));
  }

  private static TargetTable recipients(String... cells) {
    return new TargetTable(List.of("x"), new double[cells.length][1], null, Map.of("cell", cells));
  }

  @Test
  void hotDeckDrawsOnlyFromTheRecipientsCellAndFallsBackToAllDonors() {
    Baselines baselines = Baselines.from(donors(), List.of("cell"));
    TargetTable recipients = recipients("a", "b", "c");

    double[][][] draws = baselines.hotDeckDraws(recipients, 200, 1);

    boolean sawA = false;
    boolean sawB = false;
    for (double[][] draw : draws) {
      assertTrue(draw[0][0] >= 1 && draw[0][0] <= 10, "cell a got " + draw[0][0]);
      assertTrue(draw[1][0] >= 101, "cell b got " + draw[1][0]);
      sawA |= draw[2][0] <= 10;
      sawB |= draw[2][0] >= 101;
    }
    assertTrue(sawA && sawB, "cell c (no donors) draws from all donors");
  }

  @Test
  void unconditionalDrawsFollowTheDonorMarginal() {
    Baselines baselines = Baselines.from(donors(), List.of("cell"));
    String[] cells = new String[4000];
    java.util.Arrays.fill(cells, "a");

    TargetTable draw = baselines.unconditional(recipients(cells), 7);

    double shareFromB =
        java.util.Arrays.stream(draw.column(0)).filter(v -> v > 100).count() / 4000.0;
    assertEquals(0.5, shareFromB, 0.03);
    assertEquals(draw.column(0)[0], baselines.unconditional(recipients(cells), 7).column(0)[0], 0);
  }

  /**
   * Donors 0..3 of one cell weighted 1..4, donors 4 and 5 of another weighted 1 and 9 (each cell
   * totals 10, the table 20): both baselines draw each donor in proportion to its weight (overall
   * and within the cell).
   */
  @Test
  void weightedDonorsAreDrawnInProportionToTheirWeight() {
    double[][] values = {{0}, {1}, {2}, {3}, {4}, {5}};
    String[] cells = {"a", "a", "a", "a", "b", "b"};
    double[] weights = {1, 2, 3, 4, 1, 9};
    Baselines baselines =
        Baselines.from(
            new TargetTable(List.of("x"), values, weights, Map.of("cell", cells)), List.of("cell"));
    TargetTable recipients = recipients("a", "b");
    int draws = 40_000;

    double[][][] unconditional = baselines.unconditionalDraws(recipients, draws, 3);
    double[][][] hotDeck = baselines.hotDeckDraws(recipients, draws, 4);

    double[] overall = new double[6];
    double[] inCell = new double[6];
    for (int d = 0; d < draws; d++) {
      overall[(int) unconditional[d][0][0]] += 1.0 / draws;
      inCell[(int) hotDeck[d][0][0]] += 1.0 / draws;
      inCell[(int) hotDeck[d][1][0]] += 1.0 / draws;
    }
    for (int donor = 0; donor < 6; donor++) {
      assertEquals(weights[donor] / 20, overall[donor], 0.01, "overall share of donor " + donor);
      assertEquals(
          weights[donor] / 10, inCell[donor], 0.01, "share of donor " + donor + " in its cell");
    }
    assertEquals(
        unconditional[5][0][0], baselines.unconditionalDraws(recipients, draws, 3)[5][0][0], 0);
  }

  /**
   * The sampling-noise floor of a weighted table against itself (weights 10 and 1 by region, the
   * regions' values far apart) is near zero: an unweighted draw of the donors gave KS 0.37.
   */
  @Test
  void theWeightedFloorOfATableAgainstItselfIsNearZero() {
    SplittableRandom random = new SplittableRandom(11);
    int rows = 4000;
    double[][] values = new double[rows][1];
    double[] weights = new double[rows];
    String[] regions = new String[rows];
    for (int r = 0; r < rows; r++) {
      boolean a = r % 2 == 0;
      regions[r] = a ? "a" : "b";
      values[r][0] = Math.exp((a ? 0 : 3) + random.nextGaussian());
      weights[r] = a ? 10 : 1;
    }
    TargetTable table = new TargetTable(List.of("x"), values, weights, Map.of("region", regions));
    Baselines baselines = Baselines.from(table, List.of("region"));

    TargetTable floor = baselines.unconditional(table, 5);

    double ks = FidelityMetrics.ks(table.column(0), weights, floor.column(0), weights);
    assertTrue(ks < 0.04, "weighted KS of the floor: " + ks);
  }
}
