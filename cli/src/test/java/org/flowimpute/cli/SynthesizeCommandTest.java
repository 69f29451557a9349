package org.flowimpute.cli;

import static org.flowimpute.cli.CommandRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.bundle.BundleWriter;
import org.flowimpute.bundle.ManifestJson;
import org.flowimpute.bundle.ModelBundle;
import org.flowimpute.bundle.NumericCondition;
import org.flowimpute.synth.ConditionSynthesis;
import org.flowimpute.table.Tables;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code train --synthesis}, then {@code synthesize}. */
class SynthesizeCommandTest {

  @TempDir static Path temp;

  private static Path bundle;

  private static double trainingWeight;

  /** The table with its weights {@code w} multiplied by {@code factor}. */
  private static String scaledWeights(String table, double factor) {
    StringBuilder out = new StringBuilder();
    String[] lines = table.split("\n");
    out.append(lines[0]).append('\n');
    int w = List.of(lines[0].split(",")).indexOf("w");
    for (int i = 1; i < lines.length; i++) {
      String[] cells = lines[i].split(",", -1);
      cells[w] = String.valueOf(Double.parseDouble(cells[w]) * factor);
      out.append(String.join(",", cells)).append('\n');
    }
    return out.toString();
  }

  @BeforeAll
  static void trainOnce() throws Exception {
    Path data = temp.resolve("train.csv");
    Files.writeString(data, scaledWeights(TrainGenerateCommandTest.table(600, 1, true), 1000));
    trainingWeight = 0;
    for (GenericRecord row : Tables.readAll(data)) {
      trainingWeight += ((Number) row.get("w")).doubleValue();
    }
    bundle = temp.resolve("bundle.zip");
    TrainGenerateCommandTest.trainSmall(data, bundle, "--synthesis", "--no-progress").assertOk();
  }

  @Test
  void bundleHoldsVerifiedSynthesisDataWithoutRecords() throws Exception {
    ModelBundle loaded = ModelBundle.load(bundle);
    ConditionSynthesis synthesis =
        ConditionSynthesis.fromBytes("test", loaded.file(ConditionSynthesis.FILE).orElseThrow());

    assertTrue(loaded.manifest().checksums().containsKey(ConditionSynthesis.FILE));
    assertEquals(10, synthesis.minCellRows());
    assertEquals(List.of("region"), synthesis.categorical());
    assertEquals(3, synthesis.cells().size());
    assertEquals("1.6", loaded.manifest().formatVersion());
    assertEquals(ConditionSynthesis.RELEASE_VERSION, synthesis.releaseVersion());
    assertFalse(
        new String(loaded.file(ConditionSynthesis.FILE).orElseThrow(), StandardCharsets.UTF_8)
            .contains("suppressed_weight_share"),
        "the suppressed cells' weight share is stored");
  }

  /**
   * Weights whose sum is beyond a double's range are refused before training: the synthesis held a
   * total weight of Infinity and shares of NaN, and every synthetic record had the same age.
   */
  @Test
  void weightsSummingBeyondADoublesRangeAreRefusedBeforeTraining() throws Exception {
    Path data = temp.resolve("huge-weights.csv");
    Files.writeString(data, scaledWeights(TrainGenerateCommandTest.table(600, 1, true), 1e306));

    CommandRun result =
        TrainGenerateCommandTest.trainSmall(
            data, temp.resolve("huge.zip"), "--synthesis", "--no-progress");

    assertEquals(ExitCodes.FAILURE, result.exitCode(), result.out());
    assertEquals(
        "error: --synthesis: the weights sum beyond a double's range, so the synthetic records'"
            + " weights (total weight / n) cannot be written; divide the weight column by a"
            + " constant",
        result.err().strip());
  }

