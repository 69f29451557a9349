package org.flowimpute.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * A category of one table only has no mean on the other side: the category errors leave it out (a
 * real category without synthetic rows counted as synthetic mean 0, so one real row of a rare
 * category moved the pooled error from 0.12 to 0.59), and metrics.json and report.html list it.
 */
class CategoryCoverageTest {

  @TempDir Path temp;

  /**
   * Real: a 10 (two rows), b 20, island 100 (one row). Synthetic: a 11, b 20, atlantis 50. Known
   * truth over a and b: mean error (0.1 + 0) / 2 = 0.05, pooled (1 + 0) / (10 + 20) = 1/30; with
   * island as synthetic mean 0 they were (0.1 + 0 + 1) / 3 and 101 / 130.
   */
  @Test
  void categoriesOfOneTableOnlyAreLeftOutOfTheErrorsAndListed() throws Exception {
    String[] realRegions = {"a", "a", "b", "island"};
    double[][] real = {{9}, {11}, {20}, {100}};
    String[] syntheticRegions = {"b", "a", "atlantis", "a"};
    double[][] synthetic = {{20}, {11}, {50}, {11}};
    TargetTable realTable =
        new TargetTable(List.of("x"), real, null, Map.of("region", realRegions));
    TargetTable syntheticTable =
        new TargetTable(List.of("x"), synthetic, null, Map.of("region", syntheticRegions));

    MethodMetrics model =
        Evaluator.create()
            .withBy(List.of("region"))
            .evaluate("model", realTable, syntheticTable, null);

    TargetMetrics x = model.targets().get(0);
    assertEquals(0.05, x.categoryMeanError().get("region"), 1e-12);
    assertEquals(1.0 / 30, x.pooledCategoryMeanError().get("region"), 1e-12);
    assertEquals(0.05, model.categoryMeanError().get("region"), 1e-12);
    CategoryCoverage coverage = model.categoryCoverage().get("region");
    assertEquals(List.of("island"), coverage.categoriesWithoutSyntheticRows());
    assertEquals(List.of("atlantis"), coverage.categoriesWithoutRealRows());
    assertEquals(
        "column region: real categories without model rows: island; model categories without"
            + " real rows: atlantis (left out of the category errors)",
        coverage.describe("region", "model"));

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
                List.of("x"),
                List.of("region"),
                List.of("region"),
                null,
                false,
                realTable.rows(),
                syntheticTable.rows(),
                null),
            List.of(model),
            null);
    ReportWriter.write(temp, report, realTable, syntheticTable, List.of());
    JsonNode written =
        new ObjectMapper()
            .readTree(temp.resolve(ReportWriter.METRICS).toFile())
            .get("methods")
            .get(0)
            .get("category_coverage")
            .get("region");
    assertEquals("island", written.get("categories_without_synthetic_rows").get(0).asText());
    assertEquals("atlantis", written.get("categories_without_real_rows").get(0).asText());
    String html = Files.readString(temp.resolve(ReportWriter.HTML));
    assertTrue(html.contains("real categories without model rows: island"), html);
  }

  /** Tables with the same categories list none, and the page says nothing about them. */
  @Test
  void tablesWithTheSameCategoriesListNone() {
    CategoryCoverage coverage =
        CategoryCoverage.of(new String[] {"a", "b", "a"}, new String[] {"b", "a"});

    assertTrue(coverage.complete());
    assertEquals("", coverage.describe("region", "model"));
  }
}
