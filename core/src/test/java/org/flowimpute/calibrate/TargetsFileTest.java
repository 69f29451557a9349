package org.flowimpute.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.flowimpute.calibrate.targets.TargetsFile;
import org.flowimpute.calibrate.targets.TargetsReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Targets files (YAML and JSON) become the constraints they describe, and are met. */
class TargetsFileTest {

  private static final int N = 3000;

  /** Ages 18..77, sex F/M alternating, region A/B/C, incomes ≥ 0; base weight 2. */
  private static CalibrationData people() {
    double[] q = new double[N];
    double[] age = new double[N];
    double[] income = new double[N];
    String[] sex = new String[N];
    String[] region = new String[N];
    java.util.Random random = new java.util.Random(11);
    for (int i = 0; i < N; i++) {
      q[i] = 2.0;
      age[i] = 18 + random.nextInt(60);
      income[i] = Math.max(0, 20000 + 400 * (age[i] - 40) + 8000 * random.nextGaussian());
      sex[i] = i % 2 == 0 ? "F" : "M";
      region[i] = new String[] {"A", "B", "C"}[random.nextInt(3)];
    }
    return CalibrationData.withBaseWeights(q)
        .numeric("age", age)
        .numeric("income", income)
        .categorical("sex", sex)
        .categorical("region", region)
        .build();
  }

  private static Map<String, ConstraintReport> solve(TargetsFile targets) {
    CalibrationResult result =
        EmmSolver.with(SolverOptions.defaults()).solve(ProblemBuilder.build(targets, people()));
    return result.report().constraintReports().stream()
        .collect(Collectors.toMap(ConstraintReport::name, Function.identity()));
  }

  @Test
  void yamlWithEveryStatisticIsMet() {
    TargetsFile targets =
        TargetsReader.parse(
            """
            targets:
              - name: population
                statistic: count
                value: 6500
              - name: income
                statistic: total
                column: income
                by: [region]
                cells:
                  - {group: {region: A}, value: 45000000}
                  - {group: {region: B}, value: 42000000}
                  - {group: {region: C}, value: 44000000}
              - name: mean_age
                statistic: mean
                column: age
                by: [sex]
                cells:
                  - {group: {sex: F}, value: 49}
                  - {group: {sex: M}, value: 46}
              - name: female
                statistic: share
                column: sex
                category: F
                value: 0.52
              - name: age_bins
                statistic: histogram
                column: age
                edges: [18, 30, 50, 77]
                shares: [0.2, 0.4, 0.4]
            """,
            true);

    Map<String, ConstraintReport> reports = solve(targets);

    assertEquals(6500, reports.get("population").achieved(), 1e-6);
    assertEquals(45000000, reports.get("income[region=A]").achieved(), 1e-3);
    assertEquals(49, reports.get("mean_age[sex=F]").achieved(), 1e-9);
    assertEquals(0.52, reports.get("female").achieved(), 1e-12);
    assertEquals(0.4, reports.get("age_bins[30,50)").achieved(), 1e-12);
    assertEquals(0.4, reports.get("age_bins[50,77]").achieved(), 1e-12);
    assertEquals(0.2, reports.get("age_bins[18,30)").achieved(), 1e-12);
    assertEquals(
        1,
        reports.values().stream().filter(r -> r.status().equals("implied")).count(),
        "one bin share follows from the others");
  }

  /**
   * Shares summing to 1 over edges that leave records of the group outside could be met only with
   * weights of 0: the solver drove those records to w/q of about 4e-8 and reported "converged".
   */
  @Test
  void histogramSharesSummingToOneWithRecordsOutsideTheEdgesAreRefused() {
    TargetsFile toSeventy =
        TargetsReader.parse(
            """
            targets:
              - {name: age_bins, statistic: histogram, column: age, edges: [18, 30, 50, 70],
                 shares: [0.2, 0.4, 0.4]}
            """,
            true);
    CalibrationData people = people();
    double[] ages = people.numericColumn("age");
    int firstOutside = 0;
    while (ages[firstOutside] <= 70) {
      firstOutside++;
    }

    InfeasibleTargetsException error =
        assertThrows(
            InfeasibleTargetsException.class, () -> ProblemBuilder.build(toSeventy, people));

    assertTrue(
        error
            .getMessage()
            .startsWith("inconsistent targets: histogram shares of 'age_bins' sum to 1, but "),
        error.getMessage());
    assertTrue(
        error
            .getMessage()
            .contains(
                "lie outside the edges [18, 70] (the first: row "
                    + (firstOutside + 1)
                    + ", field 'age' = "
                    + (long) ages[firstOutside]
                    + ")"),
        error.getMessage());
  }

