package org.flowimpute.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
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
}
