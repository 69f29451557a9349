package org.flowimpute.cli;

import static org.flowimpute.cli.CommandRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import org.flowimpute.bundle.BundleWriter;
import org.flowimpute.bundle.Manifest;
import org.flowimpute.bundle.ManifestJson;
import org.flowimpute.bundle.SampleManifests;
import org.flowimpute.pipelines.testing.ContractModels;
import org.flowimpute.pipelines.testing.TestBundles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectCommandTest {
  @TempDir Path temp;

  /** A graph ONNX Runtime opens, with the sample manifest's inputs and outputs. */
  private static final byte[] SAMPLE_GRAPH = ContractModels.onnx(SampleManifests.sample());

  @Test
  void printsASummaryAndVerifiedChecksums() throws Exception {
    Path bundle = temp.resolve("bundle.zip");
    BundleWriter.write(bundle, SampleManifests.sample(), SAMPLE_GRAPH);

    CommandRun result = run("inspect", bundle.toString());

    assertEquals(ExitCodes.OK, result.exitCode(), result.err());
    String summary = result.out();
    assertTrue(summary.contains("model id:      demo-model-1"), summary);
    assertTrue(summary.contains("created:       2026-11-24T08:00:00Z"), summary);
    assertTrue(summary.contains("format:        1.5"), summary);
    assertTrue(summary.contains("conditions:    2 (encoded width 4)"), summary);
    assertTrue(
        summary.contains(
            "region   categorical  north, south + <other>; unknown values: other (as the training"
                + " shares north 0.375, south 0.625)"),
        summary);
    assertTrue(summary.contains("savings  continuous   signs negative/zero/positive"), summary);
    assertTrue(
        summary.contains("mu 10.2, sigma 0.8; capped at 500000 (max |x| 250000 x 2)"), summary);
    assertTrue(summary.contains("age      numeric      mean 41.5, sd 17.25"), summary);
    assertTrue(summary.contains("input   context float32[batch, 4]"), summary);
    assertTrue(summary.contains("output  gate_probabilities float32[batch, 11]"), summary);
    assertTrue(summary.contains("best epoch 24 of 30"), summary);
    assertTrue(summary.contains("settings: flow=coupling, layers=4, learning_rate=0.001"), summary);
    assertTrue(
        summary.matches(
            "(?s).*\\Rchecksums: OK \\(model.onnx\\)\\Rgraph: OK \\(opens in ONNX Runtime"
                + " [0-9.]+ on the CPU; its opset, inputs, outputs and model id match the manifest\\)\\R"),
        summary);
    assertEquals("", result.err());
  }

  /**
   * A category that holds a comma, a line break or a quote, or is empty, is listed quoted: "south,
   * coast" read as two categories and a line break split the summary line.
   */
  @Test
  void categoriesThatWouldReadAsOthersAreQuoted() {
    assertEquals("north", InspectCommand.shown("north"));
    assertEquals("Île-de-France", InspectCommand.shown("Île-de-France"));
    assertEquals("\"south, coast\"", InspectCommand.shown("south, coast"));
    assertEquals("\"north\\nline\"", InspectCommand.shown("north\nline"));
    assertEquals("\"say \\\"hi\\\"\"", InspectCommand.shown("say \"hi\""));
    assertEquals("\"\"", InspectCommand.shown(""));
    assertEquals("\" padded\"", InspectCommand.shown(" padded"));
  }

  @Test
  void printsTheManifestAsJson() throws Exception {
    Path bundle = temp.resolve("bundle");
    Manifest written = BundleWriter.write(bundle, SampleManifests.sample(), SAMPLE_GRAPH);

    CommandRun result = run("inspect", "--json", bundle.toString());

    assertEquals(ExitCodes.OK, result.exitCode(), result.err());
    ObjectMapper json = new ObjectMapper();
    assertEquals(json.readTree(ManifestJson.toJson(written)), json.readTree(result.out()));
  }

  @Test
  void refusesACorruptedBundleWithOneLineNamingTheFile() throws Exception {
    Path bundle = temp.resolve("bundle");
    BundleWriter.write(bundle, SampleManifests.sample(), SampleManifests.MODEL_BYTES);
    Path model = bundle.resolve("model.onnx");
    byte[] bytes = Files.readAllBytes(model);
    bytes[3] ^= 0x10;
    Files.write(model, bytes);

    CommandRun result = run("inspect", bundle.toString());

    assertEquals(ExitCodes.FAILURE, result.exitCode());
    String[] lines = result.err().split("\\R");
    assertEquals(1, lines.length, result.err());
    assertTrue(lines[0].startsWith("error: " + model + ": SHA-256 mismatch"), lines[0]);
    assertEquals("", result.out());
  }

  /** A model.onnx that ONNX Runtime cannot load fails inspect, not the first job that opens it. */
  @Test
  void refusesAGraphThatDoesNotLoad() throws Exception {
    Path bundle = temp.resolve("not-onnx");
    BundleWriter.write(bundle, SampleManifests.sample(), SampleManifests.MODEL_BYTES);

    CommandRun result = run("inspect", bundle.toString());

    assertEquals(ExitCodes.FAILURE, result.exitCode());
    String[] lines = result.err().split("\\R");
    assertEquals(1, lines.length, result.err());
    assertTrue(
        lines[0].startsWith("error: " + bundle + ": ONNX Runtime could not load the model: "),
        lines[0]);
    assertEquals("", result.out());
  }

  /**
   * Another bundle's graph, with the checksum made to match, passes the checksums but not inspect:
   * its widths are not the manifest's.
   */
  @Test
  void refusesAnotherBundlesGraph() throws Exception {
    Path bundle = temp.resolve("swapped");
    BundleWriter.write(
        bundle, SampleManifests.sample(), ContractModels.onnx(TestBundles.peopleManifest()));

    CommandRun result = run("inspect", bundle.toString());

    assertEquals(ExitCodes.FAILURE, result.exitCode());
    assertTrue(
        result
            .err()
            .startsWith(
                "error: "
                    + bundle
                    + ": model demo-model-1: model.onnx does not belong to this manifest; "),
        result.err());
    assertEquals("", result.out());
  }

  /**
   * The graph's opset is checked against the manifest's, as the operations guide says inspect does:
   * inspect printed the manifest's opset and passed whatever the graph imported.
   */
  @Test
  void refusesAGraphOfAnotherOpsetThanTheManifests() throws Exception {
    Path bundle = temp.resolve("opset");
    Manifest people = TestBundles.peopleManifest();
    Manifest sixteen = TestBundles.peopleManifestBuilder(people.modelId()).opset(16).build();
    BundleWriter.write(bundle, sixteen, ContractModels.onnx(people));

    CommandRun result = run("inspect", bundle.toString());

    assertEquals(ExitCodes.FAILURE, result.exitCode(), result.out());
    assertEquals(
        "error: "
            + bundle.resolve("model.onnx")
            + ": the graph imports ONNX opset 17, the manifest says 16",
        result.err().strip());
  }

  /**
   * A synthesis.json that synthesize could not read fails inspect, naming the file: inspect passed
   * it unread (its checksum matched), and only synthesize found it malformed.
   */
  @Test
  void refusesAMalformedSynthesisFileNamingIt() throws Exception {
    Path bundle = temp.resolve("bad-synthesis.zip");
    Manifest people = TestBundles.peopleManifest();
    BundleWriter.write(
        bundle,
        people,
        ContractModels.onnx(people),
        Map.of("synthesis.json", "{\"conditions\": [".getBytes(StandardCharsets.UTF_8)));

    CommandRun result = run("inspect", bundle.toString());

    assertEquals(ExitCodes.FAILURE, result.exitCode(), result.out());
    assertTrue(
        result.err().startsWith("error: " + bundle + "!/synthesis.json: invalid synthesis.json: "),
        result.err());
    assertEquals(1, result.err().strip().lines().count(), result.err());
  }

  /** A manifest value out of range is named with the manifest's path and the value's place. */
  @Test
  void refusesAnInvalidManifestNamingTheFileAndTheField() throws Exception {
    Path bundle = temp.resolve("bad-sd");
    BundleWriter.write(bundle, SampleManifests.sample(), SampleManifests.MODEL_BYTES);
    Path manifest = bundle.resolve("manifest.json");
    Files.writeString(
        manifest,
        Files.readString(manifest).replaceFirst("\"sd\" ?: ?[0-9.eE+-]+", "\"sd\" : -1.0"));

    CommandRun result = run("inspect", bundle.toString());

    assertEquals(ExitCodes.FAILURE, result.exitCode());
    assertTrue(
        result
            .err()
            .matches(
                "(?s)error: "
                    + Pattern.quote(manifest.toString())
                    + ": conditions\\[\\d+\\]: field 'sd' must be > 0, got -1.0\\R"),
        result.err());
  }

  @Test
  void refusesAMissingBundle() {
    Path missing = temp.resolve("missing.zip");

    CommandRun result = run("inspect", missing.toString());

    assertEquals(ExitCodes.FAILURE, result.exitCode());
    assertTrue(result.err().startsWith("error: " + missing + ": no such bundle"), result.err());
  }

  @Test
  void showsAStackTraceOnlyWithVerbose() throws Exception {
    Path notZip = temp.resolve("bundle.zip");
    Files.writeString(notZip, "plain text");

    CommandRun result = run("inspect", "--verbose", notZip.toString());

    assertEquals(ExitCodes.FAILURE, result.exitCode());
    assertTrue(result.err().startsWith("error: " + notZip + ": not a zip file"), result.err());
    assertTrue(result.err().contains("BundleException"), result.err());
  }

  @Test
  void requiresTheBundleArgument() {
    CommandRun result = run("inspect");

    assertEquals(ExitCodes.USAGE, result.exitCode());
    assertTrue(result.err().contains("Missing required parameter: 'BUNDLE'"), result.err());
  }
}
