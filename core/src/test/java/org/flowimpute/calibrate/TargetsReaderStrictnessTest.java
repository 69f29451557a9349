package org.flowimpute.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.flowimpute.calibrate.targets.TargetsReader;
import org.junit.jupiter.api.Test;

/**
 * A targets file says one thing or is refused: duplicate keys were last-wins, a second YAML
 * document and text after the JSON object were ignored, and fields that do not apply to a target's
 * statistic or loss were dropped without a word.
 */
class TargetsReaderStrictnessTest {

  private static String yamlError(String yaml) {
    return assertThrows(IllegalArgumentException.class, () -> TargetsReader.parse(yaml, true))
        .getMessage();
  }

  private static String jsonError(String json) {
    return assertThrows(IllegalArgumentException.class, () -> TargetsReader.parse(json, false))
        .getMessage();
  }

  @Test
  void duplicateKeysAreRefusedNamingTheLine() {
    assertEquals(
        "Duplicate field 'value' (line 5, at targets[0])",
        yamlError(
            """
            targets:
              - name: people
                statistic: count
                value: 10
                value: 20
            """));
    assertEquals(
        "Duplicate field 'targets' (line 3)",
        jsonError(
            """
            {"targets": [{"name": "a", "statistic": "count", "value": 1}],
             "classColumn": "c",
             "targets": [{"name": "b", "statistic": "count", "value": 2}]}
            """));
  }

  /** A grouping column listed twice made constraints named as if it were listed once. */
  @Test
  void aGroupingColumnListedTwiceIsRefusedNamingTheTargetAndColumn() {
    assertEquals(
        "target 'a': by: column 'region' is listed twice, expected each grouping column once (by:"
            + " [region, region]) (at targets[0])",
        yamlError(
            """
            targets:
              - name: a
                statistic: count
                by: [region, region]
                cells:
                  - {group: {region: east}, value: 10}
            """));
  }

  @Test
  void aSecondYamlDocumentIsRefusedNamingItsLine() {
    assertEquals(
        "a second document starts at line 4 (after '---'): a targets file holds one document, so"
            + " list all targets in the first",
        yamlError(
            """
            targets:
              - {name: people, statistic: count, value: 10}
            ---
            targets:
              - {name: more, statistic: count, value: 20}
            """));
  }

  @Test
  void textAfterTheJsonObjectIsRefusedNamingItsLine() {
    String object = "{\"targets\": [{\"name\": \"a\", \"statistic\": \"count\", \"value\": 1}]}";

    assertEquals(
        "text after the end of the JSON object at line 2: a targets file holds one object",
        jsonError(object + "\n{\"targets\": []}"));
    assertEquals(
        "text after the end of the JSON object at line 1: a targets file holds one object",
        jsonError(object + " trailing"));
    assertEquals(1, TargetsReader.parse(object + "\n\n", false).targets().size());
  }

  @Test
  void fieldsThatDoNotApplyToTheStatisticAreRefusedNamingTargetAndField() {
    assertEquals(
        "target 'people': field 'column' does not apply: a count target counts records and reads"
            + " no column (at targets[0])",
        yamlError("targets: [{name: people, statistic: count, column: income, value: 10}]"));
    assertEquals(
        "target 'income': field 'category' does not apply: only a share target has a category,"
            + " this is a total target (at targets[0])",
        yamlError(
            "targets: [{name: income, statistic: total, column: income, category: F, value: 1}]"));
    assertEquals(
        "target 'income': field 'edges' does not apply: only a histogram target has edges, this is"
            + " a total target (at targets[0])",
        yamlError(
            "targets: [{name: income, statistic: total, column: income, edges: [0, 1], value: 1}]"));
    assertEquals(
        "target 'people': cell {region=north}: field 'shares' does not apply: only a histogram"
            + " target has shares; a count target takes a value (at targets[0].cells[0])",
        yamlError(
            """
            targets:
              - name: people
                statistic: count
                by: [region]
                cells: [{group: {region: north}, value: 3, shares: [0.5, 0.5]}]
            """));
  }

  @Test
  void bandBoundsBesideAValueOrWithoutLossBandAreRefused() {
    assertEquals(
        "target 'people': field 'lower' does not apply: band bounds need loss: band (the loss is"
            + " equality) (at targets[0])",
        yamlError("targets: [{name: people, statistic: count, value: 10, lower: 8, upper: 12}]"));
    // without a value this said "cell {} has no value"
    assertEquals(
        "target 'people': field 'upper' does not apply: band bounds need loss: band (the loss is"
            + " least_squares) (at targets[0])",
        yamlError("targets: [{name: people, statistic: count, upper: 12, loss: least_squares}]"));
    assertEquals(
        "target 'people': field 'value' does not apply: a target with loss: band takes lower"
            + " and/or upper, not a value (at targets[0])",
        yamlError("targets: [{name: people, statistic: count, value: 10, lower: 8, loss: band}]"));
  }

  /** Jackson's "Cannot deserialize value of type `java.lang.Double` from String" is reworded. */
  @Test
  void aNumberFieldHoldingTextNamesTargetFieldValueAndLine() {
    assertEquals(
        "target 'people' field 'value': expected a number, got the text 'abc' (line 4, at"
            + " targets[0].value)",
        yamlError(
            """
            targets:
              - name: people
                statistic: count
                value: abc
            """));
    assertEquals(
        "target 'ages' field 'shares' entry 2: expected a number, got the text 'half' (line 1, at"
            + " targets[0].cells[0].shares[1])",
        jsonError(
            "{\"targets\": [{\"name\": \"ages\", \"statistic\": \"histogram\","
                + " \"column\": \"age\", \"edges\": [0, 1, 2],"
                + " \"cells\": [{\"shares\": [0.5, \"half\"]}]}]}"));
  }
}