  @Test
  void synthesizeWritesNRecordsDeterministicallyPerSeed() throws Exception {
    Path first = temp.resolve("first.avro");
    Path second = temp.resolve("second.csv");
    Path other = temp.resolve("other.avro");

    CommandRun a = synthesize(first, "5");
    CommandRun b = synthesize(second, "5");
    synthesize(other, "6");

    assertEquals(ExitCodes.OK, a.exitCode(), a.err());
    assertTrue(a.out().contains("5000 synthetic records"), a.out());
    assertTrue(a.out().contains("3 condition cells released (k = 10)"), a.out());
    List<GenericRecord> x = Tables.readAll(first);
    List<GenericRecord> y = Tables.readAll(second);
    List<GenericRecord> z = Tables.readAll(other);
    assertEquals(5_000, x.size());
    List<String> columns = new ArrayList<>();
    x.get(0).getSchema().getFields().forEach(f -> columns.add(f.name()));
    assertEquals(List.of("id", "region", "age", "w", "income", "savings"), columns);
    int differing = 0;
    double weight = 0;
    for (int i = 0; i < x.size(); i++) {
      assertEquals(x.get(i).get("region").toString(), y.get(i).get("region").toString());
      assertEquals(
          (Double) x.get(i).get("savings"),
          ((Number) y.get(i).get("savings")).doubleValue(),
          0.006);
      differing += x.get(i).get("savings").equals(z.get(i).get("savings")) ? 0 : 1;
      weight += (Double) x.get(i).get("w");
    }
    assertTrue(differing > 4_500, "another seed changes the records: " + differing);
    // Each record represents total training weight / n (training rescales weights to mean 1
    // for itself; the synthetic population keeps the training table's scale).
    assertEquals(trainingWeight, weight, 1e-9 * trainingWeight);
  }

  /**
   * No synthetic amount reproduces a training extreme: the graph clamped generated magnitudes to
   * each sign's exact smallest and largest training magnitude, so the synthetic file held the
   * training minimum and maximum of a target to the last digit. {@code inspect} says the bundle's
   * counts and bounds are rounded.
   */
  @Test
  void syntheticAmountsDoNotReproduceTrainingExtremes() throws Exception {
    Path out = temp.resolve("extremes.csv");
    synthesize(out, "3").assertOk();
    List<GenericRecord> real = Tables.readAll(temp.resolve("train.csv"));
    List<GenericRecord> synthetic = Tables.readAll(out);

    for (String target : List.of("income", "savings")) {
      for (int sign : new int[] {-1, 1}) {
        double[] exact = magnitudeRange(real, target, sign);
        double[] generated = magnitudeRange(synthetic, target, sign);
        for (int end = 0; end < 2; end++) {
          if (exact[end] > 0 && generated[end] > 0) {
            assertTrue(
                Math.abs(generated[end] - exact[end]) > 1e-6 * exact[end],
                target + " sign " + sign + " reproduces the training extreme " + exact[end]);
          }
        }
      }
    }
    assertTrue(
        run("inspect", bundle.toString()).out().contains("about 600 rows (rounded"),
        "inspect names the rounded count");
  }

  /**
   * No synthetic age lies beyond the training ages' 10th smallest or 10th largest (K = 10), and so
   * none outside the bundle's own training range: the quantiles of each region's 200 rows reached
   * toward its extremes, and synthesize drew ages that fewer than 10 rows had.
   */
  @Test
  void syntheticConditionsStayWithinTheKthValues() throws Exception {
    Path out = temp.resolve("ages.csv");
    synthesize(out, "4").assertOk();
    double[] ages =
        Tables.readAll(temp.resolve("train.csv")).stream()
            .mapToDouble(row -> ((Number) row.get("age")).doubleValue())
            .sorted()
            .toArray();
    NumericCondition released =
        (NumericCondition)
            ModelBundle.load(bundle).manifest().conditions().stream()
                .filter(c -> c.name().equals("age"))
                .findFirst()
                .orElseThrow();

    for (GenericRecord row : Tables.readAll(out)) {
      double age = ((Number) row.get("age")).doubleValue();
      assertTrue(age >= ages[9] && age <= ages[ages.length - 10], "synthetic age " + age);
      assertTrue(
          age >= released.trainingRange().get(0) && age <= released.trainingRange().get(1),
          "synthetic age " + age + " outside " + released.trainingRange());
    }
  }

