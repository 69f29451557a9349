package org.flowimpute.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each method's weighted means and totals per target in metrics.json, report.html and the printed
 * table: x real 10, 20, 30 weighted 1, 2, 1 (mean 20, total 80) against synthetic 12, 18 weighted
 * 2, 3 (mean 15.6, total 78); y real −2, 0, 2 (mean 0, standard deviation √2) against 1, 1.
 */
class MeansAndTotalsReportTest {

  @TempDir Path temp;

  private static final TargetTable REAL =
      new TargetTable(
          List.of("x", "y"),
          new double[][] {{10, -2}, {20, 0}, {30, 2}},
          new double[] {1, 2, 1},
          Map.of());

  @Test
  void weightedRunsReportMeansAndTotalsOfTheModelAndTheBaselines() throws Exception {
    TargetTable synthetic =
        new TargetTable(
            List.of("x", "y"), new double[][] {{12, 1}, {18, 1}}, new double[] {2, 3}, Map.of());
    List<MethodMetrics> methods = evaluate(synthetic);

    JsonNode written = written(methods, synthetic);

    JsonNode x = written.get(0).get("targets").get(0).get("mean_and_total");
    assertEquals(20, x.get("mean_real").doubleValue(), 1e-12);
    assertEquals(15.6, x.get("mean_synthetic").doubleValue(), 1e-12);
    assertEquals(-0.22, x.get("mean_relative_error").doubleValue(), 1e-12);
    assertEquals(80, x.get("total_real").doubleValue(), 1e-12);
    assertEquals(78, x.get("total_synthetic").doubleValue(), 1e-12);
    assertEquals(-0.025, x.get("total_relative_error").doubleValue(), 1e-12);
    JsonNode y = written.get(0).get("targets").get(1).get("mean_and_total");
    assertTrue(y.get("mean_relative_error").isNull(), y.toString());
    assertTrue(y.get("total_relative_error").isNull(), y.toString());
    assertEquals(1 / Math.sqrt(2), y.get("standardized_mean_difference").doubleValue(), 1e-12);
    for (int m = 1; m < 3; m++) {
      JsonNode baseline = written.get(m).get("targets").get(0).get("mean_and_total");
      double total = baseline.get("total_synthetic").doubleValue();
      assertEquals(80, baseline.get("total_real").doubleValue(), 1e-12);
      assertEquals(total / 80 - 1, baseline.get("total_relative_error").doubleValue(), 1e-12);
    }
    String table = MeansAndTotalsTable.text(methods);
    assertTrue(
        table
            .lines()
            .anyMatch(
                l -> l.matches("x +model +20 +15\\.6 +-22\\.00 % +-0\\.6223 +80 +78 +-2\\.50 %")),
        table);
    assertTrue(
        table.lines().anyMatch(l -> l.matches("y +model +0 +1 +– +\\+0\\.7071 +0 +5 +–")), table);
    String html = Files.readString(temp.resolve(ReportWriter.HTML));
    assertTrue(html.contains("<h2>Weighted means and totals per target</h2>"), html);
    assertTrue(html.contains("<td>-2.50 %</td>"), html);
  }

  /** Without a weight column there are means but no totals, and no total columns. */
  @Test
  void unweightedRunsReportMeansWithoutTotalColumns() throws Exception {
    TargetTable real = new TargetTable(REAL.targets(), REAL.values(), null, Map.of());
    TargetTable synthetic =
        new TargetTable(List.of("x", "y"), new double[][] {{12, 1}, {18, 1}}, null, Map.of());
    List<MethodMetrics> methods =
        ModelVsBaselines.evaluate(
            Evaluator.create(), real, "model", synthetic, null, Baselines.from(real, List.of()), 0);

    MeanAndTotal x = methods.get(0).targets().get(0).meanAndTotal();

    assertEquals(-0.25, x.meanRelativeError(), 1e-12);
    assertEquals(null, x.totalReal());
    String table = MeansAndTotalsTable.text(methods);
    assertFalse(table.contains("total"), table);
    assertTrue(table.lines().anyMatch(l -> l.matches("x +model +20 +15 +-25\\.00 % +\\S+")), table);
  }

  private static List<MethodMetrics> evaluate(TargetTable synthetic) {
    return ModelVsBaselines.evaluate(
        Evaluator.create(), REAL, "model", synthetic, null, Baselines.from(REAL, List.of()), 0);
  }

  private JsonNode written(List<MethodMetrics> methods, TargetTable synthetic) throws Exception {
    EvaluationReport report =
        new EvaluationReport(
            new EvaluationReport.Inputs(
                "real.csv",
                "synthetic.csv",
                "real.csv",
                null,
                null,
                0,
                0,
                REAL.targets(),
                List.of(),
                List.of(),
                "w",
                true,
                REAL.rows(),
                synthetic.rows(),
                null),
            methods,
            null);
    ReportWriter.write(temp, report, REAL, synthetic, List.of());
    return new ObjectMapper().readTree(temp.resolve(ReportWriter.METRICS).toFile()).get("methods");
  }
}
