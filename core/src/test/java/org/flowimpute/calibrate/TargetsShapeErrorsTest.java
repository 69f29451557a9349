package org.flowimpute.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.flowimpute.calibrate.targets.TargetsReader;
import org.junit.jupiter.api.Test;

/**
 * A value of the wrong shape in a targets file is named in plain words, what was expected and what
 * was found, with line and path: Jackson's "Cannot construct instance of `java.util.ArrayList` ...
 * from String value" reached the user as it was.
 */
class TargetsShapeErrorsTest {

  private static String yamlError(String yaml) {
    String message =
        assertThrows(IllegalArgumentException.class, () -> TargetsReader.parse(yaml, true))
            .getMessage();
    for (String jackson : new String[] {"java.", "`", "JsonToken", "Cannot ", "org.flowimpute"}) {
      assertFalse(message.contains(jackson), message);
    }
    return message;
  }

  @Test
  void byGivenOneColumnInsteadOfAListSaysAListOfColumnNames() {
    assertEquals(
        "target 'n' field 'by': expected a list of column names, got the text 'region' (line 2,"
            + " at targets[0].by)",
        yamlError(
            """
            targets:
              - {name: n, statistic: count, by: region, cells: [{group: {region: north}, value: 5}]}
            """));
  }

  @Test
  void aCellGivenAsTextSaysWhatACellHolds() {
    assertEquals(
        "target 'n' field 'cells' entry 1: expected a cell (a mapping with group, value, lower,"
            + " upper, shares), got the text 'x' (line 2, at targets[0].cells[0])",
        yamlError("targets:\n  - {name: n, statistic: count, by: [region], cells: [ \"x\" ]}\n"));
    assertEquals(
        "target 'n' field 'cells': expected a list of cells (each a mapping with group, value,"
            + " lower, upper, shares), got a mapping (line 2, at targets[0].cells)",
        yamlError(
            "targets:\n"
                + "  - {name: n, statistic: count, by: [region],"
                + " cells: {group: {region: north}, value: 5}}\n"));
  }

  @Test
  void edgesGivenOneNumberSaysAListOfNumbers() {
    assertEquals(
        "target 'h' field 'edges': expected a list of numbers, got the number 5 (line 2, at"
            + " targets[0].edges)",
        yamlError(
            "targets:\n"
                + "  - {name: h, statistic: histogram, column: age, edges: 5, shares: [1]}\n"));
  }

  @Test
  void targetsThatAreNotAListOfTargetsSayWhatATargetIs() {
    String mapping =
        "a mapping with name, statistic, column, category, edges, by, class, loss, cells, value,"
            + " lower, upper, shares, otherGroups";
    assertEquals(
        "field 'targets': expected a list of targets (each "
            + mapping
            + "), got the text 'foo' (line 1, at targets)",
        yamlError("targets: foo\n"));
    assertEquals(
        "target 2: expected a target (" + mapping + "), got the number 5 (line 3, at targets[1])",
        yamlError("targets:\n  - {name: n, statistic: count, value: 5}\n  - 5\n"));
    assertEquals(
        "expected a mapping with classColumn, targets, householdTargets, got a list (line 1)",
        yamlError("- {name: n, statistic: count, value: 5}\n"));
  }

  @Test
  void aNumberFieldGivenAListSaysANumber() {
    assertEquals(
        "target 'n' field 'value': expected a number, got a list (line 2, at targets[0].value)",
        yamlError("targets:\n  - {name: n, statistic: count, value: [1, 2]}\n"));
    assertEquals(
        "target 'n' field 'scale': expected a number, got the text 'x' (line 2, at"
            + " targets[0].loss.scale)",
        yamlError(
            "targets:\n  - {name: n, statistic: count, value: 5, loss: {type: kl, scale: x}}\n"));
  }

  @Test
  void aGroupGivenAListSaysAMappingOfColumnsToLevels() {
    assertEquals(
        "target 'n' field 'group': expected a mapping of column names to levels, got a list (line"
            + " 2, at targets[0].cells[0].group)",
        yamlError(
            "targets:\n"
                + "  - {name: n, statistic: count, by: [region],"
                + " cells: [{group: [north], value: 5}]}\n"));
    assertEquals(
        "target 'n' field 'group' key 'region': expected a level, got a list (line 2, at"
            + " targets[0].cells[0].group.region)",
        yamlError(
            "targets:\n"
                + "  - {name: n, statistic: count, by: [region],"
                + " cells: [{group: {region: [north]}, value: 5}]}\n"));
  }

  @Test
  void textFieldsEnumsAndLossesSayWhatTheyTake() {
    assertEquals(
        "target 'n' field 'statistic': expected one of count, total, mean, share, histogram, got a"
            + " list (line 2, at targets[0].statistic)",
        yamlError("targets:\n  - {name: n, statistic: [count], value: 5}\n"));
    assertEquals(
        "target 'n' field 'loss': expected a loss (a text or a mapping with type, scale, weight),"
            + " got the number 5 (line 2, at targets[0].loss)",
        yamlError("targets:\n  - {name: n, statistic: count, value: 5, loss: 5}\n"));
    assertEquals(
        "target 'n' field 'by' entry 1: expected a column name, got a list (line 2, at"
            + " targets[0].by[0])",
        yamlError(
            "targets:\n"
                + "  - {name: n, statistic: count, by: [[region]],"
                + " cells: [{group: {region: north}, value: 5}]}\n"));
    assertEquals(
        "field 'classColumn': expected a column name, got a list (line 1, at classColumn)",
        yamlError("classColumn: [a]\ntargets:\n  - {name: n, statistic: count, value: 5}\n"));
    assertEquals(
        "household target 1 field 'name': expected a name, got a mapping (line 2, at"
            + " householdTargets[0].name)",
        yamlError("householdTargets:\n  - {name: {a: 1}, statistic: count, value: 5}\n"));
  }

  /**
   * A target of householdTargets is named "household target 'homes'" in every error of the file's
   * reading, so that a file with person and household targets says which is meant (until 2026-12-04
   * a named household target read "target 'homes'", like a person target).
   */
  @Test
  void aHouseholdTargetIsNamedAsOne() {
    assertEquals(
        "household target 'homes' field 'value': expected a number, got the text 'abc' (line 2, at"
            + " householdTargets[0].value)",
        yamlError("householdTargets:\n  - {name: homes, statistic: count, value: abc}\n"));
    assertEquals(
        "household target 'homes': statistic is missing (at householdTargets[0])",
        yamlError("householdTargets:\n  - {name: homes, value: 5}\n"));
    assertEquals(
        "household target 'homes': cells: entry 1 is empty, expected a cell with a group and a"
            + " value (at householdTargets[0])",
        yamlError(
            "householdTargets:\n  - {name: homes, statistic: count, by: [region], cells: [~]}\n"));
    assertEquals(
        "household target 'homes' has a class but the file sets no classColumn",
        yamlError("householdTargets:\n  - {name: homes, statistic: count, class: a, value: 5}\n"));
    assertEquals(
        "target 'people': statistic is missing (at targets[0])",
        yamlError(
            "targets:\n  - {name: people, value: 5}\n"
                + "householdTargets:\n  - {name: homes, statistic: count, value: 5}\n"));
  }
}
