package org.flowimpute.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.flowimpute.calibrate.targets.TargetsReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A target of a targets file by columns needs a cell for every group that has records: records of a
 * group without one were left out of the target without a word, and a count or total by region that
 * forgot a region no longer matched the published total.
 */
class UncoveredGroupsTest {

  /** Regions of the 10 records: 3 north, 2 south, 4 east, 1 west. */
  private static final String[] REGIONS = {
    "north", "east", "south", "east", "north", "west", "east", "north", "south", "east"
  };

  /** Ten records of base weight 10: region as {@link #REGIONS}, sex F/M alternating, x = row. */
  private static CalibrationData people() {
    double[] weights = new double[REGIONS.length];
    double[] x = new double[REGIONS.length];
    String[] sex = new String[REGIONS.length];
    String[] label = new String[REGIONS.length];
    for (int row = 0; row < REGIONS.length; row++) {
      weights[row] = 10;
      x[row] = row;
      sex[row] = row % 2 == 0 ? "F" : "M";
      label[row] = REGIONS[row].equals("north") || REGIONS[row].equals("south") ? "1" : "2";
    }
    return CalibrationData.withBaseWeights(weights)
        .categorical("region", REGIONS)
        .categorical("sex", sex)
        .categorical("label", label)
        .numeric("x", x)
        .build();
  }

  private static String buildError(String yaml) {
    return assertThrows(
            IllegalArgumentException.class,
            () ->
                ProblemBuilder.build(
                    TargetsReader.parse(yaml, true), people(), "targets file t.yaml"))
        .getMessage();
  }