  /**
   * A synthesis.json written before release version 2 (no release_version) whose quantiles reach
   * beyond the training range, as raw extremes did, is drawn within the range, with a warning.
   */
  @Test
  void aSynthesisBeforeReleaseVersionTwoIsDrawnWithinTheTrainingRangesWithAWarning()
      throws Exception {
    ModelBundle loaded = ModelBundle.load(bundle);
    ObjectNode tree =
        (ObjectNode)
            new ObjectMapper().readTree(loaded.file(ConditionSynthesis.FILE).orElseThrow());
    tree.remove("release_version");
    tree.put("suppressed_weight_share", 0.0);
    for (JsonNode cell : tree.get("cells")) {
      ArrayNode ages = (ArrayNode) cell.get("quantiles").get(0);
      ages.set(ages.size() - 1, 999.0);
    }
    Path old = temp.resolve("release-one");
    BundleWriter.write(
        old,
        loaded.manifest(),
        loaded.modelBytes(),
        Map.of(ConditionSynthesis.FILE, new ObjectMapper().writeValueAsBytes(tree)));
    Path out = temp.resolve("release-one.csv");
    NumericCondition age =
        (NumericCondition)
            loaded.manifest().conditions().stream()
                .filter(c -> c.name().equals("age"))
                .findFirst()
                .orElseThrow();

    CommandRun result = synthesize(old, out, "2").assertOk();

    assertTrue(result.err().contains("synthesis.json was written before 2026-12-03"), result.err());
    double largest =
        Tables.readAll(out).stream()
            .mapToDouble(row -> ((Number) row.get("age")).doubleValue())
            .max()
            .orElseThrow();
    assertEquals(age.trainingRange().get(1), largest);
  }

  /** The smallest and largest |x| of {@code column}'s values of {@code sign}, 0 when none. */
  private static double[] magnitudeRange(List<GenericRecord> rows, String column, int sign) {
    double smallest = Double.MAX_VALUE;
    double largest = 0;
    for (GenericRecord row : rows) {
      double value = ((Number) row.get(column)).doubleValue();
      if (Math.signum(value) == sign) {
        smallest = Math.min(smallest, Math.abs(value));
        largest = Math.max(largest, Math.abs(value));
      }
    }
    return largest == 0 ? new double[] {0, 0} : new double[] {smallest, largest};
  }

  @Test
  void realRecordsGiveADistanceToClosestRecordReport() throws Exception {
    Path data = temp.resolve("train.csv");

    CommandRun result = synthesizeWithReal(temp.resolve("dcr.csv"), "2000", data);

    assertEquals(ExitCodes.OK, result.exitCode(), result.err());
    java.util.regex.Matcher ratio =
        java.util.regex.Pattern.compile("ratio (\\d+\\.\\d+)").matcher(result.out());
    assertTrue(ratio.find(), result.out());
    System.out.print(result.out());
    // Synthetic records are not copies: exact matches 0, about as far from the real records as
    // held-out real records are.
    assertTrue(result.out().contains("exact 0.0000"), result.out());
    double value = Double.parseDouble(ratio.group(1));
    assertTrue(value > 0.5 && value < 2, "DCR ratio " + value);
    assertTrue(result.out().contains("copies of unique real records"), result.out());
    assertTrue(result.out().contains(": synthetic 0 of 2000 (0 real records"), result.out());
    assertEquals("", result.err(), "no warning of copies");
  }

