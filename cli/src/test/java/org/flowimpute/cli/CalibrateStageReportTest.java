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

  private static final int AREAS = 20;
  private static final int AGE_GROUPS = 18;

  @TempDir Path directory;

  private Path data;
  private final double[][][] cellCounts = new double[AREAS][AGE_GROUPS][2];
  private double incomeTotal;

  /**
   * 6,000 people in 20 areas (region = area mod 10), 18 age groups and two sexes, base weights in
   * [50, 150) and gamma incomes.
   */
  @BeforeEach
  void writeData() throws IOException {
    Random random = new Random(7);
    StringBuilder csv = new StringBuilder("id,area,region,agegrp,sex,income,w\n");
    for (int i = 0; i < 6_000; i++) {
      int area = random.nextInt(AREAS);
      int age = random.nextInt(AGE_GROUPS);
      int sex = random.nextInt(2);
      double w = 50 + 100 * random.nextDouble();
      double income =
          Math.round(15000 * (-Math.log(random.nextDouble()) - Math.log(random.nextDouble())));
      cellCounts[area][age][sex] += w;
      incomeTotal += w * income;
      csv.append(
          String.format(
              Locale.ROOT,
              "%d,a%d,r%d,g%d,%s,%.0f,%.17g%n",
              i + 1,
              area,
              area % 10,
              age,
              sex == 0 ? "M" : "F",
              income,
              w));
    }
    data = directory.resolve("people.csv");
    Files.writeString(data, csv);
  }

  /**
   * Counts by area × age group × sex at 1.0–1.2 times the base count (many out of reach of weights
   * within 0.95,1.15 of the base), the regions' sums of those and 1.12 times the base income total,
   * all with {@code loss} ("equality" or "least_squares").
   */
  private Path targets(String loss) throws IOException {
    Random random = new Random(11);
    StringBuilder yaml = new StringBuilder("targets:\n");
    yaml.append("  - name: aas\n    statistic: count\n    by: [area, agegrp, sex]\n");
    yaml.append("    loss: ").append(loss).append("\n    cells:\n");
    double[] regionTotals = new double[10];
    for (int a = 0; a < AREAS; a++) {
      for (int g = 0; g < AGE_GROUPS; g++) {
        for (int s = 0; s < 2; s++) {
          double target = cellCounts[a][g][s] * (1.0 + 0.2 * random.nextDouble());
          if (cellCounts[a][g][s] > 0) {
            regionTotals[a % 10] += target;
            yaml.append(
                String.format(
                    Locale.ROOT,
                    "      - {group: {area: a%d, agegrp: g%d, sex: %s}, value: %.6f}%n",
                    a,
                    g,
                    s == 0 ? "M" : "F",
                    target));
          }
        }
      }
    }
    yaml.append("  - name: reg\n    statistic: count\n    by: [region]\n");
    yaml.append("    loss: ").append(loss).append("\n    cells:\n");
    for (int r = 0; r < 10; r++) {
      yaml.append(
          String.format(
              Locale.ROOT, "      - {group: {region: r%d}, value: %.6f}%n", r, regionTotals[r]));
    }
    yaml.append(
        String.format(
            Locale.ROOT,
            "  - {name: inc, statistic: total, column: income, loss: %s, value: %.6f}%n",
            loss,
            1.12 * incomeTotal));
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
            "0.95,1.15",
            "--max-iterations",
            "10"),
        extraOptions);
  }

  @Test
  void aContinuationStoppedAtAStageWritesTheReportOfItsLastIterate() throws IOException {
    Path targets = targets("least_squares");
    Path output = directory.resolve("never.csv");
    Path report = directory.resolve("stage.json");

    CommandRun withReport =
        calibrate(targets, output, "--lambda", "1e-4", "--report", report.toString());
    CommandRun without = calibrate(targets, output, "--lambda", "1e-4");

    assertEquals(ExitCodes.FAILURE, withReport.exitCode(), withReport.err());
    String error = withReport.err().strip();
    assertTrue(
        error.startsWith(
            "error: calibration did not converge after 10 Newton steps at the continuation's"
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
    assertEquals(10, solve.at("/iterations").asInt());
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
   * achieved count lies within 0.95–1.15 of its base count, each relative error is the miss over
   * max(|t|, Σ w|F|) (the achieved value: counts and incomes are not negative), and the largest is
   * the report's maxRelativeError.
   */
  private void assertReportsTheStagesWeights(JsonNode solve) {
    double[] regionBase = new double[10];
    for (int a = 0; a < AREAS; a++) {
      for (double[] ages : cellCounts[a]) {
        regionBase[a % 10] += ages[0] + ages[1];
      }
    }
    JsonNode constraints = solve.at("/constraintReports");
    assertEquals(solve.at("/constraints").asInt(), constraints.size());
    int regions = 0;
    double largest = 0;
    for (JsonNode constraint : constraints) {
      String name = constraint.at("/name").asText();
      double target = constraint.at("/target").asDouble();
      double achieved = constraint.at("/achieved").asDouble();
      double relative = constraint.at("/relativeError").asDouble();
      assertEquals(
          Math.abs(achieved - target) / Math.max(Math.abs(target), achieved), relative, 1e-9, name);
      largest = Math.max(largest, relative);
      for (int r = 0; r < 10; r++) {
        if (name.equals("reg[region=r" + r + "]")) {
          regions++;
          double ratio = achieved / regionBase[r];
          assertTrue(ratio >= 0.95 - 1e-9 && ratio <= 1.15 + 1e-9, name + ": " + ratio);
        }
      }
    }
    assertEquals(10, regions, constraints.toString());
    assertTrue(largest > 1e-3, solve.toString());
    assertEquals(largest, solve.at("/maxRelativeError").asDouble(), 1e-12);
  }
}
