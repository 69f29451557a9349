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
}
