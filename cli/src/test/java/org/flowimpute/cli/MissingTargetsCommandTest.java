package org.flowimpute.cli;

import static org.flowimpute.cli.CliFixtures.readShards;
import static org.flowimpute.cli.CommandRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.bundle.ModelBundle;
import org.flowimpute.table.Tables;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --missing-targets}, then {@code generate} and the Beam {@code impute} on records
 * that carry some targets: both keep the present ones and give the same values.
 */
class MissingTargetsCommandTest {

  @TempDir static Path shared;

  private static Path bundle;

  /** {@link #tenureBundle()}'s bundle, trained by the first test that needs it. */
  private static Path tenureBundle;

  @TempDir Path temp;

  @BeforeAll
  static void trainWithMissingTargets() throws Exception {
    Path data = shared.resolve("train.csv");
    Files.writeString(data, TrainGenerateCommandTest.table(600, 1, true));
    bundle = shared.resolve("bundle.zip");
    TrainGenerateCommandTest.trainSmall(data, bundle, "--missing-targets", "--no-progress")
        .assertOk();
  }

  @Test
  void generateFillsOnlyTheMissingTargetsAndKeepsThePresentOnes() throws Exception {
    assertTrue(ModelBundle.load(bundle).manifest().observedTargets());
    CommandRun inspected = run("inspect", bundle.toString());
    assertTrue(inspected.out().contains("observed targets accepted"), inspected.out());
    assertTrue(inspected.out().contains("input   observed float32[batch, 10]"), inspected.out());
    Path input = partialInput(temp.resolve("partial.csv"));
    Path output = temp.resolve("out.avro");

    CommandRun generated =
        CliFixtures.generate(bundle, input, output, "--key-column", "id").assertOk();

    assertEquals("", generated.err(), "no warning: present targets are kept");
    List<GenericRecord> in = Tables.readAll(input);
    List<GenericRecord> out = Tables.readAll(output);
    assertEquals(200, out.size());
    int kept = 0;
    for (int r = 0; r < 200; r++) {
      Object given = in.get(r).get("income");
      assertNotNull(out.get(r).get("income"));
      assertNotNull(out.get(r).get("savings"));
      if (given != null) {
        assertEquals(((Number) given).doubleValue(), (Double) out.get(r).get("income"), 0.0);
        kept++;
      }
    }
    assertEquals(100, kept);
  }

  @Test
  void beamImputeKeepsPresentTargetsAndEqualsGenerateFieldForField() throws Exception {
    Path input = partialInput(temp.resolve("partial.csv"));
    Path generatedFile = temp.resolve("generated.avro");
    CliFixtures.generate(bundle, input, generatedFile, "--key-column", "id").assertOk();
    Path beamDir = Files.createDirectories(temp.resolve("beam"));

    CliFixtures.impute(bundle, input, beamDir, "id", "--batch-size", "16").assertOk();

    assertEquals(0, readShards(beamDir, "imputed-dead-letters").size());
    Map<String, GenericRecord> beam = new HashMap<>();
    for (GenericRecord record : readShards(beamDir, "imputed-0")) {
      beam.put(record.get("id").toString(), record);
    }
    List<GenericRecord> in = Tables.readAll(input);
    List<GenericRecord> generated = Tables.readAll(generatedFile);
    assertEquals(200, beam.size());
    int kept = 0;
    for (int r = 0; r < generated.size(); r++) {
      GenericRecord local = generated.get(r);
      GenericRecord piped = beam.get(local.get("id").toString());
      for (Schema.Field field : local.getSchema().getFields()) {
        assertEquals(
            comparable(local.get(field.name())),
            comparable(piped.get(field.name())),
            local.get("id") + "." + field.name());
      }
      Object given = in.get(r).get("income");
      if (given != null) {
        assertEquals(((Number) given).doubleValue(), (Double) piped.get("income"), 0.0);
        assertEquals(((Number) given).doubleValue() == 0 ? "zero" : "positive", gate(piped));
        kept++;
      }
    }
    assertEquals(100, kept);
  }

