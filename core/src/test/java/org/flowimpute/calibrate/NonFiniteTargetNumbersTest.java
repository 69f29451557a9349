package org.flowimpute.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.flowimpute.avro.CalibrationTarget;
import org.flowimpute.avro.CalibrationTargets;
import org.flowimpute.avro.Statistic;
import org.flowimpute.calibrate.targets.AvroTargets;
import org.flowimpute.calibrate.targets.TargetsReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A number of a targets file written as infinite or not a number (YAML's .inf, -.inf, .nan; NaN,
 * Infinity) is refused naming the file, the target, the field and entry, what was written, its line
 * and path: YAML's forms failed as "Malformed numeric value '.inf' (line 4)" and JSON's as a parser
 * feature to enable, naming neither the target nor the field.
 */
class NonFiniteTargetNumbersTest {

  @TempDir Path dir;

  private String readError(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return assertThrows(IllegalArgumentException.class, () -> TargetsReader.read(file))
        .getMessage();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        ".inf",
        "-.inf",
        "+.inf",
        ".Inf",
        ".INF",
        ".nan",
        ".NaN",
        ".NAN",
        "NaN",
        "Infinity",
        "-Infinity",
        "INF",
        "-INF"
      })
  void aYamlValueThatIsNotFiniteNamesTheFileTargetFieldAndSpelling(String spelling)
      throws IOException {
    String message =
        readError(
            "t.yaml",
            "targets:\n  - name: people\n    statistic: count\n    value: " + spelling + "\n");

    assertEquals(
        "targets file "
            + dir.resolve("t.yaml")
            + ": target 'people' field 'value': expected a finite number, got "
            + spelling
            + " (line 4, at targets[0].value)",
        message);
  }

  @Test
  void everyNumberFieldIsCheckedAndNamedWithItsCellOrEntry() throws IOException {
    String cell =
        readError(
            "t.yaml",
            """
            targets:
              - name: people
                statistic: count
                by: [region]
                cells:
                  - {group: {region: north}, value: 30}
                  - {group: {region: south}, value: .inf}
            """);
    String band =
        readError(
            "t.yaml",
            """
            householdTargets:
              - {name: homes, statistic: count, loss: band, lower: 1}
              - {statistic: count, loss: band, upper: -.inf, name: flats}
            """);
    String shares =
        readError(
            "t.yaml",
            """
            targets:
              - name: ages
                statistic: histogram
                column: age
                edges: [0, 18, 120]
                by: [sex]
                cells: [{group: {sex: F}, shares: [0.5, .nan]}]
            """);
    String edges =
        readError(
            "t.yaml",
            "targets:\n  - {statistic: histogram, column: age, edges: [0, 18, .inf],"
                + " shares: [0.5, 0.5]}\n");
    String loss =
        readError(
            "t.yaml",
            "targets:\n  - {name: inc, statistic: total, column: income, value: 5,"
                + " loss: {type: least_squares, scale: .nan}}\n");

    String file = "targets file " + dir.resolve("t.yaml") + ": ";
    assertEquals(
        file
            + "target 'people' field 'value': expected a finite number, got .inf (line 7, at"
            + " targets[0].cells[1].value)",
        cell);
    assertEquals(
        file
            + "household target 'flats' field 'upper': expected a finite number, got -.inf (line"
            + " 3, at"
            + " householdTargets[1].upper)",
        band);
    assertEquals(
        file
            + "target 'ages' field 'shares' entry 2: expected a finite number, got .nan (line 7,"
            + " at targets[0].cells[0].shares[1])",
        shares);
    assertEquals(
        file
            + "target 1 field 'edges' entry 3: expected a finite number, got .inf (line 2, at"
            + " targets[0].edges[2])",
        edges);
    assertEquals(
        file
            + "target 'inc' field 'scale': expected a finite number, got .nan (line 2, at"
            + " targets[0].loss.scale)",
        loss);
  }

  @Test
  void jsonNaNAndInfinityTokensAreNamedLikeYamls() throws IOException {
    String nan =
        readError(
            "t.json",
            "{\"targets\": [{\"name\": \"people\", \"statistic\": \"count\", \"value\": NaN}]}");
    String infinity =
        readError(
            "t.json",
            "{\"targets\": [{\"name\": \"people\", \"statistic\": \"count\",\n"
                + " \"value\": \"-Infinity\"}]}");

    String file = "targets file " + dir.resolve("t.json") + ": ";
    assertEquals(
        file
            + "target 'people' field 'value': expected a finite number, got NaN (line 1, at"
            + " targets[0].value)",
        nan);
    assertEquals(
        file
            + "target 'people' field 'value': expected a finite number, got -Infinity (line 2, at"
            + " targets[0].value)",
        infinity);
  }

  /** Such spellings stay what they are elsewhere: a name or a level may be "NaN". */
  @Test
  void aNameOrLevelSpelledLikeAnInfinityIsKept() {
    var file =
        TargetsReader.parse(
            "targets: [{name: NaN, statistic: count, by: [region], cells: [{group: {region: INF},"
                + " value: 3}]}]",
            true);

    assertEquals("NaN", file.targets().get(0).name());
    assertEquals(Map.of("region", "INF"), file.targets().get(0).cells().get(0).group());
  }

  @Test
  void anAvroTargetThatIsNotFiniteIsNamedWithItsFieldAndPlace() {
    CalibrationTargets published =
        CalibrationTargets.newBuilder()
            .setVersion("v1")
            .setPublishedAt(Instant.EPOCH)
            .setTargets(
                List.of(
                    CalibrationTarget.newBuilder()
                        .setName("people")
                        .setStatistic(Statistic.COUNT)
                        .setValue(Double.NaN)
                        .build()))
            .build();

    String message =
        assertThrows(IllegalArgumentException.class, () -> AvroTargets.toTargetsFile(published))
            .getMessage();

    assertEquals(
        "target 'people': field 'value': expected a finite number, 0 or of magnitude in [1.0E-30,"
            + " 1.0E30] (the solver's safe range), got NaN (at targets[0])",
        message);
  }
}