  /**
   * Synthetic records checked against real records that hold copies of them (here: an earlier run
   * of the same seed as --real) are warned of in one line on stderr naming the counts and a copied
   * real record by file and row; before, the ratio was the only sign, and a few copies among many
   * records left it above 1.
   */
  @Test
  void copiesOfRealRecordsAreWarnedOfNamingOne() throws Exception {
    Path earlier = temp.resolve("earlier.csv");
    run("synthesize", "--model", bundle.toString(), "--n", "2000", "--out", earlier.toString())
        .assertOk();

    CommandRun result = synthesizeWithReal(temp.resolve("again.csv"), "2000", earlier);

    assertEquals(ExitCodes.OK, result.exitCode(), result.err());
    assertEquals(1, result.err().strip().lines().count(), result.err());
    assertTrue(
        result
            .err()
            .strip()
            .matches(
                "warning: the synthetic records copy unique real records more than new real data"
                    + " would: \\d+ of 2000 synthetic records copy \\d+ unique real records,"
                    + " held-out real \\d+ of \\d+ \\(p [^,]+, below 0\\.001\\); most copies of"
                    + " one real record: \\d+, of .*earlier\\.csv row \\d+ \\(not flagged alone: \\d+"
                    + " or more flag it\\) \\(--real .*earlier\\.csv\\)"),
        result.err());
  }

  /**
   * A --real file that cannot serve the DCR report (here: without the targets) fails the command
   * before anything is written; before, the synthetic file was written and left behind.
   */
  @Test
  void aRealFileWithoutTheTargetsFailsBeforeTheOutputIsWritten() throws Exception {
    Path conditionsOnly = temp.resolve("conditions-only.csv");
    Files.writeString(conditionsOnly, TrainGenerateCommandTest.table(200, 6, false));
    Path out = temp.resolve("never-written.csv");

    CommandRun result = synthesizeWithReal(out, "100", conditionsOnly);

    assertEquals(ExitCodes.FAILURE, result.exitCode(), result.out());
    assertEquals(1, result.err().strip().lines().count(), result.err());
    assertTrue(
        result
            .err()
            .startsWith(
                "error: "
                    + conditionsOnly
                    + " row 1: no column 'income' (the model's condition or target; columns: [id,"
                    + " age, region])"),
        result.err());
    assertFalse(Files.exists(out));
  }

  /**
   * A --real file that does not exist is named with its option, as evaluate names its tables: the
   * message named the file alone ("nofile.csv: cannot read CSV header: ..."), not which input it
   * was; and nothing is written.
   */
  @Test
  void aMissingRealFileIsNamedWithItsOption() {
    Path missing = temp.resolve("nofile.csv");
    Path out = temp.resolve("not-written.csv");

    CommandRun result = synthesizeWithReal(out, "100", missing);

    assertEquals(ExitCodes.FAILURE, result.exitCode(), result.out());
    assertEquals("error: --real " + missing + ": no such file or directory", result.err().strip());
    assertFalse(Files.exists(out));
  }

  /** The number of records out of range is named as typed: --rows 0 said "--n must be …". */
  @Test
  void theNumberOfRecordsOutOfRangeIsNamedAsTyped() {
    for (String option : List.of("--n", "--rows")) {
      CommandRun result =
          CommandRun.run(
              "synthesize",
              "--model",
              bundle.toString(),
              option,
              "0",
              "--out",
              temp.resolve("zero.csv").toString());

      assertEquals(ExitCodes.USAGE, result.exitCode(), result.err());
      assertTrue(
          result.err().startsWith(option + " must be between 1 and 100000000, got 0"),
          result.err());
    }
  }

  /**
   * A --real record of a category the model does not know is refused naming it: it matched no level
   * and counted as unlike every record, so regions written SOUTH moved the DCR without a word.
   */
  @Test
  void aRealCategoryTheModelDoesNotKnowIsRefused() throws Exception {
    Path upper = temp.resolve("upper.csv");
    Files.writeString(
        upper, TrainGenerateCommandTest.table(200, 6, true).replace(",south,", ",SOUTH,"));
    Path out = temp.resolve("upper-out.csv");

    CommandRun result = synthesizeWithReal(out, "100", upper);

    assertEquals(ExitCodes.FAILURE, result.exitCode(), result.out());
    assertTrue(
        result
            .err()
            .strip()
            .matches(
                "error: .*upper\\.csv row \\d+: field 'region': category"
                    + " 'SOUTH' is not one the model knows \\(east, north, south\\)"),
        result.err());
    assertFalse(Files.exists(out));
  }

