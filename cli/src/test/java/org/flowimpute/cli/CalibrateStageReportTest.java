package org.flowimpute.cli;

import static org.flowimpute.cli.CommandRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code calibrate} with weight bounds and soft targets at a small λ, whose continuation in λ runs
 * out of --max-iterations at a stage before the requested λ: it writes the report of the stage's
 * last iterate, as any solve that does not converge does (it wrote none).
 */
class CalibrateStageReportTest {

  private static final String[] REGIONS = {"a", "b", "c", "d", "e", "f"};

  @TempDir Path directory;

  private Path data;
  private final double[] regionBase = new double[REGIONS.length];

  /**
   * 2,000 people in six regions, 51 % women, ages 16–90, base weights in [500, 2000): the data of
   * the solver's own test of targets far out of reach of weights in [0.5·q, 2·q]
   * (BoundedSoftTargetsTest), where the direct attempt gives up and the continuation starts.
   */
  @BeforeEach
  void writeData() throws IOException {
    Random random = new Random(1);
    StringBuilder csv = new StringBuilder("id,region,sex,age,w\n");
    for (int i = 0; i < 2_000; i++) {
      double w = 500 + 1500 * random.nextDouble();
      int region = random.nextInt(REGIONS.length);
      String sex = random.nextDouble() < 0.51 ? "female" : "male";
      int age = 16 + random.nextInt(75);
      regionBase[region] += w;
      csv.append(
          String.format(Locale.ROOT, "%d,%s,%s,%d,%.17g%n", i + 1, REGIONS[region], sex, age, w));
    }
    data = directory.resolve("people.csv");
    Files.writeString(data, csv);
  }

  /**
   * A share of women of 0.6 overall but 0.45 in every region, a mean age of 95 for women and 40 for
   * men, and counts by region 1 % above the base, all with {@code loss} ("equality" or
   * "least_squares").
   */
  private Path targets(String loss) throws IOException {
    StringBuilder yaml = new StringBuilder("targets:\n");
    yaml.append("  - {name: fem, statistic: share, column: sex, category: female, value: 0.6,")
        .append(" loss: ")
        .append(loss)
        .append("}\n");
    yaml.append("  - name: fem_reg\n    statistic: share\n    column: sex\n");
    yaml.append("    category: female\n    by: [region]\n    loss: ").append(loss);
    yaml.append("\n    cells:\n");
    for (String region : REGIONS) {
      yaml.append("      - {group: {region: ").append(region).append("}, value: 0.45}\n");
    }
    yaml.append("  - name: mage\n    statistic: mean\n    column: age\n    by: [sex]\n");
    yaml.append("    loss: ").append(loss).append("\n    cells:\n");
    yaml.append("      - {group: {sex: female}, value: 95}\n");
    yaml.append("      - {group: {sex: male}, value: 40}\n");
    yaml.append("  - name: people\n    statistic: count\n    by: [region]\n    loss: ");
    yaml.append(loss).append("\n    cells:\n");
    for (int r = 0; r < REGIONS.length; r++) {
      yaml.append(
          String.format(
              Locale.ROOT,
              "      - {group: {region: %s}, value: %.6f}%n",
              REGIONS[r],
              1.01 * regionBase[r]));
    }
    Path file = directory.resolve(loss + ".yaml");
    Files.writeString(file, yaml);
    return file;
  }

  private CommandRun calibrate(Path targets, Path output, String... extraOptions) {
    return run(
        List.of(
            "calibrate",
            "--data",
            data.toString(),
            "--weight",
            "w",
            "--targets",
            targets.toString(),
            "--out",
            output.toString(),
            "--bounds",
            "0.5,2"),
        extraOptions);
  }

