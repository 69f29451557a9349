package org.flowimpute.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

  /** Targets that are 0 in every row of both tables leave the pMSE fit no feature: no S_pMSE. */
  @Test
  void sPmseWithoutAVaryingFeatureIsNullAndADash() throws Exception {
    String[] regions = {"a", "b", "a", "b"};
    TargetTable real =
        new TargetTable(List.of("x"), new double[4][1], null, Map.of("region", regions));
    TargetTable synthetic = real.withValues(new double[4][1]);
    EvaluationReport report = report(real, synthetic);

    JsonNode model = writtenMethods(report, real, synthetic).get(0);

    assertTrue(model.get("s_pmse").isNull(), model.toString());
    int column = SummaryTable.header(List.of("region")).indexOf("S_pMSE");
    for (List<String> row : SummaryTable.rows(report.methods(), List.of("region"))) {
      assertEquals("–", row.get(column), row.toString());
    }
  }

  private EvaluationReport report(TargetTable real, TargetTable synthetic) {
    List<MethodMetrics> methods =
        ModelVsBaselines.evaluate(
            Evaluator.create().withBy(List.of("region")),
            real,
            "model",
            synthetic,
            null,
            Baselines.from(real, List.of("region")),
            0);
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
            real.rows(),
            synthetic.rows()),
        methods,
        null);
  }

  private JsonNode writtenMethods(EvaluationReport report, TargetTable real, TargetTable synthetic)
      throws Exception {
    ReportWriter.write(temp, report, real, synthetic, List.of());
    return new ObjectMapper().readTree(temp.resolve(ReportWriter.METRICS).toFile()).get("methods");
  }
}
