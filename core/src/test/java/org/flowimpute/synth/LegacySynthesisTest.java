package org.flowimpute.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.bundle.BundleException;
import org.junit.jupiter.api.Test;

/** {@code synthesis.json} files written before format 1.3, without value tables. */
class LegacySynthesisTest {

  private static final int ROWS = 400;
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ConditionSynthesis fit(boolean withInteger) {
    Map<String, String[]> categorical =
        Map.of(
            "g",
            IntStream.range(0, ROWS).mapToObj(i -> i % 2 == 0 ? "a" : "b").toArray(String[]::new));
    Map<String, double[]> numeric = new LinkedHashMap<>();
    numeric.put("x", IntStream.range(0, ROWS).mapToDouble(i -> Math.sqrt(i) + 0.1).toArray());
    if (withInteger) {
      numeric.put("size", IntStream.range(0, ROWS).mapToDouble(i -> 1 + i % 6).toArray());
    }
    double[] weights = IntStream.range(0, ROWS).mapToDouble(i -> 1 + i % 5).toArray();
    return ConditionSynthesisFitter.fit(categorical, numeric, weights, 10);
  }

  /** The file as written before format 1.3: no values, no probabilities. */
  private static byte[] legacy(ConditionSynthesis synthesis) throws Exception {
    JsonNode tree = JSON.readTree(synthesis.toBytes());
    tree.get("numeric").forEach(n -> ((ObjectNode) n).remove("values"));
    tree.get("cells").forEach(c -> ((ObjectNode) c).remove("probabilities"));
    return JSON.writeValueAsBytes(tree);
  }

  @Test
  void aFileWithIntegerConditionsIsRefusedNamingThemAndTheRemedy() throws Exception {
    byte[] old = legacy(fit(true));

    BundleException e =
        assertThrows(BundleException.class, () -> ConditionSynthesis.fromBytes("m.zip", old));

    assertTrue(
        e.getMessage().startsWith("m.zip: written before bundle format 1.3"), e.getMessage());
    assertTrue(
        e.getMessage().contains("integer conditions (size) would come out with wrong shares"),
        e.getMessage());
    assertTrue(e.getMessage().contains("retrain with `flowimpute train --synthesis`"));
    assertFalse(e.getMessage().contains("\n"));
  }

  @Test
  void aFileWithContinuousConditionsOnlyDrawsAsANewOne() throws Exception {
    ConditionSynthesis fitted = fit(false);

    ConditionSynthesis read = ConditionSynthesis.fromBytes("m.zip", legacy(fitted));

    assertEquals(fitted, read);
    assertEquals(
        ConditionSampler.of(fitted, "m", "weight").draw(1, 0, 200, 200),
        ConditionSampler.of(read, "m", "weight").draw(1, 0, 200, 200));
  }

  @Test
  void aNewFileRoundTripsWithItsValueTables() throws Exception {
    ConditionSynthesis fitted = fit(true);
    String json = new String(fitted.toBytes(), StandardCharsets.UTF_8);

    assertEquals(fitted, ConditionSynthesis.fromBytes("m.zip", fitted.toBytes()));
    assertTrue(json.contains("\"values\" : [ 1.0, 2.0, 3.0, 4.0, 5.0, 6.0 ]"), json);
    assertFalse(json.contains("discrete"), "no derived field is written");
  }

  /**
   * A file written before release version 2 (no {@code release_version}, a {@code
   * suppressed_weight_share}) reads as version 1; drawn within training ranges, its quantiles of
   * raw extremes give no value beyond them.
   */
  @Test
  void aFileBeforeReleaseVersionTwoReadsAsVersionOneAndDrawsWithinTheRanges() throws Exception {
    ObjectNode tree = (ObjectNode) JSON.readTree(fit(false).toBytes());
    tree.remove("release_version");
    tree.put("suppressed_weight_share", 0.0);

    ConditionSynthesis read = ConditionSynthesis.fromBytes("m.zip", JSON.writeValueAsBytes(tree));
    List<GenericRecord> drawn =
        ConditionSampler.of(read, "m", "weight")
            .withTrainingRanges(Map.of("x", List.of(5.0, 15.0)))
            .draw(1, 0, 2_000, 2_000);

    assertEquals(1, read.releaseVersion());
    assertTrue(read.releasesRareValues());
    assertFalse(fit(false).releasesRareValues());
    double[] x = drawn.stream().mapToDouble(r -> (Double) r.get("x")).toArray();
    assertEquals(5.0, Arrays.stream(x).min().orElseThrow());
    assertEquals(15.0, Arrays.stream(x).max().orElseThrow());
  }
}