  @Test
  void beamImputeDeadLettersAPresentTargetOfTheWrongType() throws Exception {
    Schema schema =
        SchemaBuilder.record("Person")
            .fields()
            .requiredString("id")
            .requiredDouble("age")
            .requiredString("region")
            .optionalString("income")
            .optionalDouble("savings")
            .endRecord();
    Path input = temp.resolve("typed.avro");
    try (DataFileWriter<GenericRecord> writer =
        new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(schema))) {
      writer.create(schema, input.toFile());
      writer.append(person(schema, "p0", "lots"));
      writer.append(person(schema, "p1", null));
    }
    Path beamDir = Files.createDirectories(temp.resolve("typed"));

    CliFixtures.impute(bundle, input, beamDir, "id").assertOk();

    List<GenericRecord> records = readShards(beamDir, "imputed-0");
    assertEquals(1, records.size());
    assertEquals("p1", records.get(0).get("id").toString());
    List<GenericRecord> letters = readShards(beamDir, "imputed-dead-letters");
    assertEquals(1, letters.size());
    GenericRecord letter = letters.get(0);
    assertEquals("encode", letter.get("stage").toString());
    assertEquals("income", letter.get("field").toString());
    assertEquals("p0", letter.get("record_key").toString());
    assertTrue(letter.get("message").toString().contains("'lots'"), letter.toString());
  }

  /**
   * evaluate --model draws every target, also with a --missing-targets model and real rows that
   * carry them (generate would keep them): draw d is generate --seed (seed + d) on the real rows
   * without their targets, as docs/evaluation.md says.
   */
  @Test
  void evaluateDrawsEveryTargetAsGenerateDoesForRowsWithoutTargets() throws Exception {
    Path real = temp.resolve("real.csv");
    Files.writeString(real, TrainGenerateCommandTest.table(200, 3, true));
    Path conditions = temp.resolve("conditions.csv");
    Files.write(
        conditions,
        Files.readAllLines(real).stream()
            .map(line -> String.join(",", List.of(line.split(",")).subList(0, 3)))
            .toList());
    Path generated = temp.resolve("generated.csv");
    CliFixtures.generate(bundle, conditions, generated, "--seed", "7").assertOk();
    Path out = temp.resolve("evaluation");

    run(
            "evaluate",
            "--real",
            real.toString(),
            "--synthetic",
            generated.toString(),
            "--targets",
            "income,savings",
            "--model",
            bundle.toString(),
            "--draws",
            "1",
            "--seed",
            "7",
            "--out",
            out.toString())
        .assertOk();

    com.fasterxml.jackson.databind.JsonNode targets =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(out.resolve("metrics.json").toFile())
            .get("methods")
            .get(0)
            .get("targets");
    List<String> names = List.of("income", "savings");
    for (int t = 0; t < names.size(); t++) {
      double expected =
          CliFixtures.oneDrawCrps(
              Tables.readAll(real), Tables.readAll(generated), names.get(t), null);
      assertTrue(expected > 0, names.get(t) + " is drawn, not kept");
      assertEquals(expected, targets.get(t).get("crps_signed_log").asDouble(), 1e-5, names.get(t));
    }
  }

  /**
   * A missing-value marker ({@code NA}, {@code n/a}, …) in a categorical target and in a continuous
   * one is missing, as an empty cell is: {@code generate} imputes the row exactly as with the cells
   * empty, and the Beam {@code impute} gives the same records, no dead letter. {@code NA} was an
   * unknown category in {@code tenure}, and not a number in {@code income} ({@code generate}
   * refused the file, {@code impute} made the row a {@code decode} dead letter).
   */
  @Test
  void aMissingValueMarkerInATargetIsImputedAsAnEmptyCellIs() throws Exception {
    Path tenureBundle = tenureBundle();
    List<String> markers = List.of("NA", " n/a", "#N/A", "NULL", "NaN");
    Path marked = temp.resolve("marked.csv");
    Files.writeString(marked, tenureTable(40, 6, markers));
    Path empty = temp.resolve("empty.csv");
    Files.writeString(empty, tenureTable(40, 6, List.of("")));
    Path fromMarked = temp.resolve("from-marked.avro");
    Path fromEmpty = temp.resolve("from-empty.avro");
    Path beamDir = Files.createDirectories(temp.resolve("marked-beam"));

    CliFixtures.generate(tenureBundle, marked, fromMarked, "--key-column", "id").assertOk();
    CliFixtures.generate(tenureBundle, empty, fromEmpty, "--key-column", "id").assertOk();
    CliFixtures.impute(tenureBundle, marked, beamDir, "id").assertOk();

    List<GenericRecord> generated = Tables.readAll(fromMarked);
    assertEqualsEmptyCells(generated, Tables.readAll(fromEmpty), beamDir);
    List<String> tenures = List.of("owner", "renter", "social");
    int kept = 0;
    for (int r = 0; r < generated.size(); r++) {
      GenericRecord local = generated.get(r);
      assertTrue(tenures.contains(local.get("tenure").toString()), local.toString());
      kept += r % 2 == 0 ? 1 : 0;
      if (r % 2 == 0) {
        assertEquals(tenures.get(r % 3), local.get("tenure").toString(), local.toString());
      }
    }
    assertEquals(20, kept);
  }

  /**
   * A NaN double in a continuous target of an Avro input (pandas writes NaN for a missing float) is
   * missing, as a null is: {@code generate} and the Beam {@code impute} give the records they give
   * for the CSV with empty cells. It was refused as not finite.
   */
  @Test
  void aNaNInAContinuousTargetOfAnAvroInputIsImputedAsANullIs() throws Exception {
    Path tenureBundle = tenureBundle();
    Path empty = temp.resolve("empty.csv");
    Files.writeString(empty, tenureTable(40, 6, List.of("")));
    Schema schema =
        SchemaBuilder.record("Person")
            .fields()
            .requiredString("id")
            .requiredLong("age")
            .requiredString("region")
            .requiredDouble("income")
            .optionalString("tenure")
            .endRecord();
    Path withNaN = temp.resolve("nan.avro");
    try (DataFileWriter<GenericRecord> writer =
        new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(schema))) {
      writer.create(schema, withNaN.toFile());
      for (GenericRecord row : Tables.readAll(empty)) {
        GenericData.Record record = new GenericData.Record(schema);
        record.put("id", row.get("id").toString());
        record.put("age", ((Number) row.get("age")).longValue());
        record.put("region", row.get("region").toString());
        Object income = row.get("income");
        record.put("income", income == null ? Double.NaN : ((Number) income).doubleValue());
        record.put("tenure", row.get("tenure") == null ? null : row.get("tenure").toString());
        writer.append(record);
      }
    }
    Path fromNaN = temp.resolve("from-nan.avro");
    Path fromEmpty = temp.resolve("from-empty.avro");
    Path beamDir = Files.createDirectories(temp.resolve("nan-beam"));

    CliFixtures.generate(tenureBundle, withNaN, fromNaN, "--key-column", "id").assertOk();
    CliFixtures.generate(tenureBundle, empty, fromEmpty, "--key-column", "id").assertOk();
    CliFixtures.impute(tenureBundle, withNaN, beamDir, "id").assertOk();

    assertEqualsEmptyCells(Tables.readAll(fromNaN), Tables.readAll(fromEmpty), beamDir);
  }

  /**
   * Asserts that {@code generated} (40 rows) equals {@code generatedFromEmpty}, the output for the
   * same rows with empty cells, record for record, and that the Beam output in {@code beamDir} has
   * the same records field for field, no dead letter.
   */
  private static void assertEqualsEmptyCells(
      List<GenericRecord> generated, List<GenericRecord> generatedFromEmpty, Path beamDir)
      throws IOException {
    assertEquals(0, readShards(beamDir, "imputed-dead-letters").size());
    Map<String, GenericRecord> beam = new HashMap<>();
    for (GenericRecord record : readShards(beamDir, "imputed-0")) {
      beam.put(record.get("id").toString(), record);
    }
    assertEquals(40, generated.size());
    assertEquals(40, beam.size());
    for (int r = 0; r < generated.size(); r++) {
      GenericRecord local = generated.get(r);
      GenericRecord fromEmpty = generatedFromEmpty.get(r);
      GenericRecord piped = beam.get(local.get("id").toString());
      assertEquals(fromEmpty.toString(), local.toString(), "row " + (r + 1));
      for (Schema.Field field : local.getSchema().getFields()) {
        assertEquals(
            comparable(local.get(field.name())),
            comparable(piped.get(field.name())),
            local.get("id") + "." + field.name());
      }
    }
  }

  /** The bundle of {@link #tenureTable}'s model (income and tenure, --missing-targets), once. */
  private static synchronized Path tenureBundle() {
    if (tenureBundle != null) {
      return tenureBundle;
    }
    Path data = shared.resolve("tenure.csv");
    try {
      Files.writeString(data, tenureTable(600, 5, null));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    Path trained = shared.resolve("tenure.zip");
    run(
            "train",
            "--data",
            data.toString(),
            "--epochs",
            "2",
            "--hidden",
            "16",
            "--layers",
            "2",
            "--batch-size",
            "128",
            "--conditions",
            "age,region",
            "--categorical",
            "region,tenure",
            "--targets",
            "income,tenure",
            "--weight",
            "w",
            "--missing-targets",
            "--no-progress",
            "--out",
            trained.toString())
        .assertOk();
    tenureBundle = trained;
    return tenureBundle;
  }

  /**
   * Rows id, age, region, income, tenure (owner/renter/social, by age), w. With {@code markers},
   * every odd row's income and tenure hold the next of the markers, every even row's tenure is
   * owner, renter, social by row; without, every row carries both targets.
   */
  private static String tenureTable(int rows, long seed, List<String> markers) {
    SplittableRandom random = new SplittableRandom(seed);
    StringBuilder csv = new StringBuilder("id,age,region,income,tenure");
    csv.append(markers == null ? ",w\n" : "\n");
    List<String> tenures = List.of("owner", "renter", "social");
    for (int i = 0; i < rows; i++) {
      int age = 18 + random.nextInt(60);
      String region = List.of("north", "south", "east").get(random.nextInt(3));
      double income = random.nextDouble() < 0.3 ? 0 : Math.exp(9 + 0.02 * age);
      String tenure = tenures.get(age < 35 ? 1 : random.nextInt(3));
      csv.append(String.format(Locale.ROOT, "p%d,%d,%s,", i, age, region));
      if (markers == null) {
        csv.append(
            String.format(Locale.ROOT, "%.2f,%s,%.3f", income, tenure, 0.5 + random.nextDouble()));
      } else if (i % 2 == 0) {
        csv.append(String.format(Locale.ROOT, "%.2f,%s", income, tenures.get(i % 3)));
      } else {
        String marker = markers.get(i / 2 % markers.size());
        csv.append(marker).append(',').append(marker);
      }
      csv.append('\n');
    }
    return csv.toString();
  }

  private static GenericRecord person(Schema schema, String id, String income) {
    GenericData.Record record = new GenericData.Record(schema);
    record.put("id", id);
    record.put("age", 40.0);
    record.put("region", "north");
    record.put("income", income);
    record.put("savings", null);
    return record;
  }

  /** Every even row carries its income, odd rows carry nothing; savings always missing. */
  private static Path partialInput(Path input) throws IOException {
    List<String> lines = TrainGenerateCommandTest.table(200, 3, true).lines().toList();
    StringBuilder csv = new StringBuilder("id,age,region,income,savings\n");
    for (int i = 1; i < lines.size(); i++) {
      String[] cells = lines.get(i).split(",");
      String income = i % 2 == 0 ? cells[3] : "";
      csv.append(String.join(",", cells[0], cells[1], cells[2], income, "")).append('\n');
    }
    Files.writeString(input, csv);
    return input;
  }

  private static String gate(GenericRecord record) {
    return record.get("income_gate").toString();
  }

  /** Numbers as doubles (CSV readers type whole numbers differently), the rest as text. */
  private static Object comparable(Object value) {
    if (value instanceof Number number) {
      return number.doubleValue();
    }
    return value == null ? null : value.toString();
  }
}
