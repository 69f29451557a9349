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
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.calibrate.RFixtures;
import org.flowimpute.table.Tables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code calibrate --calfun linear|logit} against R survey's exact outputs, and how the other
 * distances go with soft targets, households, --lambda and the options they refuse.
 *
 * <p>The R fixtures are core's test resources {@code /calibrate/r-survey} (R 4.2.2, survey 4.1-1;
 * on this module's test classpath through core's test-jar, see the README there): the Kalton &
 * Flores-Cervantes example of survey's tests/kalton.R ({@code kalton_cells.csv}) and apiclus1 of
 * tests/rakecheck.R ({@code api_clus1_input.csv}, {@code api_clus1_weights.csv}).
 */
class CalibrateCalfunTest {

  @TempDir Path directory;

  private CommandRun calibrate(Path data, Path targets, Path out, String... extraOptions) {
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
            out.toString()),
        extraOptions);
  }

  private Path write(String name, CharSequence content) throws IOException {
    Path file = directory.resolve(name);
    Files.writeString(file, content);
    return file;
  }

  /** ten.csv: records r1..r10 with x = 1..10 and base weight w = 1. */
  private Path tenRecords() throws IOException {
    StringBuilder csv = new StringBuilder("id,x,w\n");
    for (int x = 1; x <= 10; x++) {
      csv.append(String.format(Locale.ROOT, "r%d,%d,1%n", x, x));
    }
    return write("ten.csv", csv);
  }

  private static double number(GenericRecord row, String field) {
    return Double.parseDouble(row.get(field).toString());
  }

  /** Kalton's 1000 records, base weight 1, with the column of R's cell factor g named {@code g}. */
  private Path kaltonData(String gColumn) throws IOException {
    StringBuilder csv = new StringBuilder("a,b,w,g\n");
    for (Map<String, String> cell : RFixtures.read("kalton_cells.csv")) {
      for (int i = 0; i < Integer.parseInt(cell.get("n_sample")); i++) {
        csv.append(cell.get("a"))
            .append(',')
            .append(cell.get("b"))
            .append(",1,")
            .append(cell.get(gColumn))
            .append('\n');
      }
    }
    return write("kalton-" + gColumn + ".csv", csv);
  }

  /**
   * Kalton's margins calibrated linearly (R {@code calfun = "linear"}), truncated linear and logit
   * with bounds (0.5, 2.2) give R's cell factors: to 1e-10 unbounded; bounded, R stops at its
   * default tolerance, so to 1e-6 (docs/calibration.md, "Exactness against R").
   */
  @ParameterizedTest
  @CsvSource({
    "linear, '', g_linear, 1e-10, chi_square",
    "linear, 0.5;2.2, g_trunc, 1e-6, chi_square",
    "logit, 0.5;2.2, g_logit, 1e-6, logit"
  })
  void kaltonCellFactorsAreRs(
      String calfun, String bounds, String gColumn, double tolerance, String divergence)
      throws IOException {
    Path out = directory.resolve("kalton-out.csv");
    Path report = directory.resolve("kalton.json");
    String[] options =
        bounds.isEmpty()
            ? new String[] {"--calfun", calfun, "--report", report.toString()}
            : new String[] {
              "--calfun",
              calfun,
              "--bounds",
              bounds.replace(';', ','),
              "--report",
              report.toString()
            };

    CommandRun result =
        calibrate(
            kaltonData(gColumn), write("kalton.yaml", RFixtures.KALTON_MARGINS), out, options);

    result.assertOk();
    List<GenericRecord> rows = Tables.readAll(out);
    assertEquals(1000, rows.size());
    double worst = 0;
    for (GenericRecord row : rows) {
      worst = Math.max(worst, Math.abs(number(row, "w_calibrated") / number(row, "g") - 1));
    }
    assertTrue(worst < tolerance, calfun + " " + bounds + ": max relative difference " + worst);
    JsonNode json = new ObjectMapper().readTree(report.toFile());
    assertEquals(calfun, json.get("calfun").asText());
    assertEquals(divergence, json.at("/solve/divergence").asText());
    assertEquals(0, json.at("/negativeWeights/negative").asInt(-1));
    assertTrue(result.out().contains("calfun " + calfun + ": Kish"), result.out());
    assertFalse(result.out().contains("NEGATIVE"), result.out());
    assertEquals("", result.err());
  }

  /**
   * apiclus1 (183 schools, base weights pw) calibrated linearly to the stype and sch.wide margins
   * gives R's {@code calibrate(calfun = "linear")} weights to 1e-10, in one Newton step.
   */
  @Test
  void apiclus1LinearWeightsAreRs() throws IOException {
    List<Map<String, String>> schools = RFixtures.read("api_clus1_input.csv");
    List<Map<String, String>> weights = RFixtures.read("api_clus1_weights.csv");
    StringBuilder csv = new StringBuilder("row,stype,sch_wide,w,r_linear\n");
    for (int i = 0; i < schools.size(); i++) {
      Map<String, String> school = schools.get(i);
      assertEquals(school.get("row"), weights.get(i).get("row"));
      csv.append(
          String.join(
              ",",
              school.get("row"),
              school.get("stype"),
              school.get("sch.wide"),
              school.get("pw"),
              weights.get(i).get("w_cal_linear")));
      csv.append('\n');
    }
    Path targets =
        write(
            "api.yaml",
            """
            targets:
              - name: stype
                statistic: count
                by: [stype]
                cells:
                  - {group: {stype: E}, value: 4421}
                  - {group: {stype: H}, value: 755}
                  - {group: {stype: M}, value: 1018}
              - name: schwide
                statistic: count
                by: [sch_wide]
                cells:
                  - {group: {sch_wide: "No"}, value: 1072}
                  - {group: {sch_wide: "Yes"}, value: 5122}
            """);
    Path out = directory.resolve("api-out.csv");
    Path report = directory.resolve("api.json");

    CommandRun result =
        calibrate(
            write("api.csv", csv),
            targets,
            out,
            "--calfun",
            "LINEAR",
            "--report",
            report.toString());

    result.assertOk();
    List<GenericRecord> rows = Tables.readAll(out);
    assertEquals(183, rows.size());
    for (GenericRecord row : rows) {
      double expected = number(row, "r_linear");
      assertEquals(expected, number(row, "w_calibrated"), 1e-10 * expected, row.toString());
    }
    JsonNode solve = new ObjectMapper().readTree(report.toFile()).get("solve");
    assertEquals(1, solve.get("iterations").asInt());
    assertEquals("chi_square", solve.get("divergence").asText());
  }

  /**
   * Ten records x = 1..10 of base weight 1 calibrated linearly to a count of 10 and a total of 100
   * (base 55): GREG gives w = 1 + λ₀ + λ₁x with λ₁ = 45/82.5 and λ₀ = −5.5 λ₁, negative for x = 1,
   * 2, 3. They are written, and the summary, a warning and the report count them; they are not
   * called nearly 0.
   */
  @Test
  void negativeLinearWeightsAreWrittenAndCounted() throws IOException {
    Path data = tenRecords();
    Path targets =
        write(
            "ten.yaml",
            """
            targets:
              - {name: n, statistic: count, value: 10}
              - {name: x, statistic: total, column: x, value: 100}
            """);
    Path out = directory.resolve("ten-out.csv");
    Path report = directory.resolve("ten.json");

    CommandRun result =
        calibrate(data, targets, out, "--calfun", "linear", "--report", report.toString());

    result.assertOk();
    double slope = 45 / 82.5;
    List<GenericRecord> rows = Tables.readAll(out);
    for (GenericRecord row : rows) {
      double x = number(row, "x");
      assertEquals(1 - 5.5 * slope + slope * x, number(row, "w_calibrated"), 1e-12, "x = " + x);
    }
    assertTrue(result.out().contains("w/q in [-1.455, 3.455], 3 NEGATIVE weights, "), result.out());
    assertEquals(
        "warning: 3 of 10 calibrated weights are negative (the first: "
            + data
            + " row 1, w = -1.45455, q = 1): linear calibration (GREG) gives them where the targets ask more of a"
            + " record than its base weight gives, as R's calfun = \"linear\" does; the targets"
            + " are met, but a second calibrate refuses them as base weights and evaluate refuses"
            + " weights <= 0; --bounds L,U with L >= 0 keeps every w/q within [L, U] (truncated"
            + " linear), or use --calfun raking",
        result.err().strip());
    JsonNode json = new ObjectMapper().readTree(report.toFile());
    assertEquals(3, json.at("/negativeWeights/negative").asInt());
    assertEquals(data + " row 1", json.at("/negativeWeights/first/record").asText());
    assertEquals(0, json.at("/vanishingWeights/nearlyZero").asInt(-1));
    assertTrue(json.at("/solve/minWeightRatio").asDouble() < -1.45);
  }

  /**
   * The ten records of {@link #negativeLinearWeightsAreWrittenAndCounted} with --bounds -2,5, which
   * the GREG weights (w/q from -1.455 to 3.455) lie within: the same weights. The warning says the
   * bounds allow them; it had advised "--bounds L,U with L >= 0 … or use --calfun raking" to a user
   * who had asked for negative weights with --bounds.
   */
  @Test
  void negativeWeightsWithinANegativeLowerBoundAreSaidToBeAllowed() throws IOException {
    Path data = tenRecords();
    Path targets =
        write(
            "ten.yaml",
            """
            targets:
              - {name: n, statistic: count, value: 10}
              - {name: x, statistic: total, column: x, value: 100}
            """);
    Path out = directory.resolve("ten-out.csv");

    CommandRun result = calibrate(data, targets, out, "--calfun", "linear", "--bounds", "-2,5");

    result.assertOk();
    double slope = 45 / 82.5;
    for (GenericRecord row : Tables.readAll(out)) {
      double x = number(row, "x");
      assertEquals(1 - 5.5 * slope + slope * x, number(row, "w_calibrated"), 1e-9, "x = " + x);
    }
    assertEquals(
        "warning: 3 of 10 calibrated weights are negative (the first: "
            + data
            + " row 1, w = -1.45455, q = 1): --bounds allow w/q down to -2, and linear"
            + " calibration gives negative weights where the targets ask more of a record than its"
            + " base weight gives; the targets are met, but a second calibrate refuses them as base"
            + " weights and evaluate refuses weights <= 0",
        result.err().strip());
  }

  /**
   * The ten records of {@link #negativeLinearWeightsAreWrittenAndCounted} with a second count of
   * all records at 12 beside the count of 10: no weights of any sign meet both, so soften makes
   * them least squares and keeps the total hard. The GREG weights are still negative for small x,
   * and the warning says that only the targets left hard are met.
   */
  @Test
  void negativeWeightsAfterSofteningSayOnlyTheHardTargetsAreMet() throws IOException {
    Path data = tenRecords();
    Path targets =
        write(
            "ten.yaml",
            """
            targets:
              - {name: n, statistic: count, value: 10}
              - {name: all, statistic: count, value: 12}
              - {name: x, statistic: total, column: x, value: 100}
            """);
    Path out = directory.resolve("ten-out.csv");

    CommandRun failed = calibrate(data, targets, out, "--calfun", "linear");
    CommandRun softened =
        calibrate(data, targets, out, "--calfun", "linear", "--on-infeasible", "soften");

    assertEquals(ExitCodes.FAILURE, failed.exitCode());
    assertTrue(
        failed.err().startsWith("error: inconsistent targets: 'all' = 12 but 'n' = 10.0 imply 10"),
        failed.err());
    softened.assertOk();
    assertTrue(softened.out().contains("(softened all, n)"), softened.out());
    double total = 0;
    for (GenericRecord row : Tables.readAll(out)) {
      total += number(row, "w_calibrated") * number(row, "x");
    }
    assertEquals(100, total, 1e-9);
    assertTrue(
        softened
            .err()
            .contains(
                "as R's calfun = \"linear\" does; the targets left hard are met (the softened ones"
                    + " as their least-squares compromise), but a second calibrate refuses them"),
        softened.err());
  }

  /** The ratio function g(u) = (D')⁻¹(u) of a --calfun with bounds L, U, written as R writes it. */
  private static DoubleUnaryOperator ratio(String calfun, double lower, double upper) {
    return switch (calfun) {
      case "raking" -> u -> Math.min(Math.max(Math.exp(u), lower), upper);
      case "linear" -> u -> Math.min(Math.max(1 + u, lower), upper);
      case "logit" -> {
        // survey's grake: g = (L(U−1) + U(1−L)e^{Au}) / ((U−1) + (1−L)e^{Au}), which is U or L
        // to double precision once |Au| > 700 (the multipliers of softened targets are large)
        double a = (upper - lower) / ((1 - lower) * (upper - 1));
        yield u ->
            Math.abs(a * u) > 700
                ? (u > 0 ? upper : lower)
                : (lower * (upper - 1) + upper * (1 - lower) * Math.exp(a * u))
                    / ((upper - 1) + (1 - lower) * Math.exp(a * u));
      }
      default -> throw new IllegalArgumentException(calfun);
    };
  }

  /**
   * A soft total (least squares or KL, explicit scale s) at --lambda 0.5 meets the optimality
   * condition of each distance, with or without bounds: every w_i/q_i = g(u_i), u_i = −(Q/λ)·ℓ'(a)·
   * x_i, where a = Σ w x is the achieved total, Q = Σ q, ℓ'(a) = (a − t)/s² for least squares and
   * (t/s²)(1 − t/a) for KL. The target is 1.5 times the base total, so the soft target is missed on
   * purpose and, with bounds, some weights sit at one.
   */
  @ParameterizedTest
  @CsvSource({
    "linear, least_squares, ''",
    "linear, kl, ''",
    "linear, least_squares, 0.8;1.3",
    "logit, least_squares, 0.8;1.3",
    "logit, kl, 0.8;1.3",
    "raking, least_squares, ''"
  })
  void softTargetsMeetTheOptimalityConditionsOfTheDistance(
      String calfun, String loss, String bounds) throws IOException {
    StringBuilder csv = new StringBuilder("id,x,w\n");
    double baseWeights = 0;
    double baseTotal = 0;
    for (int i = 0; i < 200; i++) {
      double x = 1 + (i * 37) % 50;
      double q = 5 + i % 7;
      baseWeights += q;
      baseTotal += q * x;
      csv.append(String.format(Locale.ROOT, "%d,%.0f,%.0f%n", i, x, q));
    }
    double target = 1.5 * baseTotal;
    double scale = target;
    double lambda = 0.5;
    Path targets =
        write(
            "soft.yaml",
            String.format(
                Locale.ROOT,
                """
                targets:
                  - name: x
                    statistic: total
                    column: x
                    value: %.1f
                    loss: {type: %s, scale: %.1f, weight: 1}
                """,
                target,
                loss,
                scale));
    Path out = directory.resolve("soft-out.csv");
    String[] boundOptions =
        bounds.isEmpty() ? new String[0] : new String[] {"--bounds", bounds.replace(';', ',')};
    String[] options =
        Stream.concat(Stream.of("--calfun", calfun, "--lambda", "0.5"), Stream.of(boundOptions))
            .toArray(String[]::new);

    CommandRun result = calibrate(write("soft.csv", csv), targets, out, options);

    result.assertOk();
    List<GenericRecord> rows = Tables.readAll(out);
    double achieved = 0;
    for (GenericRecord row : rows) {
      achieved += number(row, "w_calibrated") * number(row, "x");
    }
    assertTrue(Math.abs(achieved - target) > 1e-3 * target, "missed on purpose: " + achieved);
    double derivative =
        loss.equals("kl")
            ? (target / (scale * scale)) * (1 - target / achieved)
            : (achieved - target) / (scale * scale);
    double lower = bounds.isEmpty() ? Double.NEGATIVE_INFINITY : 0.8;
    double upper = bounds.isEmpty() ? Double.POSITIVE_INFINITY : 1.3;
    DoubleUnaryOperator g = ratio(calfun, lower, upper);
    int atBound = 0;
    for (GenericRecord row : rows) {
      double u = -(baseWeights / lambda) * derivative * number(row, "x");
      double ratio = number(row, "w_calibrated") / number(row, "w");
      assertEquals(g.applyAsDouble(u), ratio, 1e-7, row.toString());
      atBound += ratio <= lower + 1e-9 || ratio >= upper - 1e-9 ? 1 : 0;
    }
    if (!bounds.isEmpty() && calfun.equals("linear")) {
      assertTrue(atBound > 0, "some weights at a bound");
    }
  }

  /**
   * A band whose base total lies above it is met at its upper edge, so the linear or logit weights
   * equal those of an equality target at that edge.
   */
  @ParameterizedTest
  @CsvSource({"linear, ''", "logit, 0.5;2"})
  void aBandIsMetAtItsNearerEdge(String calfun, String bounds) throws IOException {
    StringBuilder csv = new StringBuilder("id,x,w\n");
    for (int i = 0; i < 100; i++) {
      csv.append(String.format(Locale.ROOT, "%d,%d,%d%n", i, 1 + i % 10, 2 + i % 3));
    }
    Path data = write("band.csv", csv);
    Path band =
        write(
            "band.yaml",
            """
            targets:
              - {name: n, statistic: count, value: 330}
              - {name: x, statistic: total, column: x, loss: band, lower: 1200, upper: 1500}
            """);
    Path edge =
        write(
            "edge.yaml",
            """
            targets:
              - {name: n, statistic: count, value: 330}
              - {name: x, statistic: total, column: x, value: 1500}
            """);
    String[] options =
        bounds.isEmpty()
            ? new String[] {"--calfun", calfun}
            : new String[] {"--calfun", calfun, "--bounds", bounds.replace(';', ',')};
    Path bandOut = directory.resolve("band-out.csv");
    Path edgeOut = directory.resolve("edge-out.csv");

    CommandRun banded = calibrate(data, band, bandOut, options);
    CommandRun equality = calibrate(data, edge, edgeOut, options);

    banded.assertOk();
    equality.assertOk();
    List<GenericRecord> bandRows = Tables.readAll(bandOut);
    List<GenericRecord> edgeRows = Tables.readAll(edgeOut);
    double total = 0;
    for (int i = 0; i < bandRows.size(); i++) {
      double w = number(bandRows.get(i), "w_calibrated");
      assertEquals(number(edgeRows.get(i), "w_calibrated"), w, 1e-9 * w, "row " + i);
      total += w * number(bandRows.get(i), "x");
    }
    assertEquals(1500, total, 1e-7);
  }

  /**
   * Households of 1–4 persons with base weights 2–6 calibrated linearly to a person count and a
   * household count: one weight per household, the GREG weight w_h = q_h(1 + λ₀ + λ₁·size_h) with
   * (λ₀, λ₁) solving the 2×2 system Σ q F Fᵀ λ = t − Σ q F, F_h = (1, size_h).
   */
  @Test
  void householdsGetTheirGregWeight() throws IOException {
    StringBuilder csv = new StringBuilder("hid,w\n");
    double[] sums = new double[3]; // Σq, Σq·size, Σq·size²
    for (int h = 0; h < 60; h++) {
      int size = 1 + (h * 7) % 4;
      int q = 2 + h % 5;
      sums[0] += q;
      sums[1] += q * size;
      sums[2] += q * size * size;
      for (int m = 0; m < size; m++) {
        csv.append("h").append(h).append(',').append(q).append('\n');
      }
    }
    double households = 1.1 * sums[0];
    double persons = 0.95 * sums[1];
    Path targets =
        write(
            "hh.yaml",
            String.format(
                Locale.ROOT,
                """
                targets:
                  - {name: persons, statistic: count, value: %.6f}
                householdTargets:
                  - {name: households, statistic: count, value: %.6f}
                """,
                persons,
                households));
    double r0 = households - sums[0];
    double r1 = persons - sums[1];
    double det = sums[0] * sums[2] - sums[1] * sums[1];
    double lambda0 = (sums[2] * r0 - sums[1] * r1) / det;
    double lambda1 = (sums[0] * r1 - sums[1] * r0) / det;
    Path out = directory.resolve("hh-out.csv");

    CommandRun result =
        calibrate(
            write("hh.csv", csv), targets, out, "--calfun", "linear", "--household-id", "hid");

    result.assertOk();
    for (GenericRecord row : Tables.readAll(out)) {
      int h = Integer.parseInt(row.get("hid").toString().substring(1));
      int size = 1 + (h * 7) % 4;
      double expected = (2 + h % 5) * (1 + lambda0 + lambda1 * size);
      assertEquals(expected, number(row, "w_calibrated"), 1e-10 * expected, row.toString());
    }
    assertTrue(result.out().contains("60 households ("), result.out());
  }

  /**
   * Logit without bounds, or with a bound it cannot keep, and an unknown --calfun are usage errors
   * naming the options, before the data is read (the --data here does not exist).
   */
  @Test
  void calfunsThatCannotGoWithTheOtherOptionsAreUsageErrors() throws IOException {
    Path missing = directory.resolve("missing.csv");
    Path targets = write("t.yaml", RFixtures.KALTON_MARGINS);
    Path out = directory.resolve("never.csv");

    CommandRun noBounds = calibrate(missing, targets, out, "--calfun", "logit");
    CommandRun infinite =
        calibrate(missing, targets, out, "--calfun", "logit", "--bounds", "0.5,Infinity");
    CommandRun unknown = calibrate(missing, targets, out, "--calfun", "probit");

    assertEquals(ExitCodes.USAGE, noBounds.exitCode(), noBounds.err());
    assertEquals(
        "--calfun logit needs finite --bounds L,U with 0 <= L < 1 < U (the logit distance keeps"
            + " every w/q strictly inside them), e.g. --bounds 0.5,2.2",
        noBounds.err().lines().findFirst().orElseThrow());
    assertEquals(ExitCodes.USAGE, infinite.exitCode(), infinite.err());
    assertEquals(
        "--bounds: logit calibration needs finite bounds 0 <= L < 1 < U, got [0.5, Infinity]:"
            + " --calfun logit keeps every w/q strictly inside finite bounds, e.g. 0.5,2.2",
        infinite.err().lines().findFirst().orElseThrow());
    assertEquals(ExitCodes.USAGE, unknown.exitCode(), unknown.err());
    assertEquals(
        "Invalid value for option '--calfun': expected one of [raking, linear, logit] (any case)"
            + " but was 'probit'",
        unknown.err().lines().findFirst().orElseThrow());
    assertFalse(Files.exists(out));
  }

  /** --help names the choices, says which is EMM and what bounds each has without --bounds. */
  @Test
  void helpNamesTheCalfunsAndWhichIsEmm() {
    CommandRun help = run("calibrate", "--help");

    help.assertOk();
    String text = help.out().replaceAll("\\s+", " ");
    assertTrue(text.contains("--calfun=raking|linear|logit"), text);
    assertTrue(text.contains("raking (default: EMM, entropy, weights never negative)"), text);
    assertTrue(text.contains("Without it: w >= 0 (raking), no bounds (--calfun linear)."), text);
  }

  /**
   * 300 records in three regions (north, south, east in turn) with x = 1 + (37 i mod 50) and base
   * weight 5 + (i mod 7).
   */
  private Path regionsData() throws IOException {
    StringBuilder csv = new StringBuilder("id,region,x,w\n");
    for (int i = 0; i < 300; i++) {
      csv.append(
          String.format(
              Locale.ROOT,
              "%d,%s,%d,%d%n",
              i,
              List.of("north", "south", "east").get(i % 3),
              1 + (i * 37) % 50,
              5 + i % 7));
    }
    return write("regions.csv", csv);
  }

  /**
   * Targets on {@link #regionsData()}: counts by region at 1.05, 0.95 and 1.0 times the base
   * counts, optionally a count of all records at {@code allFactor} times the base (none if 0), and
   * the total of x at {@code incomeFactor} times the base.
   */
  private Path regionTargets(String name, double allFactor, double incomeFactor)
      throws IOException {
    double[] counts = new double[3];
    double total = 0;
    for (int i = 0; i < 300; i++) {
      counts[i % 3] += 5 + i % 7;
      total += (5 + i % 7) * (1 + (i * 37) % 50);
    }
    return write(
        name,
        String.format(
            Locale.ROOT,
            """
            targets:
              - name: people
                statistic: count
                by: [region]
                cells:
                  - {group: {region: north}, value: %.1f}
                  - {group: {region: south}, value: %.1f}
                  - {group: {region: east}, value: %.1f}
            %s  - {name: income, statistic: total, column: x, value: %.1f}
            """,
            1.05 * counts[0],
            0.95 * counts[1],
            counts[2],
            allFactor == 0
                ? ""
                : String.format(
                    Locale.ROOT,
                    "  - {name: all, statistic: count, value: %.1f}%n",
                    allFactor * (counts[0] + counts[1] + counts[2])),
            incomeFactor * total));
  }

  /** Row {@code name} of the constraint matrix for {@code row} of {@link #regionsData()}. */
  private static double statistic(String name, GenericRecord row) {
    if (name.equals("income")) {
      return number(row, "x");
    }
    if (name.equals("all")) {
      return 1;
    }
    return name.equals("people[region=" + row.get("region") + "]") ? 1 : 0;
  }

  /**
   * Infeasible hard targets softened with each distance meet that distance's optimality conditions,
   * read from the written weights and the report's multipliers η (docs/calibration.md, "Infeasible
   * targets"): every w/q = g(F·η), the hard targets are met, and each softened one misses by its
   * multiplier times its penalty, t − a = ρη with ρ = (λ/Q)·s², λ = --soften-lambda (1e-4), Q = Σq
   * and s = max(|t|, Σq|F|). With --bounds 0.8,1.3 the income total at 1.5 times its base is out of
   * reach and softened alone; without bounds linear weights reach any total, and what fails is a
   * count of all records that is not the sum of the regions' counts, whose four targets are
   * softened. The targets no infeasibility names stay hard.
   */
  @ParameterizedTest
  @CsvSource({
    "linear, 0.8;1.3, 0, 1.5, income",
    "logit, 0.8;1.3, 0, 1.5, income",
    "raking, 0.8;1.3, 0, 1.5, income",
    "linear, '', 1.1, 1.05, all;people[region=north];people[region=south];people[region=east]"
  })
  void softenedTargetsMeetTheOptimalityConditionsOfTheDistance(
      String calfun, String bounds, double allFactor, double incomeFactor, String softened)
      throws IOException {
    Path targets = regionTargets("infeasible.yaml", allFactor, incomeFactor);
    Path out = directory.resolve("softened.csv");
    Path report = directory.resolve("softened.json");
    List<String> options = new java.util.ArrayList<>(List.of("--calfun", calfun));
    if (!bounds.isEmpty()) {
      options.addAll(List.of("--bounds", bounds.replace(';', ',')));
    }
    Path data = regionsData();

    CommandRun failed = calibrate(data, targets, out, options.toArray(String[]::new));
    options.addAll(List.of("--on-infeasible", "soften", "--report", report.toString()));
    CommandRun result = calibrate(data, targets, out, options.toArray(String[]::new));

    assertEquals(ExitCodes.FAILURE, failed.exitCode(), failed.err());
    result.assertOk();
    JsonNode solve = new ObjectMapper().readTree(report.toFile()).get("solve");
    assertTrue(solve.get("softened").asBoolean(), solve.toString());
    assertEquals(1e-4, solve.get("lambda").asDouble());
    Map<String, double[]> constraints = new java.util.LinkedHashMap<>();
    java.util.Set<String> soft = new java.util.HashSet<>();
    for (JsonNode constraint : solve.get("constraintReports")) {
      String name = constraint.get("name").asText();
      constraints.put(
          name,
          new double[] {
            constraint.get("target").asDouble(), constraint.get("multiplier").asDouble()
          });
      if (constraint.get("loss").asText().equals("least_squares")) {
        soft.add(name);
      }
    }
    assertEquals(java.util.Set.of(softened.split(";")), soft);
    double lower = bounds.isEmpty() ? Double.NEGATIVE_INFINITY : 0.8;
    double upper = bounds.isEmpty() ? Double.POSITIVE_INFINITY : 1.3;
    DoubleUnaryOperator g = ratio(calfun, lower, upper);
    List<GenericRecord> rows = Tables.readAll(out);
    Map<String, double[]> sums = new java.util.HashMap<>(); // achieved Σw·F, Σq·|F|
    double baseWeights = 0;
    for (GenericRecord row : rows) {
      double q = number(row, "w");
      double w = number(row, "w_calibrated");
      baseWeights += q;
      double u = 0;
      for (Map.Entry<String, double[]> constraint : constraints.entrySet()) {
        double f = statistic(constraint.getKey(), row);
        u += f * constraint.getValue()[1];
        double[] sum = sums.computeIfAbsent(constraint.getKey(), name -> new double[2]);
        sum[0] += w * f;
        sum[1] += q * Math.abs(f);
      }
      assertEquals(g.applyAsDouble(u), w / q, 1e-9, row.toString());
    }
    for (Map.Entry<String, double[]> constraint : constraints.entrySet()) {
      String name = constraint.getKey();
      double target = constraint.getValue()[0];
      double achieved = sums.get(name)[0];
      double scale = Math.max(Math.abs(target), sums.get(name)[1]);
      double rho = soft.contains(name) ? 1e-4 / baseWeights * scale * scale : 0;
      assertEquals(target - rho * constraint.getValue()[1], achieved, 1e-8 * scale, name);
      if (soft.contains(name)) {
        assertTrue(Math.abs(target - achieved) > 1e-4 * scale, name + " is missed: " + achieved);
      }
    }
  }

  /**
   * Feasible targets give the same weights with --on-infeasible soften as without it, with each
   * distance: the flag only acts on an infeasibility.
   */
  @ParameterizedTest
  @CsvSource({"linear, ''", "linear, 0.8;1.3", "logit, 0.8;1.3"})
  void softenLeavesAFeasibleCalibrationAsItIs(String calfun, String bounds) throws IOException {
    Path data = regionsData();
    Path targets = regionTargets("feasible.yaml", 0, 1.05);
    List<String> options = new java.util.ArrayList<>(List.of("--calfun", calfun));
    if (!bounds.isEmpty()) {
      options.addAll(List.of("--bounds", bounds.replace(';', ',')));
    }
    Path plainOut = directory.resolve("plain.csv");
    Path softenOut = directory.resolve("soften.csv");
    Path report = directory.resolve("soften.json");
    List<String> soften = new java.util.ArrayList<>(options);
    soften.addAll(List.of("--on-infeasible", "soften", "--report", report.toString()));

    CommandRun plain = calibrate(data, targets, plainOut, options.toArray(String[]::new));
    CommandRun softened = calibrate(data, targets, softenOut, soften.toArray(String[]::new));

    plain.assertOk();
    softened.assertOk();
    List<GenericRecord> plainRows = Tables.readAll(plainOut);
    List<GenericRecord> softenRows = Tables.readAll(softenOut);
    assertEquals(300, softenRows.size());
    for (int i = 0; i < plainRows.size(); i++) {
      assertEquals(
          plainRows.get(i).get("w_calibrated").toString(),
          softenRows.get(i).get("w_calibrated").toString(),
          "row " + (i + 1));
    }
    JsonNode json = new ObjectMapper().readTree(report.toFile());
    assertEquals("soften", json.get("onInfeasible").asText());
    assertFalse(json.at("/solve/softened").asBoolean());
    assertTrue(json.at("/solve/maxRelativeError").asDouble() < 1e-9);
  }
}
