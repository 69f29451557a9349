package org.flowimpute.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Metrics that are not defined for the data are null in metrics.json and "–" in the summary. */
class UndefinedMetricsTest {

  @TempDir Path temp;

  /**
   * Targets that are 0 in every row of both tables leave the pMSE fit no feature (no S_pMSE) and
   * have no real category mean other than 0 (no category errors).
   */
  @Test
  void sPmseAndCategoryErrorsOfAllZeroTargetsAreNullAndADash() throws Exception {
    String[] regions = {"a", "b", "a", "b"};
    TargetTable real =
        new TargetTable(List.of("x"), new double[4][1], null, Map.of("region", regions));
    TargetTable synthetic = real.withValues(new double[4][1]);
    EvaluationReport report = report(real, synthetic);

    JsonNode model = writtenMethods(report, real, synthetic).get(0);

    assertTrue(model.get("s_pmse").isNull(), model.toString());
    assertTrue(model.get("category_mean_error").get("region").isNull(), model.toString());
    JsonNode x = model.get("targets").get(0);
    assertTrue(x.get("category_mean_error").get("region").isNull(), x.toString());
    assertTrue(x.get("pooled_category_mean_error").get("region").isNull(), x.toString());
    List<String> header = SummaryTable.header(List.of("region"));
    for (List<String> row : SummaryTable.rows(report.methods(), List.of("region"))) {
      assertEquals("–", row.get(header.indexOf("S_pMSE")), row.toString());
      assertEquals("–", row.get(header.indexOf("cat err region")), row.toString());
    }
  }

  /**
   * y is 0 in every real row: its category errors are not defined (null), and the method's category
   * error is x's alone (a 0 for y halved it). x: real means a 2, b 5; synthetic 3 and 6.
   */
  @Test
  void categoryErrorIsAveragedOverTheTargetsWhereItIsDefined() {
    Map<String, String[]> regions = Map.of("region", new String[] {"a", "a", "b", "b"});
    double[][] real = {{1, 0}, {3, 0}, {4, 0}, {6, 0}};
    double[][] synthetic = {{2, 1}, {4, 1}, {5, 2}, {7, 2}};
    TargetTable realTable = new TargetTable(List.of("x", "y"), real, null, regions);

    MethodMetrics model =
        Evaluator.create()
            .withBy(List.of("region"))
            .evaluate("model", realTable, realTable.withValues(synthetic), null);

    double x = (1 / 2.0 + 1 / 5.0) / 2;
    assertEquals(x, model.targets().get(0).categoryMeanError().get("region"), 1e-12);
    assertNull(model.targets().get(1).categoryMeanError().get("region"));
    assertNull(model.targets().get(1).pooledCategoryMeanError().get("region"));
    assertEquals(x, model.categoryMeanError().get("region"), 1e-12);
  }

  /**
   * Holdout rows at distance 0 from the training rows (all-zero targets) leave the DCR ratio 0/0:
   * it is null in metrics.json (it was the string "NaN") and "–" in the summary.
   */
  @Test
  void aDcrRatioOfZeroOverZeroIsNullAndADash() throws Exception {
    String[] regions = {"a", "b", "a", "b"};
    TargetTable real =
        new TargetTable(List.of("x"), new double[4][1], null, Map.of("region", regions));
    TargetTable synthetic = real.withValues(new double[4][1]);
    Evaluator dcr =
        Evaluator.create()
            .withBy(List.of("region"))
            .withDcr(
                real,
                new TargetTable(List.of("x"), new double[2][1], null, Map.of()),
                List.of("x"));
    EvaluationReport report = report(dcr, real, synthetic);

    JsonNode model = writtenMethods(report, real, synthetic).get(0);

    assertTrue(model.get("dcr").get("ratio").isNull(), model.get("dcr").toString());
    assertEquals(0.0, model.get("dcr").get("mean_holdout").doubleValue());
    List<String> header = SummaryTable.header(List.of("region"));
    List<String> row = SummaryTable.rows(report.methods(), List.of("region")).get(0);
    assertEquals("–", row.get(header.indexOf("DCR ratio")), row.toString());
  }

  private EvaluationReport report(TargetTable real, TargetTable synthetic) {
    return report(Evaluator.create().withBy(List.of("region")), real, synthetic);
  }

  private EvaluationReport report(Evaluator evaluator, TargetTable real, TargetTable synthetic) {
    List<MethodMetrics> methods =
        ModelVsBaselines.evaluate(
            evaluator, real, "model", synthetic, null, Baselines.from(real, List.of("region")), 0);
    return new EvaluationReport(
        new EvaluationReport.Inputs(
            "real.csv",
            "synthetic.csv",
            "real.csv",
            null,
            null,
            0,
            0,
            real.targets(),
            List.of("region"),
            List.of("region"),
            null,
            false,
            real.rows(),
            synthetic.rows(),
            real.targets()),
        methods,
        null);
  }

  private JsonNode writtenMethods(EvaluationReport report, TargetTable real, TargetTable synthetic)
      throws Exception {
    ReportWriter.write(temp, report, real, synthetic, List.of());
    return new ObjectMapper().readTree(temp.resolve(ReportWriter.METRICS).toFile()).get("methods");
  }
}
