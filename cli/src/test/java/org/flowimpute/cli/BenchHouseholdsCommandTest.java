package org.flowimpute.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.flowimpute.demo.HouseholdDemoModel;
import org.flowimpute.demo.HouseholdRole;
import org.flowimpute.training.bench.HouseholdFidelity;
import org.junit.jupiter.api.Test;

/** What {@code bench households} prints of a model's check and of the two models' comparison. */
class BenchHouseholdsCommandTest {

  /**
   * With 200 test households every cell was skipped, and the bench printed "worst P(>0) gap 0.0000
   * (tolerance 0.02: met)" and "0 training households give SE <= 0.02 / 3.34".
   */
  @Test
  void aModelWithNoCellOfEnoughRowsIsReportedAsCheckedOnNothing() {
    String printed = print(new HouseholdFidelity.Result(List.of(), 0, 0, 7.9, 300, 200));

    assertEquals(
        List.of(
            "household-aware model, trained in 7.9 s:",
            "  no cell had enough rows (0 checked; a cell needs at least 100 test persons and 2"
                + " positive imputed values): nothing was compared with the tolerances; raise"
                + " --test-households"),
        printed.lines().toList());
    assertFalse(printed.contains("met"), printed);
  }

  @Test
  void theCheckedCellsAreCountedAndAMissIsNotMet() {
    HouseholdFidelity.Cell cell =
        new HouseholdFidelity.Cell(
            HouseholdRole.HEAD,
            3,
            HouseholdDemoModel.BENEFIT,
            500,
            0.76,
            0.71,
            1000,
            1000,
            0.72,
            4000,
            0.01);

    String printed = print(new HouseholdFidelity.Result(List.of(cell), 0.05, 0.0, 7.9, 300, 200));

    assertTrue(
        printed.contains(
            "  1 cells checked: worst P(>0) gap 0.0500 (tolerance 0.02: NOT met), worst relative"
                + " E[x|x>0] gap 0.0000 (tolerance 0.05: met)"),
        printed);
  }

  /** 0.5576 against 0.5173 was printed as "(0.9x smaller)". */
  @Test
  void theComparisonSaysWhichModelsGapIsSmaller() {
    assertEquals(
        "worst P(>0) gap: household-aware 0.5576 vs person-level 0.5173 (household-aware 1.1x"
            + " larger)",
        BenchHouseholdsCommand.compareWorstShareGaps(0.5576, 0.5173));
    assertEquals(
        "worst P(>0) gap: household-aware 0.0275 vs person-level 0.3570 (household-aware 13.0x"
            + " smaller)",
        BenchHouseholdsCommand.compareWorstShareGaps(0.0275, 0.357));
    assertEquals(
        "worst P(>0) gap: household-aware 0.0100 vs person-level 0.0100 (equal)",
        BenchHouseholdsCommand.compareWorstShareGaps(0.01, 0.01));
    assertEquals(
        "worst P(>0) gap: household-aware 0.0000 vs person-level 0.3570 (the household-aware"
            + " model has none)",
        BenchHouseholdsCommand.compareWorstShareGaps(0, 0.357));
  }

  private static String print(HouseholdFidelity.Result result) {
    StringWriter text = new StringWriter();
    try (PrintWriter out = new PrintWriter(text)) {
      BenchHouseholdsCommand.print(out, "household-aware model", result);
    }
    return text.toString();
  }
}