  @Test
  void jsonFileWithBandAndClassIsRead() {
    TargetsFile targets =
        TargetsReader.parse(
            """
            {"classColumn": "sex",
             "targets": [
               {"name": "mean_age_f", "statistic": "mean", "column": "age", "class": "F",
                "loss": {"type": "band"}, "lower": 50, "upper": 52},
               {"name": "count_f", "statistic": "count", "class": "F", "value": 3000}
             ]}
            """,
            false);

    Map<String, ConstraintReport> reports = solve(targets);

    assertEquals(
        50,
        reports.get("mean_age_f[>=]").achieved(),
        1e-8,
        "the sample mean (~47.5) is below the band, so the lower edge binds");
    assertEquals(3000, reports.get("count_f").achieved(), 1e-6);
    assertEquals(0.0, reports.get("mean_age_f[<=]").multiplier(), "upper edge slack");
  }

  @Test
  void bandThatAlreadyHoldsLeavesWeightsAlone() {
    TargetsFile targets =
        TargetsReader.parse(
            """
            targets:
              - name: population
                statistic: count
                loss: band
                lower: 1000
                upper: 10000
            """,
            true);

    CalibrationResult result =
        EmmSolver.with(SolverOptions.defaults()).solve(ProblemBuilder.build(targets, people()));

    assertEquals(1.0, result.report().minWeightRatio(), 0.0);
    assertEquals(1.0, result.report().maxWeightRatio(), 0.0);
  }

  @Test
  void klAndLeastSquaresMissByLessAsLambdaShrinks() {
    for (String loss : List.of("kl", "least_squares")) {
      String yaml =
          """
          targets:
            - name: population
              statistic: count
              value: 9000
              loss: %s
          """
              .formatted(loss);
      CalibrationProblem problem = ProblemBuilder.build(TargetsReader.parse(yaml, true), people());

      double loose =
          EmmSolver.with(SolverOptions.defaults().withLambda(1))
              .solve(problem)
              .report()
              .maxRelativeError();
      double tight =
          EmmSolver.with(SolverOptions.defaults().withLambda(1e-3))
              .solve(problem)
              .report()
              .maxRelativeError();

      assertTrue(tight < loose / 100, loss + ": " + tight + " vs " + loose);
      assertTrue(tight < 1e-3, loss);
    }
  }

  @Test
  void sharesOfAllCategoriesMustSumToOne() {
    TargetsFile targets =
        TargetsReader.parse(
            """
            targets:
              - name: female
                statistic: share
                column: sex
                category: F
                value: 0.6
              - name: male
                statistic: share
                column: sex
                category: M
                value: 0.5
            """,
            true);

    InfeasibleTargetsException error =
        assertThrows(
            InfeasibleTargetsException.class, () -> ProblemBuilder.build(targets, people()));

    assertEquals(List.of("female", "male"), error.constraintNames());
  }

  /**
   * One rule for soft and hard shares: soft shares of every category summing to 1.2 and a soft
   * histogram over every record summing to 0.999 are both refused (the histogram was accepted, and
   * its rows were met by shrinking every weight).
   */
  @Test
  void softSharesAndSoftHistogramsFollowTheSameSumRule() {
    TargetsFile shares =
        TargetsReader.parse(
            """
            targets:
              - {name: female, statistic: share, column: sex, category: F, value: 0.6,
                 loss: least_squares}
              - {name: male, statistic: share, column: sex, category: M, value: 0.6,
                 loss: least_squares}
            """,
            true);
    TargetsFile histogram =
        TargetsReader.parse(
            """
            targets:
              - {name: ages, statistic: histogram, column: age, edges: [0, 50, 120],
                 shares: [0.5, 0.499], loss: least_squares}
            """,
            true);

    InfeasibleTargetsException sharesError =
        assertThrows(
            InfeasibleTargetsException.class, () -> ProblemBuilder.build(shares, people()));
    InfeasibleTargetsException histogramError =
        assertThrows(
            InfeasibleTargetsException.class, () -> ProblemBuilder.build(histogram, people()));

    assertEquals(
        "inconsistent targets: shares of 'sex' sum to 1.2 but must sum to 1 (they cover every"
            + " category present): female, male",
        sharesError.getMessage());
    assertEquals(
        "inconsistent targets: histogram shares of 'ages' sum to 0.999 but must sum to 1 (every"
            + " record of the group lies inside the edges)",
        histogramError.getMessage());
    assertEquals(List.of("ages[0,50)", "ages[50,120]"), histogramError.constraintNames());
  }