  /**
   * A K that no cell reaches is a usage error before training, naming --synthesis, K and the
   * largest cell's rows: it failed after the whole training with "every cell has fewer than 500
   * rows: nothing can be released".
   */
  @Test
  void aSynthesisKNoCellReachesIsAUsageErrorNamingTheLargestCell() throws Exception {
    Path data = temp.resolve("train.csv");
    Map<String, Integer> regionRows = new java.util.HashMap<>();
    Tables.readAll(data)
        .forEach(r -> regionRows.merge(r.get("region").toString(), 1, Integer::sum));
    int largest = java.util.Collections.max(regionRows.values());
    Path out = temp.resolve("k-too-large.zip");

    CommandRun result =
        TrainGenerateCommandTest.trainSmall(data, out, "--synthesis=500", "--no-progress");

    assertEquals(ExitCodes.USAGE, result.exitCode(), result.out());
    assertEquals(
        "--synthesis 500: every cell of the categorical conditions (region) has fewer than 500"
            + " rows (the largest has "
            + largest
            + "): nothing can be released; use a K of at most "
            + largest,
        result.err().lines().findFirst().orElseThrow());
    assertFalse(Files.exists(out));
  }

  /**
   * train prints how many cells were released and suppressed and the suppressed weight share, as
   * docs/synthesis.md says; it printed nothing about them.
   */
  @Test
  void trainPrintsTheReleasedAndSuppressedCells() throws Exception {
    String table = TrainGenerateCommandTest.table(600, 1, true);
    StringBuilder rare = new StringBuilder(table);
    double rareWeight = 0;
    for (int i = 0; i < 4; i++) {
      double weight = 0.5 + 0.25 * i;
      rareWeight += weight;
      rare.append("r").append(i).append(",40,west,100.00,50.00,").append(weight).append('\n');
    }
    Path data = Files.writeString(temp.resolve("rare-region.csv"), rare.toString());
    double total = 0;
    for (GenericRecord row : Tables.readAll(data)) {
      total += ((Number) row.get("w")).doubleValue();
    }

    CommandRun result =
        TrainGenerateCommandTest.trainSmall(
            data, temp.resolve("rare.zip"), "--synthesis", "--no-progress");

    result.assertOk();
    assertTrue(
        result
            .out()
            .contains(
                String.format(
                    java.util.Locale.ROOT,
                    "synthesis: 3 cells released (k = 10), 1 suppressed (%.2f %% of the weight)%n",
                    100 * rareWeight / total)),
        result.out());
  }

  /**
   * A region seen in 3 of 603 rows is named nowhere in the bundle (manifest, graph, synthesis
   * data): train says it was pooled, inspect shows the pool, synthesize never draws it and measures
   * the DCR against the real rows that hold it, and generate imputes it exactly as a region the
   * bundle does not name. The manifest named it, under --unknown-category other with its share,
   * which times the released total weight gave back its rows' weight. The settings record the
   * policy asked (error) and the condition it cannot hold for (unknown_category_other), and inspect
   * says so on the condition's line, also for a bundle written before that setting: it showed
   * unknown_category=error beside a condition under other, unexplained.
   */
  @Test
  void aRegionInFewerThanKRowsIsPooledAndNamedNowhere() throws Exception {
    StringBuilder table = new StringBuilder(TrainGenerateCommandTest.table(600, 1, true));
    for (int i = 0; i < 3; i++) {
      table.append("r").append(i).append(",4").append(i).append(",west,100.00,50.00,777.25\n");
    }
    Path data = Files.writeString(temp.resolve("pooled-region.csv"), table.toString());
    Path pooled = temp.resolve("pooled.zip");

    CommandRun train =
        TrainGenerateCommandTest.trainSmall(data, pooled, "--synthesis", "--no-progress");

    train.assertOk();
    assertTrue(
        train
            .err()
            .contains(
                "warning: categorical condition 'region': categories seen in fewer than 10 rows"
                    + " are not named in a synthesis bundle: 1 of its 4 (3 rows in all) trained as"
                    + " one pooled level <other>; generate imputes every category the bundle does"
                    + " not name as that level (--unknown-category error cannot hold for this"
                    + " condition: it would refuse categories training saw)\n"),
        train.err());
    try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(pooled.toFile())) {
      for (java.util.zip.ZipEntry entry : java.util.Collections.list(zip.entries())) {
        String text =
            new String(
                zip.getInputStream(entry).readAllBytes(),
                java.nio.charset.StandardCharsets.ISO_8859_1);
        assertFalse(text.contains("west"), entry.getName() + " names the rare region");
      }
    }