  @Test
  void groupsWithRecordsButNoCellAreNamedWithTheirCountsTheFileAndThePlace() {
    String message =
        buildError(
            """
            targets:
              - {name: all, statistic: count, value: 100}
              - name: people
                statistic: count
                by: [region]
                cells:
                  - {group: {region: north}, value: 30}
                  - {group: {region: south}, value: 20}
            """);

    assertEquals(
        "targets file t.yaml: target 'people': 2 groups of by: [region] with records but no cell:"
            + " region 'east' (4 records), region 'west' (1 record); the target would leave those"
            + " records out, unconstrained by it: add a cell for each such group, remove those"
            + " records first, or give the target otherGroups: unconstrained if only its cells'"
            + " groups are meant (at targets[1])",
        message);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{statistic: count, cells: [{group: {region: north}, value: 30}]}",
        "{statistic: total, column: x, cells: [{group: {region: north}, value: 30}]}",
        "{statistic: mean, column: x, cells: [{group: {region: north}, value: 3}]}",
        "{statistic: share, column: sex, category: F, cells: [{group: {region: north}, value:"
            + " 0.5}]}",
        "{statistic: histogram, column: x, edges: [0, 5, 9], cells: [{group: {region: north},"
            + " shares: [0.5, 0.5]}]}"
      })
  void everyStatisticByColumnsNeedsACellForEachGroupWithRecords(String target) {
    String message =
        buildError("targets:\n  - {name: t, by: [region], " + target.substring(1) + "\n");

    assertEquals(
        "targets file t.yaml: target 't': 3 groups of by: [region] with records but no cell:"
            + " region 'east' (4 records), region 'south' (2 records), region 'west' (1 record);"
            + " the target would leave those records out, unconstrained by it: add a cell for"
            + " each such group, remove those records first, or give the target otherGroups:"
            + " unconstrained if only its cells' groups are meant (at targets[0])",
        message);
  }

  @Test
  void aGroupOfTwoColumnsIsNamedByBothLevels() {
    String message =
        buildError(
            """
            targets:
              - name: people
                statistic: count
                by: [region, sex]
                cells:
                  - {group: {region: north, sex: F}, value: 10}
                  - {group: {region: north, sex: M}, value: 10}
                  - {group: {region: south, sex: F}, value: 10}
                  - {group: {region: south, sex: M}, value: 10}
                  - {group: {region: east, sex: M}, value: 10}
                  - {group: {region: west, sex: M}, value: 10}
            """);

    assertEquals(
        "targets file t.yaml: target 'people': a group of by: [region, sex] with records but no"
            + " cell: region 'east' and sex 'F' (1 record); the target would leave those records"
            + " out, unconstrained by it: add a cell for each such group, remove those records"
            + " first, or give the target otherGroups: unconstrained if only its cells' groups are"
            + " meant (at targets[0])",
        message);
  }

  /**
   * A cell whose level no record has is the usual reason for a group without a cell: that cell is
   * refused, saying how its level differs from the data's (until 2026-12-04 the error named the
   * group without a cell and added the cell's level as a note).
   */
  @Test
  void aCellOnALevelNoRecordHasIsNamedWithWhatDiffers() {
    String message =
        buildError(
            """
            targets:
              - name: people
                statistic: count
                by: [region]
                cells:
                  - {group: {region: north}, value: 30}
                  - {group: {region: south}, value: 20}
                  - {group: {region: west}, value: 10}
                  - {group: {region: "east "}, value: 40}
            """);

    assertEquals(
        "targets file t.yaml: target 'people': cell group {region=east } gives region 'east ',"
            + " which no record has (levels of 'region' in the data: 'north', 'east', 'south',"
            + " 'west'): 'east ' differs from the data's 'east' only in spaces around it; write the"
            + " level as the data spell it, or remove the cell if no record is meant to have it (at"
            + " targets[0].cells[3])",
        message);
  }

  /**
   * A cell on a level no record has constrains nothing, so it is refused whatever its value and
   * loss, with otherGroups error or unconstrained: until 2026-12-04 a misspelt level ({@code nrth})
   * with value 0, or with a soft loss, was accepted without a word, and with {@code otherGroups:
   * unconstrained} the constraint meant for {@code north} vanished.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "otherGroups: unconstrained, cells: [{group: {region: nrth}, value: 0}]",
        "otherGroups: unconstrained, cells: [{group: {region: nrth}, value: 30}]",
        "otherGroups: unconstrained, loss: least_squares, cells: [{group: {region: nrth}, value:"
            + " 30}]",
        "otherGroups: error, cells: [{group: {region: nrth}, value: 0}, {group: {region: north},"
            + " value: 30}, {group: {region: south}, value: 20}, {group: {region: east}, value:"
            + " 40}, {group: {region: west}, value: 10}]",
        "otherGroups: error, cells: [{group: {region: north}, value: 30}, {group: {region: nrth},"
            + " value: 30}, {group: {region: south}, value: 20}, {group: {region: east}, value:"
            + " 40}, {group: {region: west}, value: 10}]",
        "otherGroups: error, cells: [{group: {region: nrth}, value: 30}, {group: {region: south},"
            + " value: 20}, {group: {region: east}, value: 40}, {group: {region: west}, value:"
            + " 10}]"
      })
  void aCellOnALevelNoRecordHasIsRefusedWhateverItsValueAndOtherGroups(String fields) {
    String message =
        buildError(
            "targets:\n  - {name: all, statistic: count, value: 100}\n"
                + "  - {name: people, statistic: count, by: [region], "
                + fields
                + "}\n");

    int cell = fields.substring(0, fields.indexOf("nrth")).split("group:", -1).length - 2;
    assertEquals(
        "targets file t.yaml: target 'people': cell group {region=nrth} gives region 'nrth',"
            + " which no record has (levels of 'region' in the data: 'north', 'east', 'south',"
            + " 'west'): write the level as the data spell it, or remove the cell if no record"
            + " is meant to have it (at targets[1].cells["
            + cell
            + "])",
        message);
  }

  /** Each level of a cell that no record has is named, in the order of by. */
  @Test
  void aCellOnTwoLevelsNoRecordHasNamesBoth() {
    String message =
        buildError(
            "targets:\n  - {name: people, statistic: count, by: [region, sex], otherGroups:"
                + " unconstrained, cells: [{group: {region: nrth, sex: X}, value: 0}]}\n");

    assertEquals(
        "targets file t.yaml: target 'people': cell group {region=nrth, sex=X} gives region"
            + " 'nrth', which no record has (levels of 'region' in the data: 'north', 'east',"
            + " 'south', 'west') and sex 'X', which no record has (levels of 'sex' in the data:"
            + " 'F', 'M'): write each level as the data spell it, or remove the cell if no record"
            + " is meant to have them (at targets[0].cells[0])",
        message);
  }

  /**
   * A group whose levels records have, each on its own, but not together (no west woman) is a group
   * of a published table that the sample missed: its cell is kept, and a count of 0 on it is met by
   * any weights.
   */
  @Test
  void aCellWhoseLevelsRecordsHaveButNotTogetherIsKept() {
    CalibrationProblem problem =
        ProblemBuilder.build(
            TargetsReader.parse(
                """
                targets:
                  - name: people
                    statistic: count
                    by: [region, sex]
                    otherGroups: unconstrained
                    cells:
                      - {group: {region: north, sex: F}, value: 20}
                      - {group: {region: west, sex: F}, value: 0}
                """,
                true),
            people(),
            "targets file t.yaml");

    CalibrationResult result = Calibrator.with(SolverOptions.defaults()).calibrate(problem);

    List<ConstraintReport> reports = result.report().constraintReports();
    assertEquals(2, reports.size());
    assertEquals("people[region=west,sex=F]", reports.get(1).name());
    assertEquals("trivial", reports.get(1).status());
  }

  @Test
  void atMostTenGroupsAreListedTheLargestFirst() {
    String[] levels = new String[14];
    double[] weights = new double[14];
    for (int row = 0; row < 14; row++) {
      levels[row] = row < 2 ? "big" : "g" + row;
      weights[row] = 1;
    }
    CalibrationData data =
        CalibrationData.withBaseWeights(weights).categorical("g", levels).build();

    String message =
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    ProblemBuilder.build(
                        TargetsReader.parse(
                            "targets: [{name: a, statistic: count, by: [g], cells:"
                                + " [{group: {g: g2}, value: 1}]}]",
                            true),
                        data,
                        "targets file t.yaml"))
            .getMessage();

    assertTrue(
        message.startsWith(
            "targets file t.yaml: target 'a': 12 groups of by: [g] with records but no cell:"
                + " g 'big' (2 records), g 'g3' (1 record), g 'g4' (1 record),"),
        message);
    assertTrue(message.contains(", g 'g11' (1 record) and 2 more; the target would"), message);
  }

  @Test
  void everyGroupWithACellSolvesToItsCells() {
    CalibrationProblem problem =
        ProblemBuilder.build(
            TargetsReader.parse(
                """
                targets:
                  - name: people
                    statistic: count
                    by: [region]
                    cells:
                      - {group: {region: north}, value: 45}
                      - {group: {region: south}, value: 20}
                      - {group: {region: east}, value: 30}
                      - {group: {region: west}, value: 5}
                """,
                true),
            people(),
            "targets file t.yaml");

    CalibrationResult result = Calibrator.with(SolverOptions.defaults()).calibrate(problem);

    List<ConstraintReport> reports = result.report().constraintReports();
    assertEquals(4, reports.size());
    assertEquals("people[region=north]", reports.get(0).name());
    assertEquals(45.0, reports.get(0).achieved(), 1e-6);
    assertEquals(20.0, reports.get(1).achieved(), 1e-6);
    assertEquals(30.0, reports.get(2).achieved(), 1e-6);
    assertEquals(5.0, reports.get(3).achieved(), 1e-6);
  }

  /**
   * A published figure for one group only (the capital's population) is targeted with {@code
   * otherGroups: unconstrained}: the other groups keep their base weights.
   */
  @Test
  void otherGroupsUnconstrainedTargetsOnlyTheCellsGroups() {
    CalibrationProblem problem =
        ProblemBuilder.build(
            TargetsReader.parse(
                """
                targets:
                  - name: people
                    statistic: count
                    by: [region]
                    otherGroups: unconstrained
                    cells:
                      - {group: {region: north}, value: 45}
                """,
                true),
            people(),
            "targets file t.yaml");

    CalibrationResult result = Calibrator.with(SolverOptions.defaults()).calibrate(problem);

    assertEquals(1, result.report().constraintReports().size());
    assertEquals(45.0, result.report().constraintReports().get(0).achieved(), 1e-6);
    assertEquals(15.0, result.weight(0), 1e-6, "a north record: 45 / 3");
    assertEquals(10.0, result.weight(1), 1e-9, "an east record keeps its base weight");
  }

  @Test
  void otherGroupsTakesErrorOrUnconstrainedAndOnlyWithBy() {
    String misspelt =
        buildError(
            "targets:\n  - {name: people, statistic: count, by: [region], otherGroups: free,"
                + " cells: [{group: {region: north}, value: 30}]}\n");
    String withoutBy =
        buildError(
            "targets:\n  - {name: all, statistic: count, otherGroups: unconstrained, value: 9}\n");
    String error =
        buildError(
            "targets:\n  - {name: people, statistic: count, by: [region], otherGroups: error,"
                + " cells: [{group: {region: north}, value: 30}]}\n");

    assertTrue(
        misspelt.contains(
            "target 'people': field 'otherGroups': expected error or unconstrained, got 'free'"),
        misspelt);
    assertTrue(
        withoutBy.contains(
            "target 'all': field 'otherGroups' does not apply: only a target by columns has"
                + " groups"),
        withoutBy);
    assertTrue(error.contains("3 groups of by: [region] with records but no cell"), error);
  }

  @Test
  void onlyTheRecordsOfATargetsClassNeedACell() {
    CalibrationProblem problem =
        ProblemBuilder.build(
            TargetsReader.parse(
                """
                classColumn: label
                targets:
                  - name: first
                    statistic: count
                    class: "1"
                    by: [region]
                    cells:
                      - {group: {region: north}, value: 30}
                      - {group: {region: south}, value: 20}
                """,
                true),
            people(),
            "targets file t.yaml");

    assertEquals(2, problem.constraints().size());
  }

  /** A household target's cell on a level no household has is refused in households' words. */
  @Test
  void aHouseholdCellOnALevelNoHouseholdHasIsRefused() {
    CalibrationData persons =
        CalibrationData.withBaseWeights(new double[] {2, 2, 3})
            .categorical("region", new String[] {"north", "north", "south"})
            .build();

    String message =
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    HouseholdProblem.build(
                        TargetsReader.parse(
                            "householdTargets: [{name: hh, statistic: count, by: [region],"
                                + " otherGroups: unconstrained, cells: [{group: {region: nrth},"
                                + " value: 0}]}]",
                            true),
                        persons,
                        List.of("h1", "h1", "h2"),
                        "targets file h.yaml"))
            .getMessage();

    assertEquals(
        "targets file h.yaml: household target 'hh': cell group {region=nrth} gives region 'nrth',"
            + " which no household has (levels of 'region' in the data: 'north', 'south'): write"
            + " the level as the data spell it, or remove the cell if no household is meant to"
            + " have it (at householdTargets[0].cells[0])",
        message);
  }

  /**
   * Targets that are not a file's against all its records (Avro targets, a stream window's share)
   * may name a level no record of these records has: a window need not hold every region.
   */
  @Test
  void targetsBuiltWithoutASourceAcceptALevelNoRecordHas() {
    CalibrationProblem problem =
        ProblemBuilder.build(
            TargetsReader.parse(
                "targets: [{name: island, statistic: count, by: [region], cells:"
                    + " [{group: {region: island}, value: 0}]}]",
                true),
            people());

    assertEquals(1, problem.constraints().size());
  }

  @Test
  void aHouseholdTargetNamesHouseholdsAndItsPlaceInHouseholdTargets() {
    CalibrationData persons =
        CalibrationData.withBaseWeights(new double[] {2, 2, 3, 4})
            .categorical("region", new String[] {"north", "north", "east", "south"})
            .build();

    String message =
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    HouseholdProblem.build(
                        TargetsReader.parse(
                            "householdTargets: [{name: hh, statistic: count, by: [region],"
                                + " cells: [{group: {region: north}, value: 5}]}]",
                            true),
                        persons,
                        List.of("h1", "h1", "h2", "h3"),
                        "targets file h.yaml"))
            .getMessage();

    assertEquals(
        "targets file h.yaml: household target 'hh': 2 groups of by: [region] with households but"
            + " no cell:"
            + " region 'east' (1 household), region 'south' (1 household); the target would leave"
            + " those households out, unconstrained by it: add a cell for each such group,"
            + " remove those households first, or give the target otherGroups: unconstrained if"
            + " only its cells' groups are meant (at householdTargets[0])",
        message);
  }

  /**
   * Targets that are not a file's cells (Avro targets, each one cell whose group restricts it to
   * some records) still constrain only their own group.
   */
  @Test
  void targetsBuiltWithoutASourceStillLeaveOtherGroupsOut() {
    CalibrationProblem problem =
        ProblemBuilder.build(
            TargetsReader.parse(
                "targets: [{name: north, statistic: count, by: [region], cells:"
                    + " [{group: {region: north}, value: 30}]}]",
                true),
            people());

    assertEquals(1, problem.constraints().size());
  }
}
