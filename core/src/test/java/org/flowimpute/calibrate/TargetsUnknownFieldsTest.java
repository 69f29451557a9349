package org.flowimpute.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.flowimpute.calibrate.targets.TargetsReader;
import org.junit.jupiter.api.Test;

/**
 * A misspelt field is named before anything it causes, in every place of the file: targets are
 * built before Jackson reports their unknown fields, so {@code cellz:} was reported as "lists no
 * cells" and {@code los: band} as "band bounds need loss: band".
 */
class TargetsUnknownFieldsTest {

  private static String yamlError(String yaml) {
    return assertThrows(IllegalArgumentException.class, () -> TargetsReader.parse(yaml, true))
        .getMessage();
  }

  @Test
  void aMisspeltCellsIsNamedNotItsMissingCells() {
    String message =
        yamlError(
            """
            targets:
              - name: people
                statistic: count
                by: [region]
                cellz:
                  - {group: {region: north}, value: 20}
            """);

    assertTrue(
        message.startsWith("target 'people': unknown field 'cellz' (expected one of [name,"),
        message);
    assertTrue(message.endsWith(" (line 5, at targets[0].cellz)"), message);
  }

  @Test
  void aMisspeltLossIsNamedNotTheBandBoundsItLeavesWithoutABand() {
    assertEquals(
        "target 'share': unknown field 'los' (expected one of [name, statistic, column, category,"
            + " edges, by, class, loss, cells, value, lower, upper, shares, otherGroups]) (line 6, at"
            + " targets[0].los)",
        yamlError(
            """
            targets:
              - name: share
                statistic: share
                column: employment
                category: employed
                los: band
                lower: 0.30
                upper: 0.36
            """));
  }

  @Test
  void aMisspeltStatisticIsNamedNotTheMissingStatistic() {
    String message =
        yamlError(
            """
            targets:
              - name: wages
                statistc: total
                column: wage
                value: 8.0e8
            """);

    assertTrue(message.startsWith("target 'wages': unknown field 'statistc'"), message);
    assertTrue(message.endsWith(" (line 3, at targets[0].statistc)"), message);
  }

  @Test
  void aMisspeltTopLevelFieldIsNamedNotTheMissingTargets() {
    assertEquals(
        "unknown field 'target' (expected one of [classColumn, targets, householdTargets]) (line"
            + " 1, at target)",
        yamlError(
            """
            target:
              - {name: people, statistic: count, value: 20}
            """));
  }

  @Test
  void aMisspeltFieldOfAHouseholdTargetIsNamed() {
    String message =
        yamlError(
            """
            targets:
              - {name: people, statistic: count, value: 20}
            householdTargets:
              - name: households
                statistic: count
                by: [size]
                cellz:
                  - {group: {size: '1'}, value: 5}
            """);

    assertTrue(message.startsWith("household target 'households': unknown field 'cellz'"), message);
    assertTrue(message.endsWith(" (line 7, at householdTargets[0].cellz)"), message);
  }

  @Test
  void aMisspeltFieldOfACellIsNamedBeforeTheCellsOwnError() {
    assertEquals(
        "target 'people': unknown field 'valeu' (expected one of [group, value, lower, upper,"
            + " shares]) (line 6, at targets[0].cells[0].valeu)",
        yamlError(
            """
            targets:
              - name: people
                statistic: count
                by: [region]
                cells:
                  - valeu: 20
                    group: {region: ~}
            """));
  }

  @Test
  void aMisspeltFieldOfALossObjectIsNamedNotTheEqualityLossItLeaves() {
    assertEquals(
        "target 'share': unknown field 'typ' (expected one of [type, scale, weight]) (line 5, at"
            + " targets[0].loss.typ)",
        yamlError(
            """
            targets:
              - name: share
                statistic: share
                column: employment
                loss: {typ: band}
                category: employed
                lower: 0.30
            """));
  }

  @Test
  void anUnknownFieldIsNamedBeforeAnErrorOfAnEarlierTarget() {
    String message =
        yamlError(
            """
            {"targets": [
              {"name": "a", "statistic": "count", "by": ["region"]},
              {"name": "b", "statistic": "count", "valu": 3}
            ]}
            """);

    assertTrue(message.startsWith("target 'b': unknown field 'valu'"), message);
    assertTrue(message.endsWith(" (line 3, at targets[1].valu)"), message);
  }
}