    CommandRun inspect = run("inspect", pooled.toString());
    inspect.assertOk();
    assertTrue(
        inspect
            .out()
            .contains(
                "categorical  'east', 'north', 'south' + <other>; unknown values: other (one-hot"
                    + " <other>: the trained pool of 1 category too rare to name; its share not"
                    + " released), although trained with --unknown-category error: error would"
                    + " refuse the pooled categories, which training saw\n"),
        inspect.out());
    assertTrue(
        inspect.out().contains("unknown_category=error, unknown_category_other=region,"),
        inspect.out());
    Map<String, Object> settings = ModelBundle.load(pooled).manifest().training().settings();
    assertEquals("error", settings.get("unknown_category"), "the policy asked");
    assertEquals("region", settings.get("unknown_category_other"), "where it cannot hold");
    ModelBundle trained = ModelBundle.load(pooled);
    ObjectNode manifest =
        (ObjectNode) new ObjectMapper().readTree(ManifestJson.toBytes(trained.manifest()));
    ((ObjectNode) manifest.get("training").get("settings")).remove("unknown_category_other");
    Path older = temp.resolve("pooled-before-setting");
    BundleWriter.write(
        older,
        ManifestJson.fromBytes("edited", new ObjectMapper().writeValueAsBytes(manifest)),
        trained.modelBytes(),
        Map.of(ConditionSynthesis.FILE, trained.file(ConditionSynthesis.FILE).orElseThrow()));
    CommandRun olderInspect = run("inspect", older.toString()).assertOk();
    assertTrue(
        olderInspect
            .out()
            .contains(
                "its share not released), although trained with --unknown-category error: error"
                    + " would refuse the pooled categories, which training saw\n"),
        "a bundle written before the setting: " + olderInspect.out());

    Path synthetic = temp.resolve("pooled-synthetic.csv");
    CommandRun synthesize =
        run(
            "synthesize",
            "--model",
            pooled.toString(),
            "--n",
            "2000",
            "--out",
            synthetic.toString(),
            "--real",
            data.toString());
    synthesize.assertOk();
    assertTrue(synthesize.out().contains("DCR to "), synthesize.out());
    java.util.Set<String> regions = new java.util.TreeSet<>();
    Tables.readAll(synthetic).forEach(r -> regions.add(r.get("region").toString()));
    assertEquals(java.util.Set.of("east", "north", "south"), regions);

