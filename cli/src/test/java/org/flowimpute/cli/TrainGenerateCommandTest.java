package org.flowimpute.cli;

import static org.flowimpute.cli.CommandRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.flowimpute.bundle.ModelBundle;
import org.flowimpute.bundle.NumericCondition;
import org.flowimpute.table.TableWriter;
import org.flowimpute.table.Tables;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trains one small bundle from a CSV written here, then generates with it. */
class TrainGenerateCommandTest {

  @TempDir static Path temp;

  private static Path bundle;
  private static Path conditions;

  @BeforeAll
  static void trainOnce() throws Exception {
    Path data = temp.resolve("train.csv");
    Files.writeString(data, table(600, 1, true));
    conditions = temp.resolve("conditions.csv");
    Files.writeString(conditions, table(300, 2, false));
    bundle = temp.resolve("bundle");
    trainSmall(data, bundle).assertOk();
  }

  /** id,age,region[,income,savings,w]: income zero for a third, savings sometimes negative. */
  static String table(int rows, long seed, boolean withTargets) {
    SplittableRandom random = new SplittableRandom(seed);
    StringBuilder csv =
        new StringBuilder(withTargets ? "id,age,region,income,savings,w\n" : "id,age,region\n");
    for (int i = 0; i < rows; i++) {
      int age = 18 + random.nextInt(60);
      String region = List.of("north", "south", "east").get(random.nextInt(3));
      csv.append("p").append(i).append(',').append(age).append(',').append(region);
      if (withTargets) {
        double income =
            random.nextDouble() < 0.33 ? 0 : Math.exp(9 + 0.02 * age + random.nextGaussian());
        double savings = (random.nextDouble() < 0.2 ? -1 : 1) * Math.exp(7 + random.nextGaussian());
        csv.append(
            String.format(
                Locale.ROOT, ",%.2f,%.2f,%.3f", income, savings, 0.5 + random.nextDouble()));
      }
      csv.append('\n');
    }
    return csv.toString();
  }

  /** The train options naming {@link #table}'s columns: age, region → income, savings; weight w. */
  static final List<String> TABLE_COLUMNS =
      List.of(
          "--conditions",
          "age,region",
          "--categorical",
          "region",
          "--targets",
          "income,savings",
          "--weight",
          "w");

  /**
   * Trains the small model the CLI tests share (age, region → income, savings; 3 epochs, 16 hidden
   * units, 2 layers) on {@code data}, with {@code extraOptions}, into {@code bundle}.
   */
  static CommandRun trainSmall(Path data, Path bundle, String... extraOptions) {
    return trainSmall(data, bundle.toString(), extraOptions);
  }

  /** As {@link #trainSmall(Path, Path, String...)}, with {@code --out} as typed. */
  static CommandRun trainSmall(Path data, String bundle, String... extraOptions) {
    List<String> command =
        new ArrayList<>(
            List.of(
                "train",
                "--data",
                data.toString(),
                "--epochs",
                "3",
                "--hidden",
                "16",
                "--layers",
                "2",
                "--batch-size",
                "128",
                "--out",
                bundle));
    command.addAll(TABLE_COLUMNS);
    return run(command, extraOptions);
  }

  /**
   * Categories a model trained with {@code --unknown-category other} did not see are imputed as its
   * "other" level and counted in one warning line, per condition with the first row: a region code
   * 99 was imputed as an average region without a word. Known categories say nothing.
   */
  @Test
  void unseenCategoriesOfAnOtherModelAreWarnedOfPerCondition() throws Exception {
    Path data = temp.resolve("other-train.csv");
    Files.writeString(data, table(600, 3, true));
    Path other = temp.resolve("other-bundle");
    trainSmall(data, other, "--unknown-category", "other").assertOk();
    Path input =
        Files.writeString(
            temp.resolve("unseen.csv"), "id,age,region\na,30,north\nb,40,99\nc,50,west\n");
    Path known = Files.writeString(temp.resolve("known.csv"), "id,age,region\na,30,north\n");

    CommandRun unseen = CliFixtures.generate(other, input, temp.resolve("unseen-out.csv"));
    CommandRun seen = CliFixtures.generate(other, known, temp.resolve("known-out.csv"));

    unseen.assertOk();
    assertEquals(
        "warning: categories the model did not see in training, imputed as its \"other\" level"
            + " (--unknown-category other): region on 2 rows (first "
            + input
            + " row 2: 99)",
        unseen.err().strip());
    assertEquals(3, Tables.readAll(temp.resolve("unseen-out.csv")).size());
    seen.assertOk();
    assertFalse(seen.err().contains("warning"), seen.err());
    assertTrue(unseen.out().startsWith("3 rows imputed into "), unseen.out());
    assertTrue(seen.out().startsWith("1 row imputed into "), seen.out());
    CommandRun beam =
        CliFixtures.impute(other, input, temp.resolve("unseen-beam"), "id").assertOk();
    assertTrue(beam.out().contains("imputed 3 of 3 records (0 dead letters)"), beam.out());
    assertEquals(
        "warning: 2 imputed records had a category the model does not name (not seen in"
            + " training, or pooled by train --synthesis as seen in fewer than K rows), imputed as"
            + " its \"other\" level (metric records_with_unseen_category; flowimpute generate on the"
            + " same input names the conditions and the first row)",
        beam.err().strip());
  }

