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

/**
 * Target values that no weighting can give (a negative count, a share outside [0, 1], a band whose
 * lower end lies above its upper end) are refused naming the targets file, the target and its
 * place, down to the cell: a negative count reached the solver, which named neither the file nor
 * the place, and a cell's share was placed at its target only.
 */
class ImpossibleTargetValuesTest {

  @TempDir Path dir;

  private String readError(String yaml) throws IOException {
    Path file = dir.resolve("t.yaml");
    Files.writeString(file, yaml);
    return assertThrows(IllegalArgumentException.class, () -> TargetsReader.read(file))
        .getMessage();
  }

  private String file() {
    return "targets file " + dir.resolve("t.yaml") + ": ";
  }

  @Test
  void aNegativeCountIsRefusedWithTheFileTheTargetAndTheCell() throws IOException {
    String single =
        readError(
            "targets:\n  - {name: all, statistic: count, value: 5}\n"
                + "  - {name: people, statistic: count, value: -5}\n");
    String cell =
        readError(
            """
            targets:
              - name: people
                statistic: count
                by: [region]
                cells:
                  - {group: {region: north}, value: 30}
                  - {group: {region: south}, value: -5}
            """);
    String band =
        readError(
            "householdTargets:\n  - {name: homes, statistic: count, loss: band, upper: -2}\n");

    assertEquals(
        file()
            + "target 'people': field 'value': a count must be 0 or more, got -5.0 (at"
            + " targets[1])",
        single);
    assertEquals(
        file()
            + "target 'people': cell {region=south}: field 'value': a count must be 0 or more,"
            + " got -5.0 (at targets[0].cells[1])",
        cell);
    assertEquals(
        file()
            + "household target 'homes': field 'upper': a count must be 0 or more, got -2.0 (at"
            + " householdTargets[0])",
        band);
  }

  @Test
  void aShareOutsideZeroToOneIsPlacedAtItsCell() throws IOException {
    String share =
        readError(
            """
            targets:
              - name: women
                statistic: share
                column: sex
                category: F
                by: [region]
                cells:
                  - {group: {region: north}, value: 0.5}
                  - {group: {region: south}, value: 1.5}
            """);
    String histogram =
        readError(
            """
            targets:
              - name: ages
                statistic: histogram
                column: age
                edges: [0, 18, 120]
                by: [region]
                cells:
                  - {group: {region: north}, shares: [0.2, 0.8]}
                  - {group: {region: south}, shares: [1.2, -0.2]}
            """);

    assertEquals(
        file()
            + "target 'women': cell {region=south}: field 'value': a share must be in [0, 1], got"
            + " 1.5 (at targets[0].cells[1])",
        share);
    assertEquals(
        file()
            + "target 'ages': cell {region=south}: field 'shares': a share must be in [0, 1], got"
            + " 1.2 (entry 1) (at targets[0].cells[1])",
        histogram);
  }

  @Test
  void aBandWhoseLowerEndLiesAboveItsUpperEndNamesTheFileAndTheCell() {
    CalibrationData data =
        CalibrationData.withBaseWeights(new double[] {1, 1, 1})
            .categorical("region", new String[] {"north", "south", "south"})
            .numeric("age", new double[] {30, 40, 50})
            .build();

    String count =
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    ProblemBuilder.build(
                        TargetsReader.parse(
                            """
                            targets:
                              - name: people
                                statistic: count
                                loss: band
                                by: [region]
                                cells:
                                  - {group: {region: north}, lower: 1, upper: 3}
                                  - {group: {region: south}, lower: 10, upper: 5}
                            """,
                            true),
                        data,
                        "targets file t.yaml"))
            .getMessage();
    String mean =
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    ProblemBuilder.build(
                        TargetsReader.parse(
                            "targets: [{name: age, statistic: mean, column: age, loss: band,"
                                + " lower: 45, upper: 35}]",
                            true),
                        data,
                        "targets file t.yaml"))
            .getMessage();

    assertEquals(
        "targets file t.yaml: target 'people': band needs lower <= upper, got [10.0, 5.0] (at"
            + " targets[0].cells[1])",
        count);
    assertEquals(
        "targets file t.yaml: target 'age': band needs lower <= upper, got [45.0, 35.0] (at"
            + " targets[0])",
        mean);
  }

  @Test
  void aNegativeAvroCountIsNamedWithItsPlaceInTheList() {
    CalibrationTargets published =
        CalibrationTargets.newBuilder()
            .setVersion("v1")
            .setPublishedAt(Instant.EPOCH)
            .setTargets(
                List.of(
                    CalibrationTarget.newBuilder()
                        .setName("north")
                        .setStatistic(Statistic.COUNT)
                        .setGroup(Map.of("region", "north"))
                        .setValue(30)
                        .build(),
                    CalibrationTarget.newBuilder()
                        .setName("south")
                        .setStatistic(Statistic.COUNT)
                        .setGroup(Map.of("region", "south"))
                        .setValue(-5)
                        .build()))
            .build();

    String message =
        assertThrows(IllegalArgumentException.class, () -> AvroTargets.toTargetsFile(published))
            .getMessage();

    assertEquals(
        "target 'south': cell {region=south}: field 'value': a count must be 0 or more, got -5.0"
            + " (at targets[1])",
        message);
  }

  /** A loss that cannot be names its target too: it named only the place. */
  @Test
  void aLossScaleOrWeightThatIsNotPositiveNamesItsTarget() throws IOException {
    String scale =
        readError(
            "targets:\n  - {name: people, statistic: count, value: 9,"
                + " loss: {type: least_squares, scale: -1}}\n");
    String weight =
        readError(
            "householdTargets:\n  - {name: homes, statistic: count, value: 9,"
                + " loss: {type: kl, weight: 0}}\n");

    assertEquals(
        file() + "target 'people': loss scale must be positive, got -1.0 (at targets[0].loss)",
        scale);
    assertEquals(
        file()
            + "household target 'homes': loss weight must be positive, got 0.0 (at"
            + " householdTargets[0].loss)",
        weight);
  }
}
