package org.flowimpute.calibrate;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.flowimpute.calibrate.targets.TargetsReader;

/**
 * Reads the R survey fixtures copied into test resources (see the README there); public for the
 * CLI's tests, which reach core's test resources through its test jar.
 */
public final class RFixtures {

  /**
   * The population margins of the Kalton and Flores-Cervantes example (survey's tests/kalton.R).
   */
  public static final String KALTON_MARGINS =
      """
      targets:
        - name: a
          statistic: count
          by: [a]
          cells:
            - {group: {a: "1"}, value: 175}
            - {group: {a: "2"}, value: 550}
            - {group: {a: "3"}, value: 430}
            - {group: {a: "4"}, value: 345}
        - name: b
          statistic: count
          by: [b]
          cells:
            - {group: {b: "1"}, value: 365}
            - {group: {b: "2"}, value: 415}
            - {group: {b: "3"}, value: 720}
      """;

  /** apiclus1's population margins of stype and sch.wide (tests/rakecheck.R), as targets. */
  static final String STYPE_SCHWIDE_MARGINS =
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
          by: [sch.wide]
          cells:
            - {group: {sch.wide: "No"}, value: 1072}
            - {group: {sch.wide: "Yes"}, value: 5122}
      """;

  private static final List<Map<String, String>> APICLUS1 = read("api_clus1_input.csv");

  private RFixtures() {}

  /**
   * The apiclus1 sample (api_clus1_input.csv): base weights pw; categorical stype, sch.wide and
   * comp.imp; numeric api00 and enroll.
   */
  static CalibrationData apiclus1() {
    return CalibrationData.withBaseWeights(column(APICLUS1, "pw"))
        .categorical("stype", strings(APICLUS1, "stype"))
        .categorical("sch.wide", strings(APICLUS1, "sch.wide"))
        .categorical("comp.imp", strings(APICLUS1, "comp.imp"))
        .numeric("api00", column(APICLUS1, "api00"))
        .numeric("enroll", column(APICLUS1, "enroll"))
        .build();
  }

  /** The problem of calibrating {@link #apiclus1()} to the targets file {@code yaml}. */
  static CalibrationProblem apiclus1Problem(String yaml) {
    return ProblemBuilder.build(TargetsReader.parse(yaml, true), apiclus1());
  }

  /** The rows of fixture {@code file}, each a map from column to text. */
  public static List<Map<String, String>> read(String file) {
    String resource = "/calibrate/r-survey/" + file;
    try (InputStream in = RFixtures.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + resource);
      }
      MappingIterator<Map<String, String>> rows =
          new CsvMapper()
              .readerForMapOf(String.class)
              .with(CsvSchema.emptySchema().withHeader())
              .readValues(in);
      return rows.readAll();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static double[] column(List<Map<String, String>> rows, String name) {
    return rows.stream().mapToDouble(row -> Double.parseDouble(row.get(name))).toArray();
  }

  static String[] strings(List<Map<String, String>> rows, String name) {
    return rows.stream().map(row -> row.get(name)).toArray(String[]::new);
  }

  /** Largest |a/b − 1|. */
  static double maxRelativeDifference(double[] actual, double[] expected) {
    double max = 0.0;
    for (int i = 0; i < expected.length; i++) {
      max = Math.max(max, Math.abs(actual[i] / expected[i] - 1.0));
    }
    return max;
  }
}
