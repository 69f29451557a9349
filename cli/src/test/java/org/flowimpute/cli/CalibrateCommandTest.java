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
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.table.Tables;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CalibrateCommandTest {

  private static final String[] REGIONS = {"north", "south", "east"};

  @TempDir Path directory;

  private Path data;
  private final double[] regionTotals = new double[3];
  private double incomeTotal;
  private double baseCount;
  private double baseIncome;

  /** 600 people; targets are the weighted totals under known perturbed weights, so feasible. */
  @BeforeEach
  void writeData() throws IOException {
    Random random = new Random(7);
    StringBuilder csv = new StringBuilder("id,region,income,w\n");
    for (int i = 0; i < 600; i++) {
      int region = random.nextInt(3);
      double income = Math.round(Math.exp(10 + 0.5 * random.nextGaussian()));
      double w = 10 + random.nextInt(20);
      double perturbed = w * Math.exp(0.2 * (region - 1) + 0.1 * random.nextGaussian());
      regionTotals[region] += perturbed;
      baseCount += w;
      baseIncome += w * income;
      incomeTotal += perturbed * income;
      csv.append(
          String.format(Locale.ROOT, "%d,%s,%.0f,%.1f%n", i + 1, REGIONS[region], income, w));
    }
    data = directory.resolve("people.csv");
    Files.writeString(data, csv);
  }

  private Path targets(double northCount) throws IOException {
    String yaml =
        String.format(
            Locale.ROOT,
            """
            targets:
              - name: people
                statistic: count
                by: [region]
                cells:
                  - {group: {region: north}, value: %.6f}
                  - {group: {region: south}, value: %.6f}
                  - {group: {region: east}, value: %.6f}
              - name: income
                statistic: total
                column: income
                value: %.6f
            """,
            northCount,
            regionTotals[1],
            regionTotals[2],
            incomeTotal);
    Path file = directory.resolve("targets.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  /** {@code calibrate} of {@code data} with base weights {@code weight} into {@code output}. */
  private static CommandRun calibrate(
      Path data, String weight, Path targets, Path output, String... extraOptions) {
    return run(
        List.of(
            "calibrate",
            "--data",
            data.toString(),
            "--weight",
            weight,
            "--targets",
            targets.toString(),
            "--out",
            output.toString()),
        extraOptions);
  }

  @Test
  void writesCalibratedWeightsThatMeetTheTargetsAndAReport() throws IOException {
    Path output = directory.resolve("calibrated.csv");
    Path report = directory.resolve("report.json");

    CommandRun result =
        calibrate(
            data,
            "w",
            targets(regionTotals[0]),
            output,
            "--report",
            report.toString(),
            "--weight-out",
            "w_emm",
            "--progress");

    result.assertOk();
    List<GenericRecord> rows = Tables.readAll(output);
    double[] achieved = new double[3];
    double income = 0;
    for (GenericRecord row : rows) {
      double w = ((Number) row.get("w_emm")).doubleValue();
      int region = List.of(REGIONS).indexOf(row.get("region").toString());
      achieved[region] += w;
      income += w * ((Number) row.get("income")).doubleValue();
      assertTrue(w > 0);
    }
    for (int region = 0; region < 3; region++) {
      assertEquals(regionTotals[region], achieved[region], 1e-6 * regionTotals[region]);
    }
    assertEquals(incomeTotal, income, 1e-6 * incomeTotal);
    assertEquals(600, rows.size());
    JsonNode json = new ObjectMapper().readTree(report.toFile());
    assertTrue(json.at("/solve/converged").asBoolean());
    assertEquals(4, json.at("/solve/constraintReports").size());
    assertTrue(json.at("/solve/maxRelativeError").asDouble() < 1e-8);
    assertEquals(0, json.at("/vanishingWeights/nearlyZero").asInt(-1));
    assertTrue(json.at("/vanishingWeights/first").isNull(), json.toString());
    assertTrue(
        result.out().startsWith("calibrated 600 records to 4 constraints (2 targets): converged"),
        result.out());
    assertTrue(result.err().contains("newton   1"), result.err());
    assertTrue(result.out().contains("converged in"), result.out());
  }

  /** 40 one-person and 60 two-person households (weight 10): see HouseholdProblemTest. */
  private Path households(double secondWeight) throws IOException {
    StringBuilder csv = new StringBuilder("hid,w\n");
    for (int h = 0; h < 100; h++) {
      for (int m = 0; m < (h < 40 ? 1 : 2); m++) {
        csv.append("h").append(h).append(',').append(h == 99 && m == 1 ? secondWeight : 10.0);
        csv.append('\n');
      }
    }
    Path file = directory.resolve("households.csv");
    Files.writeString(file, csv);
    Files.writeString(
        directory.resolve("household-targets.yaml"),
        """
        targets:
          - {name: persons, statistic: count, value: 1900}
        householdTargets:
          - {name: households, statistic: count, value: 1200}
        """);
    return file;
  }

  @Test
  void householdIdGivesOneWeightPerHouseholdMeetingPersonAndHouseholdCounts() throws IOException {
    Path output = directory.resolve("households-calibrated.csv");

    CommandRun result =
        calibrate(
            households(10.0),
            "w",
            directory.resolve("household-targets.yaml"),
            output,
            "--household-id",
            "hid");

    result.assertOk();
    List<GenericRecord> rows = Tables.readAll(output);
    assertEquals(160, rows.size());
    double persons = 0;
    for (GenericRecord row : rows) {
      double w = ((Number) row.get("w_calibrated")).doubleValue();
      boolean single = Integer.parseInt(row.get("hid").toString().substring(1)) < 40;
      assertEquals(single ? 12.5 : 700.0 / 60, w, 1e-9, row.toString());
      persons += w;
    }
    assertEquals(1900, persons, 1e-7);
    assertTrue(result.out().contains("100 households (160 records"), result.out());
  }

  /** householdTargets without --household-id is a usage error naming the file and the option. */
  @Test
  void householdTargetsWithoutTheHouseholdIdAreAUsageError() throws IOException {
    Path targetsFile = directory.resolve("household-targets.yaml");
    CommandRun result =
        calibrate(households(10.0), "w", targetsFile, directory.resolve("never.csv"));

    assertEquals(ExitCodes.USAGE, result.exitCode(), result.err());
    assertEquals(
        "--targets "
            + targetsFile
            + " has householdTargets (householdTargets[0] is 'households'): they need the records'"
            + " household id column, --household-id FIELD",
        result.err().lines().findFirst().orElseThrow());
    assertFalse(Files.exists(directory.resolve("never.csv")));
  }

  @Test
  void householdWithTwoBaseWeightsFailsNamingIt() throws IOException {
    CommandRun result =
        calibrate(
            households(11.0),
            "w",
            directory.resolve("household-targets.yaml"),
            directory.resolve("never.csv"),
            "--household-id",
            "hid");

    assertEquals(1, result.exitCode(), result.err());
    assertEquals(
        "error: household 'h99': the base weight differs between its persons (10.0 on "
            + directory.resolve("households.csv")
            + " row 159, 11.0 on "
            + directory.resolve("households.csv")
            + " row 160); integrated household"
            + " calibration needs one base weight per household",
        result.err().strip());
  }

  /**
   * An unknown infeasibility policy is a usage error in picocli's words for a choice (it exited 1),
   * before the data and targets are read (a target naming a missing column hid it); any case is a
   * policy.
   */
  @Test
  void anUnknownInfeasibilityPolicyIsAUsageError() throws IOException {
    Path targetsFile = directory.resolve("count.yaml");
    Files.writeString(
        targetsFile, "targets:\n  - {name: t, statistic: total, column: nope, value: 10}\n");
    Path report = directory.resolve("soften.json");

    CommandRun result =
        calibrate(
            data, "w", targetsFile, directory.resolve("never.csv"), "--on-infeasible", "maybe");
    CommandRun upperCase =
        calibrate(
            data,
            "w",
            targets(regionTotals[0]),
            directory.resolve("out.csv"),
            "--on-infeasible",
            "SOFTEN",
            "--report",
            report.toString());

    assertEquals(ExitCodes.USAGE, result.exitCode(), result.err());
    assertTrue(
        result
            .err()
            .startsWith(
                "Invalid value for option '--on-infeasible': expected one of [fail, soften] (any"
                    + " case) but was 'maybe'"),
        result.err());
    upperCase.assertOk();
    assertEquals(
        "soften", new ObjectMapper().readTree(report.toFile()).get("onInfeasible").asText());
  }

  @Test
  void boundsKeepEveryWeightRatioInside() throws IOException {
    Path targetsFile = directory.resolve("tilt.yaml");
    Files.writeString(
        targetsFile,
        String.format(
            Locale.ROOT,
            """
            targets:
              - {name: people, statistic: count, value: %.6f}
              - {name: income, statistic: total, column: income, value: %.6f}
            """,
            1.1 * baseCount,
            1.25 * baseIncome));
    Path free = directory.resolve("free.json");
    Path output = directory.resolve("bounded.avro");
    CommandRun unbounded =
        calibrate(
            data, "w", targetsFile, directory.resolve("free.csv"), "--report", free.toString());

    CommandRun bounded = calibrate(data, "w", targetsFile, output, "--bounds", "0.5,2");

    unbounded.assertOk();
    bounded.assertOk();
    JsonNode freeSolve = new ObjectMapper().readTree(free.toFile()).get("solve");
    assertTrue(freeSolve.get("maxWeightRatio").asDouble() > 2, "without bounds some w/q exceed 2");
    for (GenericRecord row : Tables.readAll(output)) {
      double ratio =
          ((Number) row.get("w_calibrated")).doubleValue() / ((Number) row.get("w")).doubleValue();
      assertTrue(ratio >= 0.5 - 1e-12 && ratio <= 2 + 1e-12, "ratio " + ratio);
    }
  }

  /** Bounds that leave out w = q are a usage error naming --bounds and the rule. */
  @Test
  void boundsThatDoNotContainOneAreAUsageErrorNamingTheOption() throws IOException {
    Path output = directory.resolve("never-bounded.csv");

    CommandRun above = calibrate(data, "w", targets(regionTotals[0]), output, "--bounds", "1.2,3");
    CommandRun reversed =
        calibrate(data, "w", targets(regionTotals[0]), output, "--bounds", "2,0.5");

    assertEquals(ExitCodes.USAGE, above.exitCode(), above.err());
    assertTrue(
        above
            .err()
            .startsWith(
                "--bounds: weight bounds must contain 1 (w = q), got [1.2, 3.0]: the solve starts"
                    + " from the base weights (w = q), so L <= 1 <= U with L < U, e.g. 0.5,3"),
        above.err());
    assertEquals(ExitCodes.USAGE, reversed.exitCode(), reversed.err());
    assertTrue(
        reversed.err().startsWith("--bounds: weight bounds need lower < upper, got [2.0, 0.5]"),
        reversed.err());
    assertFalse(Files.exists(output));
  }

  /**
   * A negative lower bound, which entropy calibration cannot keep (its weights are never negative),
   * is a usage error naming --bounds before the data is read (it exited 1 after reading the data,
   * naming no option): the --data here does not exist.
   */
  @Test
  void aNegativeLowerBoundIsAUsageErrorBeforeTheDataIsRead() throws IOException {
    CommandRun result =
        calibrate(
            directory.resolve("missing.csv"),
            "w",
            targets(regionTotals[0]),
            directory.resolve("never.csv"),
            "--bounds",
            "-1,2");

    assertEquals(ExitCodes.USAGE, result.exitCode(), result.err());
    assertTrue(
        result
            .err()
            .startsWith(
                "--bounds: entropy calibration needs a lower bound >= 0 (its weights are never"
                    + " negative), got -1.0: L = 0 puts no lower bound beyond w >= 0, e.g. 0,3"),
        result.err());
  }

  /**
   * Two options naming one file are usage errors before the data is read (the --data here does not
   * exist): {@code --report} equal to {@code --out} wrote the JSON report over the calibrated table
   * and exited 0, a {@code --report} or {@code --out} naming the targets file replaced the targets.
   * Also when the output does not exist yet, and through a symbolic link.
   */
  @Test
  void outputsNamingTheOtherOutputOrTheTargetsAreUsageErrors() throws IOException {
    Path missingData = directory.resolve("missing.csv");
    Path targetsFile = targets(regionTotals[0]);
    String targetsText = Files.readString(targetsFile);
    Path targetsAsCsv = Files.writeString(directory.resolve("targets.csv"), targetsText);
    Path output = directory.resolve("out.csv");
    Path link = Files.createSymbolicLink(directory.resolve("link.yaml"), targetsFile);
    Path real = directory.toRealPath();

    CommandRun reportOnOut =
        calibrate(missingData, "w", targetsFile, output, "--report", output.toString());
    CommandRun reportOnTargets =
        calibrate(missingData, "w", targetsFile, output, "--report", link.toString());
    CommandRun outOnTargets = calibrate(missingData, "w", targetsAsCsv, targetsAsCsv);

    assertEquals(ExitCodes.USAGE, reportOnOut.exitCode(), reportOnOut.err());
    assertTrue(
        reportOnOut
            .err()
            .startsWith(
                "--report "
                    + output
                    + " and --out "
                    + output
                    + " name the same file ("
                    + real.resolve("out.csv")
                    + "): the report would replace the calibrated table; choose another"
                    + " --report\n"),
        reportOnOut.err());
    assertEquals(ExitCodes.USAGE, reportOnTargets.exitCode(), reportOnTargets.err());
    assertTrue(
        reportOnTargets
            .err()
            .startsWith(
                "--report "
                    + link
                    + " and --targets "
                    + targetsFile
                    + " name the same file ("
                    + real.resolve("targets.yaml")
                    + "): writing the report would replace the targets; choose another"
                    + " --report\n"),
        reportOnTargets.err());
    assertEquals(ExitCodes.USAGE, outOnTargets.exitCode(), outOnTargets.err());
    assertTrue(
        outOnTargets
            .err()
            .startsWith(
                "--out "
                    + targetsAsCsv
                    + " and --targets "
                    + targetsAsCsv
                    + " name the same file ("
                    + real.resolve("targets.csv")
                    + "): writing the output would replace the targets; choose another --out\n"),
        outOnTargets.err());
    assertFalse(Files.exists(output));
    assertEquals(targetsText, Files.readString(targetsFile));
    assertEquals(targetsText, Files.readString(targetsAsCsv));
  }

  /** A grouping column listed twice is refused naming the file, the target and the column. */
  @Test
  void aGroupingColumnListedTwiceIsRefusedNamingTheFile() throws IOException {
    Path yaml =
        Files.writeString(
            directory.resolve("twice.yaml"),
            Files.readString(targets(regionTotals[0]))
                .replace("by: [region]", "by: [region, region]"));

    CommandRun result = calibrate(data, "w", yaml, directory.resolve("never.csv"));

    assertEquals(ExitCodes.FAILURE, result.exitCode(), result.err());
    assertEquals(
        "error: targets file "
            + yaml
            + ": target 'people': by: column 'region' is listed twice, expected each grouping"
            + " column once (by: [region, region]) (at targets[0])",
        result.err().strip());
  }

  /**
   * A solve stopped by --max-iterations writes the report of its last iterate, marked not
   * converged, before failing, and says so; it wrote none, and without --report the error says what
   * --report would give. No --out is written.
   */
  @Test
  void aSolveThatDoesNotConvergeWritesTheReportBeforeFailing() throws IOException {
    Path targetsFile = targets(regionTotals[0]);
    Path output = directory.resolve("never.csv");
    Path report = directory.resolve("not-converged.json");

    CommandRun withReport =
        calibrate(
            data, "w", targetsFile, output, "--max-iterations", "1", "--report", report.toString());
    CommandRun without = calibrate(data, "w", targetsFile, output, "--max-iterations", "1");

    assertEquals(ExitCodes.FAILURE, withReport.exitCode(), withReport.err());
    assertTrue(
        withReport.err().startsWith("error: calibration did not converge after 1 Newton steps"),
        withReport.err());
    assertTrue(
        withReport
            .err()
            .strip()
            .endsWith(
                "; wrote the report of the last iterate (marked not converged) to "
                    + report
                    + ", and no --out"),
        withReport.err());
    JsonNode json = new ObjectMapper().readTree(report.toFile());
    assertFalse(json.at("/solve/converged").asBoolean(true));
    assertEquals(1, json.at("/solve/iterations").asInt());
    assertEquals(4, json.at("/solve/constraintReports").size());
    assertTrue(json.at("/solve/maxRelativeError").asDouble() > 1e-10, json.toString());
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
  void inconsistentTargetsFailWithOneLineNamingThem() throws IOException {
    Path yaml = directory.resolve("bad.yaml");
    Files.writeString(
        yaml,
        """
        targets:
          - name: people
            statistic: count
            by: [region]
            cells:
              - {group: {region: north}, value: 100}
              - {group: {region: south}, value: 100}
              - {group: {region: east}, value: 100}
          - name: all
            statistic: count
            value: 400
        """);

    CommandRun result = calibrate(data, "w", yaml, directory.resolve("x.csv"));

    assertEquals(ExitCodes.FAILURE, result.exitCode(), result.err());
    String message = result.err().strip();
    assertTrue(message.startsWith("error: inconsistent targets"), message);
    assertTrue(
        message.contains("people[region=north]") && message.contains("'all'")
            || message.contains("people[region=north]"),
        message);
    assertEquals(1, message.lines().count(), message);
  }

  /** A targets file's error names the file and where in it, as docs/calibration.md shows. */
  @Test
  void aTargetsFileErrorNamesTheFileAndThePlace() throws IOException {
    Path yaml = directory.resolve("empty-cell.yaml");
    Files.writeString(
        yaml,
        """
        targets:
          - name: people
            statistic: count
            by: [region]
            cells:
              -
        """);

    CommandRun result = calibrate(data, "w", yaml, directory.resolve("y.csv"));

    assertEquals(ExitCodes.FAILURE, result.exitCode(), result.err());
    assertEquals(
        "error: targets file "
            + yaml
            + ": target 'people': cells: entry 1 is empty, expected a cell with a group and a value"
            + " (at targets[0])",
        result.err().strip());
  }

  /**
   * 12,000 cells of one grouping are calibrated: until 2026-12-03 the solver's dense K×K curvature
   * sums did not fit the heap and such targets were refused ("the targets make 12000 constraints:
   * the solver needs about 10.7 GiB"; 20,000 had failed with an OutOfMemoryError after 5 s).
   */
  @Test
  void twelveThousandCellsAreCalibrated() throws IOException {
    int cells = 12_000;
    StringBuilder csv = new StringBuilder("zip,w\n");
    StringBuilder json = new StringBuilder("{\"targets\": [{\"name\": \"people\",");
    json.append("\"statistic\": \"count\", \"by\": [\"zip\"], \"cells\": [");
    for (int i = 0; i < cells; i++) {
      csv.append('z').append(i).append(",1.0\n");
      json.append(i == 0 ? "" : ",").append("{\"group\": {\"zip\": \"z").append(i);
      json.append("\"}, \"value\": 1.5}");
    }
    json.append("]}]}");
    Path wide = Files.writeString(directory.resolve("zips.csv"), csv);
    Path targets = Files.writeString(directory.resolve("zips.json"), json);

    Path output = directory.resolve("zips-out.csv");

    CommandRun result = calibrate(wide, "w", targets, output);

    result.assertOk();
    List<String> lines = Files.readAllLines(output);
    assertEquals(cells + 1, lines.size());
    for (String line : lines.subList(1, lines.size())) {
      double weight = Double.parseDouble(line.substring(line.lastIndexOf(',') + 1));
      assertEquals(1.5, weight, 1.5e-9, line);
    }
  }

  /**
   * A north count of 0, which positive weights cannot give, is softened. (It was -5 until negative
   * counts were refused as an error in the targets file.)
   */
  @Test
  void softenReportsResidualsInsteadOfFailing() throws IOException {
    Path report = directory.resolve("soft.json");

    CommandRun result =
        calibrate(
            data,
            "w",
            targets(0),
            directory.resolve("soft.avro"),
            "--on-infeasible",
            "soften",
            "--report",
            report.toString());

    result.assertOk();
    JsonNode json = new ObjectMapper().readTree(report.toFile());
    assertTrue(json.at("/solve/softened").asBoolean());
    assertTrue(json.at("/solve/softenedBecause").asText().contains("people[region=north]"));
    assertTrue(result.out().contains("SOFTENED"), result.out());
    assertTrue(
        result.err().contains("cannot all be met") && result.err().contains("--soften-lambda"),
        result.err());
    assertEquals(600, Tables.readAll(directory.resolve("soft.avro")).size());
  }

  /**
   * Soft targets a thousand times the base weights' amounts are missed by more than half (the
   * divergence outweighs them): the summary says so, naming the worst; near targets do not warn.
   */
  @Test
  void softTargetsFarFromTheBaseWeightsAreWarnedAbout() throws IOException {
    String yaml =
        String.format(
            Locale.ROOT,
            """
            targets:
              - name: people
                statistic: count
                value: %.6f
                loss: least_squares
              - name: income
                statistic: total
                column: income
                value: %.6f
                loss: least_squares
            """,
            1000 * baseCount,
            1000 * baseIncome);
    Path far = Files.writeString(directory.resolve("far.yaml"), yaml);
    Path near =
        Files.writeString(
            directory.resolve("near.yaml"),
            yaml.replace(String.format(Locale.ROOT, "%.6f", 1000 * baseCount), "" + baseCount)
                .replace(String.format(Locale.ROOT, "%.6f", 1000 * baseIncome), "" + baseIncome));

    CommandRun missed =
        calibrate(data, "w", far, directory.resolve("far.avro"), "--lambda", "1e-4");
    CommandRun met = calibrate(data, "w", near, directory.resolve("near.avro"), "--lambda", "1e-4");

    missed.assertOk();
    assertTrue(
        missed.err().contains("warning: 2 soft targets with a relative error above 0.1 (worst '"),
        missed.err());
    assertTrue(missed.err().contains("scale the base weights"), missed.err());
    met.assertOk();
    assertFalse(met.err().contains("warning"), met.err());
  }

  /**
   * The warning of a missed soft mean gives the achieved mean beside the target: its relative error
   * is scaled by Σw|x − m|, so the residual alone (0.922 for a mean of 47.6 against 70) read as a
   * miss of 92 %.
   */
  @Test
  void theSoftTargetWarningGivesTheAchievedValue() throws IOException {
    double baseMean = baseIncome / baseCount;
    double target = Math.round(3 * baseMean);
    Path yaml =
        Files.writeString(
            directory.resolve("mean.yaml"),
            String.format(
                Locale.ROOT,
                "targets:\n  - {name: pay, statistic: mean, column: income, value: %.0f,"
                    + " loss: least_squares}\n",
                target));
    Path output = directory.resolve("mean.csv");

    CommandRun result = calibrate(data, "w", yaml, output);

    result.assertOk();
    double weighted = 0;
    double total = 0;
    for (GenericRecord row : Tables.readAll(output)) {
      double w = ((Number) row.get("w_calibrated")).doubleValue();
      weighted += w * ((Number) row.get("income")).doubleValue();
      total += w;
    }
    java.util.regex.Matcher warning =
        java.util.regex.Pattern.compile(
                "warning: 1 soft target with a relative error above 0.1 \\(worst 'pay': achieved"
                    + " ([^,]+), target ([^,]+), relative error ([^)]+)\\)")
            .matcher(result.err());
    assertTrue(warning.find(), result.err());
    assertEquals(weighted / total, Double.parseDouble(warning.group(1)), 1e-5 * target);
    assertEquals(String.format(Locale.ROOT, "%.0f", target), warning.group(2));
    assertTrue(Double.parseDouble(warning.group(3)) > 0.1, warning.group(3));
  }

  /**
   * A total of −1e6 over incomes mostly ≥ 0 (the 200 synthetic records of a user review, {@code
   * calibrate/incomes.csv}: Python's {@code random} with seed 1, weights uniform on 50..150, income
   * 0 with probability 0.4, −uniform(1, 500) with 0.1, else lognormal(10, 1)) is met by weights of
   * 1e-48 down to 0: calibrate wrote them with exit 0 and no word, and its own tools then refused
   * the output. It still exits 0 (the targets are met), with one warning counting the weights that
   * vanished (w/q below 1e-6, or w below the base-weight floor 1e-30) and naming the first.
   */
  @Test
  void weightsTheTargetsDriveToNearlyZeroAreWarnedAbout() throws IOException {
    Path incomes = directory.resolve("p.csv");
    try (java.io.InputStream resource = getClass().getResourceAsStream("/calibrate/incomes.csv")) {
      Files.copy(resource, incomes);
    }
    Path negative =
        Files.writeString(
            directory.resolve("tz5.yaml"),
            "targets:\n  - name: inc\n    statistic: total\n    column: income\n"
                + "    value: -1.0e6\n");
    Path output = directory.resolve("out/tz5.csv");
    Path report = directory.resolve("out/tz5.json");

    CommandRun result =
        calibrate(incomes, "weight", negative, output, "--report", report.toString());

    result.assertOk();
    int nearlyZero = 0;
    int belowFloor = 0;
    for (GenericRecord row : Tables.readAll(output)) {
      double w = ((Number) row.get("weight_calibrated")).doubleValue();
      double q = ((Number) row.get("weight")).doubleValue();
      nearlyZero += w < 1e-30 || w < 1e-6 * q ? 1 : 0;
      belowFloor += w < 1e-30 ? 1 : 0;
    }
    assertEquals(95, nearlyZero);
    assertEquals(44, belowFloor);
    assertEquals(
        "warning: 95 of 200 calibrated weights are nearly 0 (w/q below 1.0E-6 or w below 1.0E-30,"
            + " the least base weight calibrate accepts; 44 of them 0 or below 1.0E-30; the first:"
            + " "
            + incomes
            + " row 1, w = 1.22689E-48, q = 63.436): the solution weights those records"
            + " almost away, as it does for targets the records barely reach; the"
            + " 44 of 0 or below 1.0E-30 cannot be the base weights of another calibrate, and"
            + " evaluate refuses weights <= 0; check those targets, or keep every w/q within"
            + " [L, U] with --bounds L,U",
        result.err().strip());
    JsonNode vanishing = new ObjectMapper().readTree(report.toFile()).get("vanishingWeights");
    assertEquals(200, vanishing.get("records").asInt());
    assertEquals(95, vanishing.get("nearlyZero").asInt());
    assertEquals(44, vanishing.get("unusableAsBaseWeights").asInt());
    assertEquals(incomes + " row 1", vanishing.at("/first/record").asText());
    assertEquals(1.22689e-48, vanishing.at("/first/weight").asDouble(), 1e-53);
    assertEquals(63.436, vanishing.at("/first/baseWeight").asDouble(), 1e-3);
    CommandRun met = calibrate(data, "w", targets(regionTotals[0]), directory.resolve("met.csv"));
    met.assertOk();
    assertFalse(met.err().contains("warning"), met.err());
  }

  /**
   * A --weight that is no field name, such as a CSV header with a space, is named by the data's own
   * error (file and column) when --weight-out is not given: the default name derived from it was
   * blamed on the --weight-out the user never gave, as a usage error before the data was read.
   */
  @Test
  void aWeightColumnThatIsNoFieldNameIsNamedByTheDataNotByWeightOut() throws IOException {
    Path spaced = Files.writeString(directory.resolve("hdr.csv"), "id,poids final\n1,2.5\n2,3\n");
    Path count =
        Files.writeString(
            directory.resolve("n.yaml"), "targets:\n  - {name: n, statistic: count, value: 10}\n");

    CommandRun csv = calibrate(spaced, "poids final", count, directory.resolve("never.csv"));
    CommandRun absent = calibrate(data, "poids final", count, directory.resolve("never.csv"));

    assertEquals(ExitCodes.FAILURE, csv.exitCode(), csv.err());
    assertTrue(
        csv.err()
            .startsWith(
                "error: --data "
                    + spaced
                    + ": column name 'poids final' is not a valid field name"),
        csv.err());
    assertFalse(csv.err().contains("--weight-out"), csv.err());
    assertEquals(ExitCodes.FAILURE, absent.exitCode(), absent.err());
    assertTrue(absent.err().startsWith("error: no field 'poids final' in the data"), absent.err());
    assertFalse(Files.exists(directory.resolve("never.csv")));
  }

  @Test
  void missingWeightFieldIsNamed() throws IOException {
    CommandRun result =
        calibrate(data, "weight", targets(regionTotals[0]), directory.resolve("x.csv"));

    assertEquals(ExitCodes.FAILURE, result.exitCode(), result.err());
    assertTrue(result.err().contains("no field 'weight'"), result.err());
  }

  /**
   * A misspelt column is named with the targets file, the target that reads it and its place in the
   * file; a missing file says so.
   */
  @Test
  void aTargetsColumnTheDataLackAndAMissingFileAreNamed() throws IOException {
    Path misspelt =
        Files.writeString(
            directory.resolve("misspelt.yaml"),
            "targets:\n  - {name: mean_pay, statistic: mean, column: incme, value: 10}\n");

    CommandRun column = calibrate(data, "w", misspelt, directory.resolve("x.csv"));
    CommandRun file =
        calibrate(data, "w", directory.resolve("nowhere.yaml"), directory.resolve("y.csv"));

    assertEquals(ExitCodes.FAILURE, column.exitCode(), column.err());
    assertTrue(
        column
            .err()
            .startsWith(
                "error: targets file "
                    + misspelt
                    + ": target 'mean_pay' reads column 'incme', which the data do not have"),
        column.err());
    assertTrue(column.err().strip().endsWith(") (at targets[0])"), column.err());
    Path textMean =
        Files.writeString(
            directory.resolve("text-mean.yaml"),
            "targets:\n  - {name: mean_region, statistic: mean, column: region, value: 10}\n");
    CommandRun text = calibrate(data, "w", textMean, directory.resolve("z.csv"));
    assertEquals(ExitCodes.FAILURE, text.exitCode(), text.err());
    assertTrue(
        text.err()
            .strip()
            .endsWith(
                "(target 'mean_region' of targets file " + textMean + " reads it as a number)"),
        text.err());
    assertEquals(1, text.err().strip().lines().count(), text.err());
    assertEquals(ExitCodes.FAILURE, file.exitCode(), file.err());
    assertTrue(file.err().contains("nowhere.yaml: no such file or directory"), file.err());
  }

  /**
   * A household target is named as one, so that a file with person and household targets says which
   * is meant (until 2026-12-04 both read "target 'x'").
   */
  @Test
  void aHouseholdTargetThatDoesNotFitTheDataIsNamedAsAHouseholdTarget() throws IOException {
    Path misspelt =
        Files.writeString(
            directory.resolve("household-misspelt.yaml"),
            "householdTargets:\n  - {name: homes, statistic: mean, column: incme, value: 10}\n");
    Path textMean =
        Files.writeString(
            directory.resolve("household-text-mean.yaml"),
            "householdTargets:\n  - {name: homes, statistic: mean, column: region, value: 10}\n");

    CommandRun column =
        calibrate(data, "w", misspelt, directory.resolve("x.csv"), "--household-id", "id");
    CommandRun text =
        calibrate(data, "w", textMean, directory.resolve("z.csv"), "--household-id", "id");

    assertEquals(ExitCodes.FAILURE, column.exitCode(), column.err());
    assertTrue(
        column
            .err()
            .startsWith(
                "error: targets file "
                    + misspelt
                    + ": household target 'homes' reads column 'incme', which the data do not"
                    + " have"),
        column.err());
    assertTrue(column.err().strip().endsWith(") (at householdTargets[0])"), column.err());
    assertEquals(ExitCodes.FAILURE, text.exitCode(), text.err());
    assertTrue(
        text.err()
            .strip()
            .endsWith(
                "(household target 'homes' of targets file " + textMean + " reads it as a number)"),
        text.err());
    assertEquals(1, text.err().strip().lines().count(), text.err());
  }

  /**
   * A region of the data without a cell, a number written as .inf and a negative count are refused
   * before the solve, naming the targets file, the target and its place: the region's records were
   * left out of the target without a word, .inf was a "Malformed numeric value" and a negative
   * count a target that "cannot be reached", each naming neither the file nor the place.
   */
  @Test
  void aForgottenRegionAnInfiniteValueAndANegativeCountNameTheFileAndPlace() throws IOException {
    long east = Files.readAllLines(data).stream().filter(line -> line.contains(",east,")).count();
    Path forgotten =
        Files.writeString(
            directory.resolve("forgotten.yaml"),
            """
            targets:
              - name: people
                statistic: count
                by: [region]
                cells:
                  - {group: {region: north}, value: 3000}
                  - {group: {region: south}, value: 3000}
            """);
    Path infinite =
        Files.writeString(
            directory.resolve("infinite.yaml"),
            "targets:\n  - {name: people, statistic: count, value: 9000}\n"
                + "  - {name: income, statistic: total, column: income, value: .inf}\n");
    Path negative =
        Files.writeString(
            directory.resolve("negative.yaml"),
            """
            targets:
              - name: people
                statistic: count
                by: [region]
                cells:
                  - {group: {region: north}, value: 3000}
                  - {group: {region: south}, value: -5}
                  - {group: {region: east}, value: 3000}
            """);
    Path output = directory.resolve("never.csv");

    CommandRun missingCell = calibrate(data, "w", forgotten, output);
    CommandRun notFinite = calibrate(data, "w", infinite, output);
    CommandRun belowZero = calibrate(data, "w", negative, output);

    assertEquals(ExitCodes.FAILURE, missingCell.exitCode(), missingCell.err());
    assertEquals(
        "error: targets file "
            + forgotten
            + ": target 'people': a group of by: [region] with records but no cell: region 'east' ("
            + east
            + " records); the target would leave those records out, unconstrained by it: add a"
            + " cell for each such group, remove those records first, or give the target"
            + " otherGroups: unconstrained if only its cells' groups are meant (at targets[0])",
        missingCell.err().strip());
    assertEquals(ExitCodes.FAILURE, notFinite.exitCode(), notFinite.err());
    assertEquals(
        "error: targets file "
            + infinite
            + ": target 'income' field 'value': expected a finite number, got .inf (line 3, at"
            + " targets[1].value)",
        notFinite.err().strip());
    assertEquals(ExitCodes.FAILURE, belowZero.exitCode(), belowZero.err());
    assertEquals(
        "error: targets file "
            + negative
            + ": target 'people': cell {region=south}: field 'value': a count must be 0 or more,"
            + " got -5.0 (at targets[0].cells[1])",
        belowZero.err().strip());
    assertFalse(Files.exists(output));
  }

  /** The test data with the cell of {@code column} in data row {@code row} replaced. */
  private Path withCell(int row, String column, String value) throws IOException {
    List<String> lines = new java.util.ArrayList<>(Files.readAllLines(data));
    List<String> header = List.of(lines.get(0).split(","));
    String[] cells = lines.get(row).split(",");
    cells[header.indexOf(column)] = value;
    lines.set(row, String.join(",", cells));
    Path file = directory.resolve("edited-" + column + ".csv");
    Files.write(file, lines);
    return file;
  }

  @Test
  void aNonNumericWeightOrTotalColumnCellIsNamedByItsRowAndValue() throws IOException {
    Path targetsFile = targets(regionTotals[0]);

    CommandRun badWeight =
        calibrate(withCell(400, "w", "NA"), "w", targetsFile, directory.resolve("x.csv"));
    CommandRun badIncome =
        calibrate(withCell(250, "income", "n/a"), "w", targetsFile, directory.resolve("y.csv"));

    assertEquals(ExitCodes.FAILURE, badWeight.exitCode(), badWeight.err());
    assertEquals(
        "error: "
            + directory.resolve("edited-w.csv")
            + " row 400: field 'w': expected a number, got 'NA'",
        badWeight.err().strip());
    assertEquals(ExitCodes.FAILURE, badIncome.exitCode(), badIncome.err());
    assertEquals(
        "error: "
            + directory.resolve("edited-income.csv")
            + " row 250: field 'income': expected a number, got 'n/a' (target"
            + " 'income' of targets file "
            + targetsFile
            + " reads it as a number)",
        badIncome.err().strip());
  }

  /** A total column's number written with a thousands separator is named as not a plain number. */
  @Test
  void aTotalColumnNumberWithThousandsSeparatorsSaysToWriteItPlainly() throws IOException {
    Path targetsFile = targets(regionTotals[0]);

    CommandRun run =
        calibrate(
            withCell(250, "income", "\"1,234.5\""), "w", targetsFile, directory.resolve("y.csv"));

    assertEquals(ExitCodes.FAILURE, run.exitCode(), run.err());
    assertEquals(
        "error: "
            + directory.resolve("edited-income.csv")
            + " row 250: field 'income': expected a plain number (digits, an"
            + " optional sign, '.' before decimals, no thousands separators, currency or percent"
            + " signs), got '1,234.5'; write the column's numbers plainly (target 'income' of"
            + " targets file "
            + targetsFile
            + " reads it as a number)",
        run.err().strip());
  }

  /**
   * A weight of 1e308 overflowed the solver's sums, and the command printed "converged" with a NaN
   * effective sample size and exited 0; values beyond the safe range are refused naming the row.
   */
  @Test
  void weightsAndValuesOutsideTheSafeRangeAreRefusedNamingTheRowAndField() throws IOException {
    Path targetsFile = targets(regionTotals[0]);
    Path output = directory.resolve("never.csv");

    CommandRun hugeWeight = calibrate(withCell(3, "w", "1e308"), "w", targetsFile, output);
    CommandRun hugeIncome = calibrate(withCell(5, "income", "1e50"), "w", targetsFile, output);

    assertEquals(ExitCodes.FAILURE, hugeWeight.exitCode(), hugeWeight.out());
    assertEquals(
        "error: "
            + directory.resolve("edited-w.csv")
            + " row 3: field 'w': expected a base weight in [1.0E-30, 1.0E30]"
            + " (positive, finite and in the solver's safe range), got 1.0E308",
        hugeWeight.err().strip());
    assertFalse(hugeWeight.out().contains("converged"), hugeWeight.out());
    assertEquals(ExitCodes.FAILURE, hugeIncome.exitCode(), hugeIncome.out());
    assertEquals(
        "error: "
            + directory.resolve("edited-income.csv")
            + " row 5: field 'income': expected a finite number of magnitude at"
            + " most 1.0E30 (the solver's safe range), got 1.0E50",
        hugeIncome.err().strip());
    assertFalse(Files.exists(output));
  }

  /**
   * With --data a glob of several files, errors name the file and its own row (a histogram value
   * outside the edges was "row 5", counted across all files, without the field).
   */
  @Test
  void errorsInAGlobOfFilesNameTheFileItsRowAndTheField() throws IOException {
    Path shards = Files.createDirectories(directory.resolve("shards"));
    Files.writeString(shards.resolve("p1.csv"), "age,w\n20,1\n30,1\n");
    Files.writeString(shards.resolve("p2.csv"), "age,w\n40,1\n50,1\n90,1\n");
    Path badWeight = Files.createDirectories(directory.resolve("bad-weight"));
    Files.writeString(badWeight.resolve("p1.csv"), "age,w\n20,1\n30,1\n");
    Files.writeString(badWeight.resolve("p2.csv"), "age,w\n40,1\n50,1\n60,-2\n");
    Path histogram =
        Files.writeString(
            directory.resolve("ages.yaml"),
            "targets:\n  - {name: ages, statistic: histogram, column: age, edges: [0, 50, 80],"
                + " shares: [0.5, 0.5]}\n");

    CommandRun outside =
        calibrate(shards.resolve("p*.csv"), "w", histogram, directory.resolve("a.csv"));
    CommandRun negative =
        calibrate(badWeight.resolve("p*.csv"), "w", histogram, directory.resolve("b.csv"));

    assertEquals(ExitCodes.FAILURE, outside.exitCode(), outside.err());
    assertTrue(
        outside
            .err()
            .contains("(the first: " + shards.resolve("p2.csv") + " row 3, field 'age' = 90)"),
        outside.err());
    assertEquals(ExitCodes.FAILURE, negative.exitCode(), negative.err());
    assertEquals(
        "error: "
            + badWeight.resolve("p2.csv")
            + " row 3: field 'w': expected a base weight in [1.0E-30, 1.0E30] (positive,"
            + " finite and in the solver's safe range), got -2.0",
        negative.err().strip());
  }

  @Test
  void aReportInAMissingDirectoryIsWrittenThere() throws IOException {
    Path report = directory.resolve("reports/2026/report.json");

    CommandRun result =
        calibrate(
            data,
            "w",
            targets(regionTotals[0]),
            directory.resolve("out.csv"),
            "--report",
            report.toString());

    result.assertOk();
    assertTrue(new ObjectMapper().readTree(report.toFile()).at("/solve/converged").asBoolean());
  }

  /** Solver settings out of range are usage errors naming the option (they named Java fields). */
  @Test
  void solverSettingsOutOfRangeAreUsageErrorsNamingTheOption() throws IOException {
    Path targetsFile = targets(regionTotals[0]);
    Path output = directory.resolve("never-solved.csv");

    CommandRun iterations = calibrate(data, "w", targetsFile, output, "--max-iterations", "0");
    CommandRun tolerance = calibrate(data, "w", targetsFile, output, "--tolerance", "0");

    assertEquals(ExitCodes.USAGE, iterations.exitCode(), iterations.err());
    assertTrue(
        iterations.err().startsWith("--max-iterations must be at least 1, got 0"),
        iterations.err());
    assertEquals(ExitCodes.USAGE, tolerance.exitCode(), tolerance.err());
    assertTrue(
        tolerance.err().startsWith("--tolerance must be in (0, 1), got 0.0"), tolerance.err());
    assertFalse(Files.exists(output));
  }

  @Test
  void unusableOutputOptionsFailBeforeSolvingNamingTheOption() throws IOException {
    Path targetsFile = targets(regionTotals[0]);
    Path output = directory.resolve("never.csv");
    Path file = Files.writeString(directory.resolve("plain-file"), "x");

    CommandRun reportUnderAFile =
        calibrate(
            data,
            "w",
            targetsFile,
            output,
            "--progress",
            "--report",
            file.resolve("r.json").toString());
    CommandRun reportIsADirectory =
        calibrate(data, "w", targetsFile, output, "--progress", "--report", directory.toString());
    CommandRun badWeightName =
        calibrate(data, "w", targetsFile, output, "--progress", "--weight-out", "9bad");
    CommandRun unknownFormat =
        calibrate(data, "w", targetsFile, directory.resolve("out.txt"), "--progress");

    assertEquals(ExitCodes.FAILURE, reportUnderAFile.exitCode(), reportUnderAFile.err());
    assertEquals(
        "error: --report: cannot create directory "
            + file.toAbsolutePath()
            + " for "
            + file.resolve("r.json")
            + ": "
            + file.toAbsolutePath()
            + " is a file",
        reportUnderAFile.err().strip());
    assertEquals(ExitCodes.FAILURE, reportIsADirectory.exitCode(), reportIsADirectory.err());
    assertEquals(
        "error: --report: " + directory + " is a directory, expected a file name",
        reportIsADirectory.err().strip());
    assertEquals(ExitCodes.USAGE, badWeightName.exitCode(), badWeightName.err());
    assertTrue(
        badWeightName.err().startsWith("--weight-out: '9bad' is not a valid field name"),
        badWeightName.err());
    assertEquals(ExitCodes.USAGE, unknownFormat.exitCode(), unknownFormat.err());
    assertTrue(
        unknownFormat.err().startsWith("--out: " + directory.resolve("out.txt")),
        unknownFormat.err());
    for (CommandRun run :
        List.of(reportUnderAFile, reportIsADirectory, badWeightName, unknownFormat)) {
      assertTrue(!run.err().contains("newton"), "no Newton step before the refusal: " + run.err());
    }
    assertTrue(!Files.exists(output), "nothing written");
  }

  @Test
  void benchEmmOnAGeneratedProblemPrintsAccuracyAndTime() {
    CommandRun result =
        run("bench", "emm", "--generate", "20000", "40", "--repeat", "1", "--warmup", "0");

    result.assertOk();
    assertTrue(result.out().contains("converged=true"), result.out());
    assertTrue(result.out().contains("(required <= 1e-8: met)"), result.out());
    assertTrue(result.out().contains("R baseline: none measured"), result.out());
  }

  @Test
  void benchWithoutASubcommandIsAUsageError() {
    assertEquals(ExitCodes.USAGE, run("bench").exitCode());
  }
}