  @Test
  void trainWritesAVerifiedBundleWithProvenance() throws Exception {
    ModelBundle loaded = ModelBundle.load(bundle);

    assertEquals(
        List.of("age", "region"),
        loaded.manifest().conditions().stream().map(c -> c.name()).toList());
    assertEquals(
        List.of("income", "savings"),
        loaded.manifest().targets().stream().map(t -> t.name()).toList());
    assertEquals(42L, loaded.manifest().training().seed());
    assertEquals(600L, loaded.manifest().trainingData().rows());
    assertEquals("coupling", loaded.manifest().training().settings().get("flow"));
    String onnx = new String(loaded.modelBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
    assertTrue(onnx.contains("flowimpute.data_sha256"), "ONNX metadata lacks the data fingerprint");
    assertTrue(onnx.contains(loaded.manifest().trainingData().sha256()));
  }

  /**
   * A CSV column the model does not read is written back as the text it was, as impute keeps it
   * (typed by its cells, the code 12E3 became 12000.0, 5 became 5.0 and 1e2 100.0); the model's own
   * columns are still numbers.
   */
  @Test
  void generateKeepsTheTextOfColumnsTheModelDoesNotRead() throws Exception {
    Path input = temp.resolve("codes.csv");
    Files.writeString(
        input,
        "id,age,region,code,share\np1,34,north,12E3,1.50\np2,51,south,5,2\np3,40,east,1e2,\n");
    Path output = temp.resolve("codes-out.csv");

    CliFixtures.generate(bundle, input, output).assertOk();

    List<String> lines = Files.readAllLines(output);
    assertEquals("id,age,region,code,share,income,savings", lines.get(0));
    assertEquals(
        List.of("p1,34,north,12E3,1.50", "p2,51,south,5,2", "p3,40,east,1e2,"),
        lines.subList(1, 4).stream()
            .map(line -> String.join(",", List.of(line.split(",", -1)).subList(0, 5)))
            .toList());
    GenericRecord first = Tables.readAll(output).get(0);
    assertTrue(first.get("income") instanceof Double, "income: " + first.get("income"));
  }

  /**
   * Written to Parquet or Avro, the CSV columns the model does not read take the types of their
   * cells (they were all strings, an id 42 was "42"): whole numbers long, decimals double, text and
   * codes with a leading zero string, an empty cell null; CSV keeps them as text, and the key
   * column stays the text the noise was keyed by.
   */
  @Test
  void generateTypesPassedThroughCsvColumnsInTypedOutputs() throws Exception {
    Path input = temp.resolve("survey.csv");
    Files.writeString(
        input,
        "survey_id,age,region,score,note,optional,code\n"
            + "42,34,north,1.50,a b,7,007\n"
            + "43,51,south,-3,,,010\n"
            + "44,40,east,1e3,x,9,011\n");
    for (String extension : List.of("parquet", "avro")) {
      Path output = temp.resolve("survey-out." + extension);

      CliFixtures.generate(bundle, input, output).assertOk();

      List<GenericRecord> rows = Tables.readAll(output);
      assertEquals(
          Map.of(
              "survey_id", Schema.Type.LONG,
              "age", Schema.Type.LONG,
              "score", Schema.Type.DOUBLE,
              "note", Schema.Type.STRING,
              "optional", Schema.Type.LONG,
              "code", Schema.Type.STRING),
          nullableTypes(
              rows.get(0).getSchema(), "survey_id", "age", "score", "note", "optional", "code"),
          extension);
      assertEquals(List.of(42L, 43L, 44L), rows.stream().map(r -> r.get("survey_id")).toList());
      assertEquals(List.of(1.5, -3.0, 1000.0), rows.stream().map(r -> r.get("score")).toList());
      assertEquals(
          List.of("a b", "null", "x"),
          rows.stream().map(r -> String.valueOf(r.get("note"))).toList());
      assertEquals(
          java.util.Arrays.asList(7L, null, 9L),
          rows.stream().map(r -> r.get("optional")).toList());
      assertEquals(
          List.of("007", "010", "011"), rows.stream().map(r -> r.get("code").toString()).toList());
      assertTrue(rows.get(0).get("income") instanceof Double, "income: " + rows.get(0));
    }
    Path csv = temp.resolve("survey-out.csv");
    CliFixtures.generate(bundle, input, csv).assertOk();
    List<String> lines = Files.readAllLines(csv);
    assertTrue(lines.get(2).startsWith("43,51,south,-3,,,010,"), lines.get(2));
    assertTrue(lines.get(3).startsWith("44,40,east,1e3,x,9,011,"), lines.get(3));
    assertEquals(
        (float)
            (double) (Double) Tables.readAll(temp.resolve("survey-out.avro")).get(1).get("income"),
        Float.parseFloat(lines.get(2).split(",", -1)[7]),
        "the same draws whatever the output format (CSV shows the float32's digits)");
    Path keyed = temp.resolve("survey-keyed.parquet");
    CliFixtures.generate(bundle, input, keyed, "--key-column", "survey_id").assertOk();
    GenericRecord first = Tables.readAll(keyed).get(0);
    assertEquals(
        Map.of("survey_id", Schema.Type.STRING, "score", Schema.Type.DOUBLE),
        nullableTypes(first.getSchema(), "survey_id", "score"));
    assertEquals("42", first.get("survey_id").toString());
  }

  /** The type of each of {@code columns} in {@code schema}, where each is nullable. */
  private static Map<String, Schema.Type> nullableTypes(Schema schema, String... columns) {
    Map<String, Schema.Type> types = new TreeMap<>();
    for (String column : columns) {
      List<Schema> branches = schema.getField(column).schema().getTypes();
      assertEquals(Schema.Type.NULL, branches.get(0).getType(), column);
      types.put(column, branches.get(1).getType());
    }
    return types;
  }

  /**
   * Date and timestamp columns of a Parquet or Avro input are ISO-8601 text in a CSV output (they
   * were written as the days and milliseconds stored, 19000 and 1700000000000).
   */
  @Test
  void datesAndTimestampsOfAParquetOrAvroInputAreIsoTextInACsvOutput() throws Exception {
    Schema schema =
        new Schema.Parser()
            .parse(
                "{\"type\":\"record\",\"name\":\"Dated\",\"fields\":["
                    + "{\"name\":\"id\",\"type\":\"string\"},"
                    + "{\"name\":\"age\",\"type\":\"long\"},"
                    + "{\"name\":\"region\",\"type\":\"string\"},"
                    + "{\"name\":\"d\",\"type\":{\"type\":\"int\",\"logicalType\":\"date\"}},"
                    + "{\"name\":\"ts\",\"type\":[\"null\",{\"type\":\"long\","
                    + "\"logicalType\":\"timestamp-millis\"}],\"default\":null}]}");
    List<GenericRecord> rows =
        List.of(
            new GenericRecordBuilder(schema)
                .set("id", "p1")
                .set("age", 34L)
                .set("region", "north")
                .set("d", 19000)
                .set("ts", 1_700_000_000_000L)
                .build(),
            new GenericRecordBuilder(schema)
                .set("id", "p2")
                .set("age", 51L)
                .set("region", "south")
                .set("d", -1)
                .set("ts", null)
                .build());
    for (String extension : List.of("parquet", "avro")) {
      Path input = temp.resolve("dated." + extension);
      Tables.writeAll(input, schema, rows);
      Path output = temp.resolve("dated-" + extension + ".csv");

      CliFixtures.generate(bundle, input, output).assertOk();

      List<String> lines = Files.readAllLines(output);
      assertTrue(lines.get(0).startsWith("id,age,region,d,ts,"), lines.get(0));
      assertTrue(
          lines.get(1).startsWith("p1,34,north,2022-01-08,2023-11-14T22:13:20Z,"), lines.get(1));
      assertTrue(lines.get(2).startsWith("p2,51,south,1969-12-31,,"), lines.get(2));
    }
  }

  /**
   * A category in other letter case than the model's is still refused, saying so (it listed the
   * known categories only).
   */
  @Test
  void generateSaysACategoryDiffersFromTheModelsOnlyInLetterCase() throws Exception {
    Path input = temp.resolve("case.csv");
    Files.writeString(input, "id,age,region\np1,30,South\n");

    CommandRun result = CliFixtures.generate(bundle, input, temp.resolve("case-out.csv"));

    assertEquals(ExitCodes.FAILURE, result.exitCode(), result.out());
    assertEquals(
        "error: "
            + input
            + " row 1: field 'region': unknown category 'South' (known: 'east', 'north', 'south';"
            + " the model was trained with --unknown-category error): 'South' differs from the"
            + " model's 'south' only in letter case",
        result.err().strip());
    assertFalse(Files.exists(temp.resolve("case-out.csv")));
  }

  /** A row without a key says a record key was expected (it said "expected a category"). */
  @Test
  void generateNamesTheRowAndFieldOfAMissingRecordKey() throws Exception {
    Path input = temp.resolve("no-key.csv");
    Files.writeString(input, "id,age,region\np1,34,north\n,51,south\n");

    CommandRun result =
        CliFixtures.generate(bundle, input, temp.resolve("no-key-out.csv"), "--key-column", "id");

    assertEquals(ExitCodes.FAILURE, result.exitCode(), result.out());
    assertEquals(
        "error: " + input + " row 2: field 'id': is null, expected a record key",
        result.err().strip());
    assertFalse(Files.exists(temp.resolve("no-key-out.csv")));
  }

  @Test
  void generateKeepsRowsAndColumnsAndFillsTargetsDeterministically() throws Exception {
    Path first = temp.resolve("first.csv");
    Path second = temp.resolve("second.avro");

    CliFixtures.generate(bundle, conditions, first, "--seed", "7", "--key-column", "id").assertOk();
    CliFixtures.generate(
            bundle, conditions, second, "--seed", "7", "--key-column", "id", "--batch-size", "7")
        .assertOk();

    List<GenericRecord> csv = Tables.readAll(first);
    List<GenericRecord> avro = Tables.readAll(second);
    List<GenericRecord> input = Tables.readAll(conditions);
    assertEquals(300, csv.size());
    List<String> columns = new ArrayList<>();
    csv.get(0).getSchema().getFields().forEach(f -> columns.add(f.name()));
    assertEquals(List.of("id", "age", "region", "income", "savings"), columns);
    List<String> csvLines = Files.readAllLines(first);
    int zeros = 0;
    int negatives = 0;
    for (int i = 0; i < 300; i++) {
      assertEquals(input.get(i).get("id").toString(), csv.get(i).get("id").toString());
      String[] cells = csvLines.get(i + 1).split(",");
      for (int t = 0; t < 2; t++) {
        double value = (Double) avro.get(i).get(t == 0 ? "income" : "savings");
        float asFloat = (float) value;
        assertEquals(
            asFloat == value ? Float.toString(asFloat) : Double.toString(value),
            cells[3 + t],
            "row " + (i + 1) + ": the float32 digits of " + value);
      }
      zeros += ((Number) csv.get(i).get("income")).doubleValue() == 0 ? 1 : 0;
      negatives += ((Number) csv.get(i).get("savings")).doubleValue() < 0 ? 1 : 0;
    }
    assertTrue(zeros > 30 && zeros < 200, "zero incomes " + zeros);
    assertTrue(negatives > 10 && negatives < 150, "negative savings " + negatives);
  }

  @Test
  void anotherSeedGivesOtherValues() throws Exception {
    Path seven = temp.resolve("seven.avro");
    Path eight = temp.resolve("eight.avro");
    CliFixtures.generate(bundle, conditions, seven, "--seed", "7").assertOk();
    CliFixtures.generate(bundle, conditions, eight, "--seed", "8").assertOk();

    List<GenericRecord> a = Tables.readAll(seven);
    List<GenericRecord> b = Tables.readAll(eight);
    int differing = 0;
    for (int i = 0; i < a.size(); i++) {
      differing += a.get(i).get("savings").equals(b.get(i).get("savings")) ? 0 : 1;
    }
    assertTrue(differing > 250, "only " + differing + " rows differ");
  }

  @Test
  void aFailedGenerateLeavesNoOutputAndAGenerateIntoItsInputFillsIt() throws Exception {
    List<GenericRecord> rows = Tables.readAll(conditions);
    Path late = temp.resolve("late.csv");
    StringBuilder csv = new StringBuilder("id,age,region\n");
    for (int copy = 0; copy < 20; copy++) {
      for (GenericRecord row : rows) {
        csv.append(row.get("id")).append(copy).append(',').append(row.get("age")).append(',');
        csv.append(row.get("region")).append('\n');
      }
    }
    csv.append("last,40,atlantis\n");
    Files.writeString(late, csv.toString());
    Path failed = temp.resolve("failed.parquet");

    CommandRun failure = CliFixtures.generate(bundle, late, failed);

    assertEquals(ExitCodes.FAILURE, failure.exitCode());
    assertTrue(failure.err().contains(late.getFileName() + " row 6001: "), failure.err());
    assertFalse(Files.exists(failed), "a failed run left " + failed);
    try (var left = Files.list(temp)) {
      assertEquals(List.of(), left.filter(p -> p.toString().contains(".partial-")).toList());
    }

    Path inPlace = temp.resolve("in-place.csv");
    Files.copy(conditions, inPlace);
    CliFixtures.generate(bundle, inPlace, inPlace).assertOk();
    List<GenericRecord> filled = Tables.readAll(inPlace);
    assertEquals(300, filled.size());
    for (int i = 0; i < 300; i++) {
      assertEquals(rows.get(i).get("id").toString(), filled.get(i).get("id").toString());
      assertTrue(filled.get(i).get("income") != null, "row " + (i + 1) + " has no income");
    }
  }

  /**
   * An output that cannot be written is refused before any row is imputed, and a column the output
   * format cannot hold is named with the output file, not the hidden file written first.
   */
  @Test
  void outputProblemsNameTheOutputAndADirectoryIsRefusedFirst() throws Exception {
    Path directory = Files.createDirectories(temp.resolve("a-directory.csv"));
    CommandRun intoDirectory = CliFixtures.generate(bundle, conditions, directory);

    assertEquals(ExitCodes.FAILURE, intoDirectory.exitCode());
    assertEquals(
        "error: --output: " + directory + " is a directory, expected a file name",
        intoDirectory.err().strip());
    assertEquals("", intoDirectory.out());

    Schema withBlob =
        SchemaBuilder.record("people")
            .fields()
            .requiredString("id")
            .requiredDouble("age")
            .requiredString("region")
            .requiredBytes("blob")
            .endRecord();
    Path avro = temp.resolve("with-blob.avro");
    try (TableWriter writer = Tables.writer(avro, withBlob)) {
      GenericRecord row = Tables.readAll(conditions).get(0);
      writer.write(
          new GenericRecordBuilder(withBlob)
              .set("id", row.get("id").toString())
              .set("age", row.get("age"))
              .set("region", row.get("region").toString())
              .set("blob", ByteBuffer.wrap(new byte[] {1, 2}))
              .build());
    }
    Path csv = temp.resolve("blob-out.csv");
    CommandRun blob = CliFixtures.generate(bundle, avro, csv);

    assertEquals(ExitCodes.FAILURE, blob.exitCode());
    assertTrue(
        blob.err().startsWith("error: " + csv + ", column 'blob': type \"bytes\" cannot be a CSV"),
        blob.err());
  }

  /**
   * Keys that look like numbers are the same text to generate as to a Beam job: generate typed the
   * key column by its cells, so {@code 1.50} and {@code +3} were the keys 1.5 and 3 there and
   * "1.50" and "+3" to impute, which gave the same records other noise and other values.
   */
  @Test
  void numberLikeKeysGiveGenerateAndImputeTheSameValues() throws Exception {
    Path input = temp.resolve("number-keys.csv");
    Files.writeString(
        input, "id,age,region\n1.50,30,north\n+3,45,south\n2.25,61,east\n4,22,north\n");
    Path generated = temp.resolve("number-keys-out.avro");
    CliFixtures.generate(bundle, input, generated, "--seed", "5", "--key-column", "id").assertOk();

    CliFixtures.impute(bundle, input, temp.resolve("number-keys-beam"), "id", "--seed", "5")
        .assertOk();

    Map<String, List<Object>> fromGenerate = new TreeMap<>();
    for (GenericRecord row : Tables.readAll(generated)) {
      fromGenerate.put(row.get("id").toString(), List.of(row.get("income"), row.get("savings")));
    }
    Map<String, List<Object>> fromImpute = new TreeMap<>();
    for (GenericRecord row :
        CliFixtures.readShards(temp.resolve("number-keys-beam"), "imputed-0")) {
      fromImpute.put(row.get("id").toString(), List.of(row.get("income"), row.get("savings")));
    }
    assertEquals(Set.of("1.50", "+3", "2.25", "4"), fromGenerate.keySet());
    assertEquals(fromGenerate, fromImpute);
  }

  /**
   * Input columns named like the targets of a model trained without --missing-targets are replaced
   * by imputed values: generate says so (their values were replaced silently).
   */
  @Test
  void targetColumnsOfTheInputAreReplacedWithAWarning() throws Exception {
    Path withTargets = temp.resolve("with-targets.csv");
    Files.writeString(withTargets, table(60, 5, true));
    List<GenericRecord> input = Tables.readAll(withTargets);
    Path out = temp.resolve("with-targets-out.csv");

    CommandRun result = CliFixtures.generate(bundle, withTargets, out).assertOk();
    CommandRun plain =
        CliFixtures.generate(bundle, conditions, temp.resolve("plain-out.csv")).assertOk();

    assertEquals(
        "warning: "
            + withTargets
            + " has the target columns income, savings: their values are"
            + " replaced by imputed ones (a model trained with --missing-targets keeps the values a"
            + " record has and imputes only missing ones)",
        result.err().strip());
    assertEquals("", plain.err());
    List<GenericRecord> output = Tables.readAll(out);
    int changed = 0;
    for (int i = 0; i < input.size(); i++) {
      if (!input.get(i).get("income").toString().equals(output.get(i).get("income").toString())) {
        changed++;
      }
    }
    assertTrue(changed > 0, "the incomes were replaced");
  }

  /**
   * Ages outside the training range (200, a missing-code 999, 17 below the youngest) are imputed by
   * extrapolation, and generate says so in one line: per condition, the rows, the first with its
   * value, and the range (they were imputed without a word); impute counts them in a metric and
   * warns with the count. A bundle without ranges (format 1.5) says nothing.
   */
  @Test
  void conditionsOutsideTheTrainingRangeAreImputedWithOneWarning() throws Exception {
    NumericCondition age =
        (NumericCondition) ModelBundle.load(bundle).manifest().conditions().get(0);
    assertEquals(List.of(18.0, 77.0), age.trainingRange());
    Path input = temp.resolve("out-of-range.csv");
    Files.writeString(
        input, "id,age,region\np1,40,north\np2,200,south\np3,999,east\np4,17,north\n");
    Path out = temp.resolve("out-of-range-out.csv");

    CommandRun result = CliFixtures.generate(bundle, input, out).assertOk();

    assertEquals(
        "warning: condition values outside the training range, imputed by extrapolation: age on 3"
            + " rows (first "
            + input
            + " row 2: 200; trained on 18..77)",
        result.err().strip());
    List<GenericRecord> output = Tables.readAll(out);
    assertEquals(4, output.size());
    for (GenericRecord record : output) {
      assertTrue(Double.isFinite(((Number) record.get("income")).doubleValue()), record.toString());
    }
    CommandRun beam =
        CliFixtures.impute(bundle, input, temp.resolve("out-of-range-beam"), "id").assertOk();
    assertTrue(beam.out().contains("imputed 4 of 4 records (0 dead letters)"), beam.out());
    assertTrue(
        beam.err()
            .contains(
                "warning: 3 imputed records had a numeric condition outside the training range,"
                    + " imputed by extrapolation (metric records_outside_training_range;"),
        beam.err());

    Path unranged = temp.resolve("bundle-without-ranges");
    Files.createDirectories(unranged);
    try (Stream<Path> files = Files.list(bundle)) {
      for (Path file : files.toList()) {
        Files.copy(file, unranged.resolve(file.getFileName()));
      }
    }
    Path manifest = unranged.resolve("manifest.json");
    ObjectNode tree = (ObjectNode) new ObjectMapper().readTree(manifest.toFile());
    tree.put("format_version", "1.5");
    for (JsonNode condition : tree.get("conditions")) {
      ((ObjectNode) condition).remove("training_range");
    }
    Files.write(manifest, new ObjectMapper().writeValueAsBytes(tree));

    CommandRun old =
        CliFixtures.generate(unranged, input, temp.resolve("unranged-out.csv")).assertOk();

    assertEquals("", old.err());
    CommandRun oldBeam =
        CliFixtures.impute(unranged, input, temp.resolve("unranged-beam"), "id").assertOk();
    assertFalse(oldBeam.err().contains("training range"), oldBeam.err());
  }

  /**
   * Keys must be unique: rows with one key got the same noise, so the same draws, silently. The
   * error names the column, the key and both rows.
   */
  @Test
  void aRepeatedKeyIsRefusedNamingItsRows() throws Exception {
    Path input = temp.resolve("repeated-keys.csv");
    Files.writeString(
        input, "id,age,region\na,30,north\nb,45,south\nc,61,east\nb,45,south\nd,22,north\n");
    Path output = temp.resolve("repeated-keys-out.csv");

    CommandRun result = CliFixtures.generate(bundle, input, output, "--key-column", "id");

    assertEquals(ExitCodes.FAILURE, result.exitCode(), result.out());
    assertEquals(
        "error: --key-column id: the key 'b' is on rows 2 and 4 of "
            + input
            + "; rows with"
            + " one key get the same noise, so the same draws: name a column that is unique per"
            + " row (a person id), or leave --key-column out to key rows by their number",
        result.err().strip());
    assertFalse(Files.exists(output));
    CliFixtures.generate(bundle, input, output).assertOk();
  }

  @Test
  void unknownKeyColumnIsOneLineError() {
    CommandRun result =
        CliFixtures.generate(bundle, conditions, temp.resolve("x.csv"), "--key-column", "nope");

    assertEquals(ExitCodes.FAILURE, result.exitCode());
    assertEquals(
        "error: key column 'nope' not found in " + conditions + " (columns: id, age, region)",
        result.err().strip());
  }

  /**
   * A condition column the input lacks is refused before any row, listing the input's columns and
   * the one differing only in case; it failed on row 1 as "field 'age': missing".
   */
  @Test
  void aMissingConditionColumnListsTheInputsColumns() throws Exception {
    Path input = temp.resolve("upper.csv");
    Files.writeString(input, "id,Age,region\np1,30,north\n");

    CommandRun result = CliFixtures.generate(bundle, input, temp.resolve("upper-out.csv"));

    assertEquals(ExitCodes.FAILURE, result.exitCode());
    assertEquals(
        "error: condition column 'age' not found in "
            + input
            + " (columns: id, Age, region; 'Age' differs only in case, and names are"
            + " case-sensitive)",
        result.err().strip());
  }

  /**
   * A DCR holdout holding training records is refused, naming the first and the count: those sit at
   * distance 0 from themselves, so any synthesizer looked private, without a word.
   */
  @Test
  void evaluateRefusesAHoldoutThatHoldsTrainingRecords() throws Exception {
    List<String> trainLines = Files.readAllLines(temp.resolve("train.csv"));
    Path holdout = temp.resolve("overlap-holdout.csv");
    List<String> holdoutLines = new ArrayList<>(List.of(trainLines.get(0)));
    holdoutLines.addAll(table(3, 9, true).lines().skip(1).toList());
    holdoutLines.addAll(trainLines.subList(5, 9));
    Files.write(holdout, holdoutLines);

    CommandRun result =
        run(
            "evaluate",
            "--real",
            conditionsWithTargets().toString(),
            "--synthetic",
            conditionsWithTargets().toString(),
            "--targets",
            "income,savings",
            "--train",
            temp.resolve("train.csv").toString(),
            "--holdout",
            holdout.toString(),
            "--out",
            temp.resolve("overlap-evaluation").toString());

    assertEquals(ExitCodes.FAILURE, result.exitCode(), result.out());
    assertEquals(
        "error: --holdout "
            + holdout
            + " row 4 is the record "
            + temp.resolve("train.csv")
            + " row 5 of --train (all 6"
            + " fields they share are equal), and so are 4 of the 7 holdout records; the DCR"
            + " holdout must be real records the model never saw",
        result.err().strip());
  }

  /**
   * Errors in a synthetic table read from several files name the file and its row there (they
   * counted rows across the files and named no file).
   */
  @Test
  void evaluateNamesTheFileAndRowOfABadValueInAGlob() throws Exception {
    Path parts = Files.createDirectories(temp.resolve("synthetic-parts"));
    Files.writeString(parts.resolve("part-1.csv"), table(5, 11, true));
    List<String> second = new ArrayList<>(table(4, 12, true).lines().toList());
    second.set(3, second.get(3).replaceFirst(",([^,]*),([^,]*),([^,]*)$", ",oops,$2,$3"));
    Files.write(parts.resolve("part-2.csv"), second);

    CommandRun result =
        run(
            "evaluate",
            "--real",
            conditionsWithTargets().toString(),
            "--synthetic",
            parts.resolve("part-*.csv").toString(),
            "--targets",
            "income,savings",
            "--out",
            temp.resolve("glob-evaluation").toString());

    assertEquals(ExitCodes.FAILURE, result.exitCode(), result.out());
    assertTrue(
        result
            .err()
            .startsWith(
                "error: synthetic " + parts.resolve("part-2.csv") + " row 3: field 'income': "),
        result.err());
  }

  /** A table of 300 rows with targets, as the real side of an evaluation. */
  private static Path conditionsWithTargets() throws Exception {
    Path real = temp.resolve("real-with-targets.csv");
    if (!Files.exists(real)) {
      Files.writeString(real, table(300, 13, true));
    }
    return real;
  }

  /**
   * evaluate with the model: one draw with the generate seed reproduces the generated table, so the
   * model's CRPS must equal the weighted mean absolute signed-log error of that table.
   */
  @Test
  void evaluateScoresModelAndBaselinesWithCrpsAndDcr() throws Exception {
    Path real = temp.resolve("eval-real.csv");
    Files.writeString(real, table(300, 3, true));
    Path holdout = temp.resolve("eval-holdout.csv");
    Files.writeString(holdout, table(200, 4, true));
    Path synthetic = temp.resolve("eval-synthetic.csv");
    CliFixtures.generate(bundle, real, synthetic, "--seed", "7").assertOk();
    Path out = temp.resolve("evaluation");

    CommandRun result =
        run(
            "evaluate",
            "--real",
            real.toString(),
            "--synthetic",
            synthetic.toString(),
            "--targets",
            "income,savings",
            "--by",
            "region",
            "--weight",
            "w",
            "--train",
            temp.resolve("train.csv").toString(),
            "--holdout",
            holdout.toString(),
            "--model",
            bundle.toString(),
            "--dcr-columns",
            "targets",
            "--draws",
            "1",
            "--seed",
            "7",
            "--out",
            out.toString());

    assertEquals(ExitCodes.OK, result.exitCode(), result.err());
    assertTrue(result.out().contains("hot-deck"), result.out());
    assertTrue(Files.exists(out.resolve("report.html")));
    com.fasterxml.jackson.databind.JsonNode methods =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(out.resolve("metrics.json").toFile())
            .get("methods");
    assertEquals(3, methods.size());
    for (com.fasterxml.jackson.databind.JsonNode method : methods) {
      assertTrue(method.get("crps_signed_log").isNumber(), method.toString());
    }
    // the model's rows are new; a hot-deck copies training rows' targets, which a DCR on the
    // targets must expose (on the whole record, the default with --model, the real rows'
    // conditions set them apart)
    assertTrue(methods.get(0).get("dcr").get("ratio").asDouble() > 0.2, methods.toString());
    assertEquals(0, methods.get(1).get("dcr").get("ratio").asDouble(), 1e-12);
    assertEquals(1, methods.get(1).get("dcr").get("exact_match_share_synthetic").asDouble(), 0);
    assertEquals(
        CliFixtures.oneDrawCrps(Tables.readAll(real), Tables.readAll(synthetic), "income", "w"),
        methods.get(0).get("targets").get(0).get("crps_signed_log").asDouble(),
        1e-5);
  }
}