    Map<String, List<String>> imputed = new java.util.TreeMap<>();
    for (String region : List.of("west", "atlantis", "north")) {
      Path input = Files.writeString(temp.resolve(region + ".csv"), "id,age,region\nq1,40,");
      Files.writeString(input, region + "\n", java.nio.file.StandardOpenOption.APPEND);
      Path output = temp.resolve(region + "-imputed.csv");
      CommandRun generate = CliFixtures.generate(pooled, input, output, "--key-column", "id");
      generate.assertOk();
      if (!region.equals("north")) {
        assertTrue(
            generate.err().contains("or pooled by train --synthesis as seen in fewer than K rows"),
            generate.err());
      }
      GenericRecord row = Tables.readAll(output).get(0);
      imputed.put(region, List.of(row.get("income").toString(), row.get("savings").toString()));
    }
    assertEquals(imputed.get("atlantis"), imputed.get("west"));
    assertFalse(imputed.get("north").equals(imputed.get("west")), imputed.toString());
  }

  /**
   * {@code --synthesis=0} is a usage error: 0 meant "off" inside, so it wrote no synthesis data.
   */
  @Test
  void aSynthesisCellSizeBelowOneIsAUsageError() throws Exception {
    Path data = temp.resolve("train.csv");

    CommandRun result =
        TrainGenerateCommandTest.trainSmall(
            data, temp.resolve("k0"), "--synthesis=0", "--no-progress");

    assertEquals(ExitCodes.USAGE, result.exitCode(), result.out());
    assertTrue(result.err().startsWith("--synthesis K must be at least 1"), result.err());
    assertFalse(Files.exists(temp.resolve("k0")));
  }

  @Test
  void bundleWithoutSynthesisDataIsOneLineError() throws Exception {
    Path plain = temp.resolve("plain");
    Path data = temp.resolve("plain.csv");
    Files.writeString(data, TrainGenerateCommandTest.table(200, 4, true));
    TrainGenerateCommandTest.trainSmall(data, plain, "--no-progress").assertOk();

    CommandRun result = synthesize(plain, temp.resolve("x.csv"), "1");

    assertEquals(ExitCodes.FAILURE, result.exitCode());
    assertEquals(1, result.err().strip().lines().count(), result.err());
    assertTrue(result.err().contains("retrain with `flowimpute train --synthesis`"), result.err());
  }

  /**
   * A bundle whose synthesis.json predates format 1.3 (no value tables) and has an integer
   * condition (age) is refused: its quantiles would draw a few-valued integer with wrong shares.
   */
  @Test
  void aSynthesisWithoutValueTablesAndIntegerConditionsIsRefusedInOneLine() throws Exception {
    ModelBundle loaded = ModelBundle.load(bundle);
    JsonNode tree = new ObjectMapper().readTree(loaded.file(ConditionSynthesis.FILE).orElseThrow());
    tree.get("numeric").forEach(n -> ((ObjectNode) n).remove("values"));
    tree.get("cells").forEach(c -> ((ObjectNode) c).remove("probabilities"));
    Path old = temp.resolve("old-synthesis");
    BundleWriter.write(
        old,
        loaded.manifest(),
        loaded.modelBytes(),
        Map.of(ConditionSynthesis.FILE, new ObjectMapper().writeValueAsBytes(tree)));
    Path out = temp.resolve("old-synthetic.csv");

    CommandRun result = synthesize(old, out, "1");

    assertEquals(ExitCodes.FAILURE, result.exitCode(), result.out());
    assertEquals(1, result.err().strip().lines().count(), result.err());
    assertTrue(result.err().contains("written before bundle format 1.3"), result.err());
    assertTrue(result.err().contains("integer conditions (age)"), result.err());
    assertTrue(result.err().contains("retrain with `flowimpute train --synthesis`"), result.err());
    assertFalse(Files.exists(out));
  }

  /**
   * A synthesis.json holding a category the model does not know is refused by inspect and
   * synthesize, naming the file, the cell and the manifest's categories: inspect passed it and
   * synthesize failed on a synthetic record ("s38: field 'region': unknown category 'atlantis'").
   */
  @Test
  void aSynthesisWithAnUnknownCategoryFailsInspectAndSynthesizeNamingTheCell() throws Exception {
    ModelBundle loaded = ModelBundle.load(bundle);
    JsonNode tree = new ObjectMapper().readTree(loaded.file(ConditionSynthesis.FILE).orElseThrow());
    ((ArrayNode) tree.get("cells").get(0).get("categories")).set(0, "atlantis");
    Path edited = temp.resolve("atlantis-synthesis");
    BundleWriter.write(
        edited,
        loaded.manifest(),
        loaded.modelBytes(),
        Map.of(ConditionSynthesis.FILE, new ObjectMapper().writeValueAsBytes(tree)));
    Path out = temp.resolve("atlantis.csv");

    CommandRun inspect = run("inspect", edited.toString());
    CommandRun synthesize = synthesize(edited, out, "1");

    String expected =
        "error: "
            + edited
            + "/synthesis.json: cell [atlantis]: region 'atlantis' is not a category of the"
            + " manifest, expected one of [east, north, south]";
    assertEquals(ExitCodes.FAILURE, inspect.exitCode(), inspect.out());
    assertEquals(expected, inspect.err().strip());
    assertEquals(ExitCodes.FAILURE, synthesize.exitCode(), synthesize.out());
    assertEquals(expected, synthesize.err().strip());
    assertFalse(Files.exists(out));
  }

  @Test
  void inspectReportsTheCheckedSynthesis() {
    CommandRun inspect = run("inspect", bundle.toString());

    inspect.assertOk();
    assertTrue(
        inspect
            .out()
            .contains(
                "synthesis: OK (its conditions and categories are the manifest's, its shares,"
                    + " quantiles and copula are valid)"),
        inspect.out());
  }

  @Test
  void householdModelIsRefusedInOneLineAndWritesNothing() throws Exception {
    // train refuses --synthesis with --household-id; a bundle may still carry a synthesis.json
    // (written by an earlier version, or by hand): here the person bundle's
    ModelBundle trained =
        ModelBundle.load(
            CliFixtures.trainHouseholdModel(temp, "households", "wage_income", 1, 8, 1));
    Path households = temp.resolve("households-with-synthesis");
    BundleWriter.write(
        households,
        trained.manifest(),
        trained.modelBytes(),
        Map.of(
            ConditionSynthesis.FILE,
            ModelBundle.load(bundle).file(ConditionSynthesis.FILE).orElseThrow()));
    Path out = temp.resolve("households-synthetic.csv");

    CommandRun result = synthesize(households, out, "1");

    assertEquals(ExitCodes.FAILURE, result.exitCode(), result.out());
    assertEquals(1, result.err().strip().lines().count(), result.err());
    assertTrue(
        result
            .err()
            .contains(
                "is a household-aware model (trained with --household-id; conditions"
                    + " household_size, household_adults, household_children)"),
        result.err());
    assertTrue(result.err().contains("cannot give consistent households"), result.err());
    assertFalse(Files.exists(out));
  }

  /**
   * A run that would leave its file system with less than the reserve free stops, deleting what it
   * wrote: {@code --n 3000000000} wrote for 40 minutes until the disk was full.
   */
  @Test
  void aRunStopsBeforeItFillsTheDiskAndLeavesNoOutput() {
    Path out = temp.resolve("full-disk.csv");
    SynthesizeCommand command = new SynthesizeCommand();
    new CommandLine(command)
        .parseArgs("--model", bundle.toString(), "--n", "10000", "--out", out.toString());
    command.reserveBytes = Long.MAX_VALUE;

    IllegalStateException error = assertThrows(IllegalStateException.class, command::call);

    assertTrue(
        error.getMessage().startsWith("--out " + out + ": stopped after 0 of 10000 records, with "),
        error.getMessage());
    assertTrue(error.getMessage().endsWith(" MiB free); nothing was written"), error.getMessage());
    assertFalse(Files.exists(out));
  }

  /** {@code synthesize --n n --out out --real real} with the trained bundle. */
  private static CommandRun synthesizeWithReal(Path out, String n, Path real) {
    return run(
        "synthesize",
        "--model",
        bundle.toString(),
        "--n",
        n,
        "--out",
        out.toString(),
        "--real",
        real.toString());
  }

  private static CommandRun synthesize(Path out, String seed) {
    return synthesize(bundle, out, seed);
  }

  private static CommandRun synthesize(Path model, Path out, String seed) {
    return run(
        "synthesize",
        "--model",
        model.toString(),
        "--n",
        "5000",
        "--out",
        out.toString(),
        "--seed",
        seed);
  }
}