  @Test
  void fileErrorsNameTheTargetAndWhatIsWrong() {
    IllegalArgumentException unknownColumn =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ProblemBuilder.build(
                    TargetsReader.parse(
                        "targets: [{name: t, statistic: total, column: wage, value: 1}]", true),
                    people()));
    IllegalArgumentException badStatistic =
        assertThrows(
            IllegalArgumentException.class,
            () -> TargetsReader.parse("targets: [{name: t, statistic: median, value: 1}]", true));
    IllegalArgumentException missingLevel =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ProblemBuilder.build(
                    TargetsReader.parse(
                        "targets: [{name: t, statistic: count, by: [sex], cells: [{group: {}, value: 1}]}]",
                        true),
                    people()));

    assertTrue(
        unknownColumn.getMessage().contains("target 't'")
            && unknownColumn.getMessage().contains("'wage'"),
        unknownColumn.getMessage());
    assertTrue(
        badStatistic.getMessage().contains("unknown statistic 'median'"),
        badStatistic.getMessage());
    assertTrue(missingLevel.getMessage().contains("[sex]"), missingLevel.getMessage());
  }

  private static String parseError(String yaml) {
    return assertThrows(IllegalArgumentException.class, () -> TargetsReader.parse(yaml, true))
        .getMessage();
  }

  @Test
  void emptyEntriesAreNamedWithTheirPlaceInTheFile() {
    assertEquals(
        "target 'people': cell group {region=null}: no level given for 'region' (at targets[0].cells[0])",
        parseError(
            """
            targets:
              - name: people
                statistic: count
                by: [region]
                cells:
                  - {group: {region: }, value: 900000}
            """));
    assertEquals(
        "target 'people': cells: entry 1 is empty, expected a cell with a group and a value"
            + " (at targets[0])",
        parseError(
            """
            targets:
              - name: people
                statistic: count
                by: [region]
                cells:
                  -
                  - {group: {region: north}, value: 900000}
            """));
    assertEquals(
        "target 'h': shares: entry 2 is empty, expected a number (at targets[0])",
        parseError(
            """
            targets:
              - {name: h, statistic: histogram, column: age, edges: [0, 18, 200], shares: [0.5, null]}
            """));
    assertEquals(
        "target 'h': cell shares: entry 1 is empty, expected a number (at targets[0].cells[0])",
        parseError(
            """
            targets:
              - name: h
                statistic: histogram
                column: age
                edges: [0, 18, 200]
                by: [sex]
                cells: [{group: {sex: F}, shares: [~, 0.5]}]
            """));
    assertEquals(
        "target 'h': edges: entry 2 is empty, expected a number (at targets[0])",
        parseError(
            "targets: [{name: h, statistic: histogram, column: age, edges: [0, ~], shares: [1]}]"));
    assertEquals(
        "target 'c': by: entry 1 is empty, expected a column name (at targets[0])",
        parseError("targets: [{name: c, statistic: count, by: [~], cells: [{value: 1}]}]"));
    assertEquals(
        "targets: entry 1 is empty, expected a target",
        parseError(
            """
            targets:
              -
              - {name: people, statistic: count, value: 5}
            """));
    assertEquals(
        "the document is empty (null): expected a mapping with 'targets'", parseError("~"));
    assertEquals(
        "target 'b': field 'shares': a share must be in [0, 1], got -0.2 (entry 1) (at targets[0])",
        parseError(
            "targets:\n  - {name: b, statistic: histogram, column: age, edges: [0, 50, 120],"
                + " shares: [-0.2, 1.2]}\n"));
    assertEquals(
        "target 's': field 'value': a share must be in [0, 1], got 1.5 (at targets[0])",
        parseError(
            "targets:\n  - {name: s, statistic: share, column: sex, category: f, value: 1.5}\n"));
    assertEquals(
        "the file is empty: expected a mapping with 'targets' (see docs/calibration.md)",
        parseError(""));
    assertEquals(
        "the file is empty: expected a mapping with 'targets' (see docs/calibration.md)",
        parseError("\n  \n"));
    assertEquals(
        "target name 'a' used twice (at targets[0] and householdTargets[1]): give each target a"
            + " name of its own",
        parseError(
            """
            targets:
              - {name: a, statistic: count, value: 5}
            householdTargets:
              - {name: h, statistic: count, value: 5}
              - {name: a, statistic: count, value: 5}
            """));
    assertEquals(
        "householdTargets: entry 2 is empty, expected a target",
        parseError(
            """
            householdTargets:
              - {name: households, statistic: count, value: 5}
              - ~
            """));
  }

  /**
   * A file not named .json is read as YAML, which also reads JSON: a YAML file named .txt was
   * parsed as JSON ("Unrecognized token 'targets'").
   */
  @Test
  void filesNotNamedJsonAreReadAsYamlWhichAlsoReadsJson(@TempDir Path dir) throws IOException {
    Path yamlAsText =
        Files.writeString(
            dir.resolve("targets.txt"),
            "targets:\n  - {name: households, statistic: count, value: 5}\n");
    Path jsonAsText =
        Files.writeString(
            dir.resolve("targets.conf"),
            "{\"targets\": [{\"name\": \"households\", \"statistic\": \"count\", \"value\": 5}]}");

    assertEquals("households", TargetsReader.read(yamlAsText).targets().get(0).name());
    assertEquals("households", TargetsReader.read(jsonAsText).targets().get(0).name());
  }

  /**
   * A UTF-8 byte-order mark (Windows editors write one) is not part of the file, in JSON as in
   * YAML: JSON failed with Jackson's "Unexpected character ('\uFEFF' (code 65279 / 0xfeff))".
   */
  @Test
  void aByteOrderMarkBeforeJsonOrYamlIsNotPartOfTheFile(@TempDir Path dir) throws IOException {
    String json =
        "{\"targets\": [{\"name\": \"households\", \"statistic\": \"count\", \"value\": 5}]}";
    String yaml = "targets:\n  - {name: households, statistic: count, value: 5}\n";
    byte[] mark = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    for (Map.Entry<String, String> file : Map.of("t.json", json, "t.yaml", yaml).entrySet()) {
      Path marked = dir.resolve(file.getKey());
      Files.write(marked, mark);
      Files.writeString(marked, file.getValue(), java.nio.file.StandardOpenOption.APPEND);

      assertEquals("households", TargetsReader.read(marked).targets().get(0).name(), file.getKey());
    }
    assertEquals("households", TargetsReader.parse("\uFEFF" + json, false).targets().get(0).name());
  }

  /** Unknown fields are named with the known ones and their path, without Jackson's internals. */
  @Test
  void unknownFieldsAreNamedWithTheirPath() {
    String message =
        parseError(
            """
            targets:
              - name: x
                statistic: count
                valu: 3
            """);

    assertTrue(message.startsWith("target 'x': unknown field 'valu' (expected one of ["), message);
    assertTrue(message.contains(", value, "), message);
    assertFalse(message.contains("org.flowimpute"), message);
    assertTrue(message.endsWith(" (line 4, at targets[0].valu)"), message);
  }

  /**
   * The line is the unknown field's own: Jackson reports it where its object ends, which was the
   * next target's line (or the end of the file), also inside cells.
   */
  @Test
  void unknownFieldsAreFoundOnTheirOwnLine() {
    String inCells =
        parseError(
            """
            targets:
              - name: x
                statistic: count
                by: [region]
                cells:
                  - group: {region: north}
                    valu: 3
                  - {group: {region: south}, value: 4}
              - name: y
                statistic: count
                value: 5
            """);

    assertTrue(inCells.endsWith(" (line 7, at targets[0].cells[0].valu)"), inCells);
  }

  /** Keys holding '/' or '~' are found too (a JSON pointer escapes them). */
  @Test
  void unknownFieldsWithSlashOrTildeAreFoundOnTheirLine() {
    for (String key : List.of("va/lu", "va~lu")) {
      String message =
          parseError("targets:\n  - name: x\n    statistic: count\n    " + key + ": 3\n");

      assertTrue(message.endsWith(" (line 4, at targets[0]." + key + ")"), message);
    }
  }

  /**
   * A YAML syntax error is one line, its problems each with their line and column: SnakeYAML's
   * message spans eight, with the text and a caret, and the CLI and the stream's targets check
   * promise one (since the unknown-field check reads the whole file first, such errors come from
   * the parser rather than from the typed read).
   */
  @Test
  void aYamlSyntaxErrorIsOneLineWithItsPlaces() {
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                TargetsReader.parse("targets:\n  - name: [mean_age\n    statistic: mean\n", true));

    assertEquals(
        "while parsing a flow sequence (line 2, column 11): expected ',' or ']', but got :"
            + " (line 3, column 14)",
        error.getMessage());
  }
}
