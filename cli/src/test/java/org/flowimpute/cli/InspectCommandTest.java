package org.flowimpute.cli;

import static org.flowimpute.cli.CommandRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.flowimpute.bundle.BundleWriter;
import org.flowimpute.bundle.CategoricalCondition;
import org.flowimpute.bundle.ConditionSpec;
import org.flowimpute.bundle.DamagedZips;
import org.flowimpute.bundle.Manifest;
import org.flowimpute.bundle.ManifestJson;
import org.flowimpute.bundle.NumericCondition;
import org.flowimpute.bundle.SampleManifests;
import org.flowimpute.household.HouseholdContext;
import org.flowimpute.pipelines.testing.ContractModels;
import org.flowimpute.pipelines.testing.TestBundles;
import org.flowimpute.synth.ConditionSynthesis;
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
    assertTrue(summary.contains("format:        1.6"), summary);
    assertTrue(summary.contains("conditions:    2 (encoded width 4)"), summary);
    assertTrue(
        summary.contains(
            "region   categorical  'north', 'south' + <other>; unknown values: other (as the"
                + " training shares 'north' 0.375, 'south' 0.625)"),
        summary);
    assertTrue(summary.contains("savings  continuous   signs negative/zero/positive"), summary);
    assertTrue(
        summary.contains("mu 10.2, sigma 0.8; capped at 500000 (max |x| 250000 x 2)"), summary);
    assertTrue(
        summary.contains("age      numeric      mean 41.5, sd 17.25; trained on 16..90"), summary);
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

  /** The summary of a model whose categories have spaces around them shows the spaces. */
  @Test
  void theSummaryShowsSpacesAroundACategory() throws Exception {
    Path bundle = temp.resolve("spaced.zip");
    Manifest people = TestBundles.peopleManifest();
    List<ConditionSpec> conditions = new ArrayList<>();
    for (ConditionSpec condition : people.conditions()) {
      conditions.add(
          condition instanceof CategoricalCondition categorical
              ? new CategoricalCondition(
                  categorical.name(), List.of("north ", " south"), categorical.unknownCategory())
              : condition);
    }
    Manifest spaced = TestBundles.peopleManifestBuilder("spaced-1").conditions(conditions).build();
    BundleWriter.write(bundle, spaced, ContractModels.onnx(spaced));

    CommandRun result = run("inspect", bundle.toString()).assertOk();

    assertTrue(result.out().contains("categorical  'north ', ' south'"), result.out());
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

  /**
   * A household-aware model says so, with its id field and how its features are counted: the
   * summary listed household_size/adults/children as plain conditions, and the id field and the
   * adult age were only in --json.
   */
  @Test
  void saysAModelIsHouseholdAwareWithItsIdFieldAndAdultAge() throws Exception {
    Path bundle = temp.resolve("households.zip");
    Manifest people = TestBundles.peopleManifest();
    List<ConditionSpec> conditions = new ArrayList<>(people.conditions());
    conditions.add(new NumericCondition("household_size", 2.5, 1.2));
    conditions.add(new NumericCondition("household_adults", 1.8, 0.7));
    conditions.add(new NumericCondition("household_children", 0.7, 1.0));
    Manifest households =
        TestBundles.peopleManifestBuilder("households-1")
            .conditions(conditions)
            .household(HouseholdContext.standard("hh_id", "age"))
            .build();
    BundleWriter.write(bundle, households, ContractModels.onnx(households));

    CommandRun result = run("inspect", bundle.toString()).assertOk();

    assertTrue(
        result
            .out()
            .contains(
                "\nhousehold:     by hh_id (train --household-id): household_size = members,"
                    + " household_adults = members with age >= 18, household_children = members"
                    + " with age < 18; computed from all records with the same hh_id (input"
                    + " fields of these names are replaced)\n"),
        result.out());
    assertTrue(
        result
            .out()
            .contains(
                "  household_size      numeric      mean 2.5, sd 1.2; training range unknown"
                    + " (bundle before format 1.6) (computed per household)"),
        result.out());
    assertTrue(
        result
            .out()
            .contains(
                "  age                 numeric      mean 40, sd 15; training range unknown (bundle"
                    + " before format 1.6)\n"),
        result.out());
  }

  /**
   * A bundle with synthesis data says how many cells it releases and suppresses, and its k; not the
   * suppressed cells' weight share, which it no longer holds.
   */
  @Test
  void summarizesTheSynthesisData() throws Exception {
    Path bundle = writeSynthesisBundle(json -> json);

    CommandRun result = run("inspect", bundle.toString()).assertOk();

    assertTrue(
        result
            .out()
            .contains(
                "\nsynthesis:     synthesis.json (train --synthesis 10): 2 cells of region"
                    + " released, 1 suppressed (fewer than 10 training rows)\nchecksums: OK"
                    + " (model.onnx, synthesis.json)\n"),
        result.out());
  }

  /**
   * A synthesis.json written before 2026-12-03 (no release_version; a suppressed_weight_share) is
   * flagged: its quantiles were not kept within K rows of each end, and its share times the total
   * weight gave the suppressed cells' weight.
   */
  @Test
  void flagsSynthesisDataWrittenBeforeReleaseVersionTwo() throws Exception {
    Path bundle =
        writeSynthesisBundle(
            json -> {
              json.remove("release_version");
              json.put("suppressed_weight_share", 0.04);
              return json;
            });

    CommandRun result = run("inspect", bundle.toString()).assertOk();

    assertTrue(
        result
            .out()
            .contains(
                "released, 1 suppressed (fewer than 10 training rows); written before 2026-12-03,"
                    + " its quantiles may give away values of fewer than 10 rows (extremes, a"
                    + " heavy row's value) and its suppressed weight share the suppressed cells'"
                    + " weight: retrain to release neither\n"),
        result.out());
  }

  /** A bundle of two cells, one suppressed, its synthesis.json edited by {@code edit}. */
  private Path writeSynthesisBundle(UnaryOperator<ObjectNode> edit) throws Exception {
    Path bundle = temp.resolve("synthesis");
    Manifest people = TestBundles.peopleManifest();
    List<Double> quantiles = List.of(25.0, 38.0, 47.0, 61.0);
    ConditionSynthesis synthesis =
        new ConditionSynthesis(
            10,
            ConditionSynthesis.RELEASE_VERSION,
            20,
            4,
            100.0,
            1,
            List.of("region"),
            List.of(new ConditionSynthesis.NumericMarginal("age", false, quantiles, List.of())),
            List.of(
                new ConditionSynthesis.Cell(
                    List.of("north"), 0.55, List.of(quantiles), List.of(List.of())),
                new ConditionSynthesis.Cell(
                    List.of("south"), 0.45, List.of(quantiles), List.of(List.of()))),
            List.of(List.of(1.0)));
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode json = (ObjectNode) mapper.readTree(synthesis.toBytes());
    BundleWriter.write(
        bundle,
        people,
        ContractModels.onnx(people),
        Map.of(ConditionSynthesis.FILE, mapper.writeValueAsBytes(edit.apply(json))));
    return bundle;
  }

  /** The bundle may be given with --model, as every other command takes it. */
  @Test
  void takesTheBundleWithModelAsWell() throws Exception {
    Path bundle = temp.resolve("bundle.zip");
    BundleWriter.write(bundle, SampleManifests.sample(), SAMPLE_GRAPH);

    CommandRun byOption = run("inspect", "--model", bundle.toString()).assertOk();
    CommandRun both = run("inspect", "--model", bundle.toString(), bundle.toString());

    assertEquals(run("inspect", bundle.toString()).out(), byOption.out());
    assertEquals(ExitCodes.USAGE, both.exitCode());
    assertTrue(
        both.err().startsWith("give the bundle once: as the argument or with --model, not both"),
        both.err());
  }

  /**
   * A zip whose stored manifest.json had one digit changed in transit, its CRC-32 kept, fails
   * inspect naming the entry: it passed ("checksums: OK") with the age condition's mean 47.5.
   */
  @Test
  void refusesAZipWhoseManifestDoesNotMatchItsCrc() throws Exception {
    Path bundle = temp.resolve("digit.zip");
    DamagedZips.writeSampleWithChangedDigit(bundle, SAMPLE_GRAPH);

    CommandRun result = run("inspect", bundle.toString());

    assertEquals(ExitCodes.FAILURE, result.exitCode(), result.out());
    assertTrue(
        result
            .err()
            .startsWith(
                "error: " + bundle + "!/manifest.json is damaged: CRC-32 mismatch (the zip"),
        result.err());
    assertEquals(1, result.err().strip().lines().count(), result.err());
    assertEquals("", result.out());
  }

  @Test
  void requiresTheBundleArgument() {
    CommandRun result = run("inspect");

    assertEquals(ExitCodes.USAGE, result.exitCode());
    assertTrue(
        result
            .err()
            .startsWith(
                "Missing required parameter: 'BUNDLE' (the bundle directory or .zip: flowimpute"
                    + " inspect model.zip)"),
        result.err());
  }

  /** Numbers of the summary: plain in everyday ranges, scientific for tiny and huge magnitudes. */
  @Test
  void summaryNumbersArePlainInEverydayRangesAndScientificBeyond() {
    assertEquals("25774.4", InspectCommand.number(25774.41234));
    assertEquals("0", InspectCommand.number(0));
    assertEquals("-0.00125", InspectCommand.number(-0.00125));
    assertEquals("1.22801E-300", InspectCommand.number(1.228012e-300));
    assertEquals("3.5E+12", InspectCommand.number(3.5e12));
  }
}