  @Test
  void aContinuationStoppedAtAStageWritesTheReportOfItsLastIterate() throws IOException {
    Path targets = targets("least_squares");
    Path output = directory.resolve("never.csv");
    Path report = directory.resolve("stage.json");

    CommandRun withReport =
        calibrate(
            targets,
            output,
            "--lambda",
            "1e-4",
            "--max-iterations",
            "4",
            "--report",
            report.toString());
    CommandRun without = calibrate(targets, output, "--lambda", "1e-4", "--max-iterations", "4");

    assertEquals(ExitCodes.FAILURE, withReport.exitCode(), withReport.err());
    String error = withReport.err().strip();
    assertTrue(
        error.startsWith(
            "error: calibration did not converge after 4 Newton steps at the continuation's"
                + " stage λ = 1.00 on the way to λ = 0.000100"),
        error);
    assertTrue(error.contains("a larger --max-iterations"), error);
    assertTrue(
        error.endsWith(
            "; wrote the report of the last iterate (marked not converged) to "
                + report
                + ", and no --out"),
        error);
    JsonNode solve = new ObjectMapper().readTree(report.toFile()).at("/solve");
    assertFalse(solve.at("/converged").asBoolean(true), solve.toString());
    assertEquals(1.0, solve.at("/stoppedAtStageLambda").asDouble(), solve.toString());
    assertEquals(1e-4, solve.at("/lambda").asDouble(), solve.toString());
    assertEquals(4, solve.at("/iterations").asInt());
    assertFalse(solve.at("/softened").asBoolean(true));
    assertReportsTheStagesWeights(solve);
    assertEquals(ExitCodes.FAILURE, without.exitCode(), without.err());
    assertTrue(
        without
            .err()
            .strip()
            .endsWith(
                " (--report FILE writes the report of the last iterate, constraint by"
                    + " constraint)"),
        without.err());
    assertFalse(Files.exists(output));
  }

  @Test
  void aSoftenedSolveStoppedAtAStageWritesItsReportMarkedSoftened() throws IOException {
    Path output = directory.resolve("never.csv");
    Path report = directory.resolve("softened.json");

    CommandRun result =
        calibrate(
            targets("equality"),
            output,
            "--on-infeasible",
            "soften",
            "--soften-lambda",
            "1e-4",
            "--max-iterations",
            "6",
            "--report",
            report.toString());

    assertEquals(ExitCodes.FAILURE, result.exitCode(), result.err());
    String error = result.err().strip();
    assertTrue(
        error.startsWith("error: the softened targets could not be solved (softened ")
            && error.contains("at the continuation's stage λ = ")
            && error.contains("a larger --max-iterations")
            && error.endsWith(
                "; wrote the report of the last iterate (marked not converged) to "
                    + report
                    + ", and no --out"),
        error);
    JsonNode solve = new ObjectMapper().readTree(report.toFile()).at("/solve");
    assertFalse(solve.at("/converged").asBoolean(true), solve.toString());
    assertTrue(solve.at("/stoppedAtStageLambda").asDouble() > 1e-4, solve.toString());
    assertEquals(1e-4, solve.at("/lambda").asDouble(), solve.toString());
    assertTrue(solve.at("/softened").asBoolean(), solve.toString());
    assertTrue(
        solve.at("/softenedBecause").asText().contains("cannot be reached"), solve.toString());
    assertReportsTheStagesWeights(solve);
    assertFalse(Files.exists(output));
  }

  /**
   * A report of every target, of weights within the bounds that miss some of them: each region's
   * achieved count lies within 0.5–2 times its base count, its relative error is the miss over
   * max(|t|, Σ w|F|) (the achieved count), and the largest relative error of all targets is the
   * report's maxRelativeError.
   */
  private void assertReportsTheStagesWeights(JsonNode solve) {
    JsonNode constraints = solve.at("/constraintReports");
    assertEquals(solve.at("/constraints").asInt(), constraints.size());
    int regions = 0;
    double largest = 0;
    for (JsonNode constraint : constraints) {
      String name = constraint.at("/name").asText();
      double relative = constraint.at("/relativeError").asDouble();
      largest = Math.max(largest, relative);
      for (int r = 0; r < REGIONS.length; r++) {
        if (name.equals("people[region=" + REGIONS[r] + "]")) {
          regions++;
          double target = constraint.at("/target").asDouble();
          double achieved = constraint.at("/achieved").asDouble();
          assertEquals(Math.abs(achieved - target) / Math.max(target, achieved), relative, 1e-9);
          double ratio = achieved / regionBase[r];
          assertTrue(ratio >= 0.5 - 1e-9 && ratio <= 2 + 1e-9, name + ": " + ratio);
        }
      }
    }
    assertEquals(REGIONS.length, regions, constraints.toString());
    assertTrue(largest > 1e-3, solve.toString());
    assertEquals(largest, solve.at("/maxRelativeError").asDouble(), 1e-12);
  }
}
