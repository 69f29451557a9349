package org.flowimpute.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {

  @TempDir static Path temp;

  private static ReportFixture fixture;
  private static Path page;

  @BeforeAll
  static void writeOnce() throws Exception {
    fixture = ReportFixture.create(temp);
    page =
        ReportWriter.write(temp, fixture.report, fixture.real, fixture.synthetic, fixture.windows);
  }

  /**
   * A synthetic table without the weight column counts its rows once each: the page said "weighted
   * by w" for both tables, and metrics.json did not say the synthetic rows were unweighted.
   */
  @Test
  void aSyntheticTableWithoutTheWeightColumnIsSaidToBeUnweighted() throws Exception {
    EvaluationReport.Inputs in = fixture.report.inputs();
    EvaluationReport report =
        new EvaluationReport(
            new EvaluationReport.Inputs(
                in.real(),
                in.synthetic(),
                in.donors(),
                in.holdout(),
                in.model(),
                in.draws(),
                in.seed(),
                in.targets(),
                in.by(),
                in.cells(),
                in.weight(),
                false,
                in.realRows(),
                in.syntheticRows(),
                in.dcrColumns()),
            fixture.report.methods(),
            null);
    Path dir = temp.resolve("unweighted-synthetic");

    Path written = ReportWriter.write(dir, report, fixture.real, fixture.synthetic, List.of());

    String html = Files.readString(written);
    assertTrue(
        html.contains("real rows weighted by w, synthetic rows unweighted (no column w)"), html);
    assertTrue(!html.contains(", weighted by w"), html);
    JsonNode inputs = new ObjectMapper().readTree(dir.resolve(ReportWriter.METRICS).toFile());
    assertEquals(false, inputs.get("inputs").get("synthetic_weighted").booleanValue());
    assertEquals(
        true,
        new ObjectMapper()
            .readTree(temp.resolve(ReportWriter.METRICS).toFile())
            .get("inputs")
            .get("synthetic_weighted")
            .booleanValue());
  }

  @Test
  void metricsJsonHoldsTheComputedMetricsInSnakeCase() throws Exception {
    JsonNode json = new ObjectMapper().readTree(temp.resolve(ReportWriter.METRICS).toFile());
    JsonNode methods = json.get("methods");
    assertEquals(3, methods.size());
    assertEquals("model", methods.get(0).get("method").asText());
    assertEquals(ModelVsBaselines.HOT_DECK, methods.get(1).get("method").asText());
    assertEquals(ModelVsBaselines.UNCONDITIONAL, methods.get(2).get("method").asText());
    JsonNode income = methods.get(0).get("targets").get(0);
    assertEquals("income", income.get("target").asText());
    assertEquals(
        FidelityMetrics.ks(
            fixture.real.column(0),
            fixture.real.weights(),
            fixture.synthetic.column(0),
            fixture.synthetic.weights()),
        income.get("ks").asDouble(),
        1e-12);
    assertTrue(income.get("crps_signed_log").isNull(), "no draws, no CRPS");
    assertTrue(methods.get(0).get("dcr").get("ratio").asDouble() > 0);
    assertTrue(methods.get(0).get("category_mean_error").has("region"));
    assertEquals(3, json.get("calibration").get("windows").asInt());
    assertEquals(2 / 3.0, json.get("calibration").get("converged_share").asDouble(), 1e-12);
    assertEquals(0.003, json.get("calibration").get("worst_max_relative_error").asDouble(), 1e-12);
    assertEquals("w", json.get("inputs").get("weight").asText());
  }

  @Test
  void everyImageOfTheHtmlIsAWrittenPng() throws Exception {
    String html = Files.readString(page);
    List<String> sources = new ArrayList<>();
    Matcher m = Pattern.compile("<img src=\"([^\"]+)\"").matcher(html);
    while (m.find()) {
      sources.add(m.group(1));
    }
    assertEquals(ReportFixture.IMAGES, sources.size(), html);
    for (String source : sources) {
      BufferedImage image = ImageIO.read(temp.resolve(source).toFile());
      assertEquals(ReportWriter.WIDTH, image.getWidth(), source);
      assertEquals(ReportWriter.HEIGHT, image.getHeight(), source);
    }
    assertTrue(html.contains("Calibration windows"), html);
  }

  @Test
  void calibrationWindowsAreReadInTimeOrder() {
    assertEquals(
        List.of(0L, 60L, 120L),
        fixture.windows.stream().map(w -> w.getWindowStart().getEpochSecond()).toList());
    assertNull(fixture.windows.get(0).getGroupKey());
  }
}
