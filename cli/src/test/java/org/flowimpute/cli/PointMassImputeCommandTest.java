package org.flowimpute.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.table.Tables;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model whose targets have point masses (a 0/1 column, an amount heaped at 450 and 900) imputes
 * in the Beam job as in {@code generate}: the same values per key, the point masses' gate labels,
 * no dead letter. Until 2026-12-02 {@code impute} dead-lettered every record drawn into a point
 * mass ("gate state 3 outside 0..2"), as no test trained such a model and ran it through Beam.
 */
class PointMassImputeCommandTest {

  private static final int ROWS = 400;

  @TempDir static Path temp;

  private static Path bundle;
  private static Path people;

  @BeforeAll
  static void trainOnHeapedTargets() throws IOException {
    Path training = temp.resolve("training.csv");
    write(training, 7, ROWS);
    people = temp.resolve("people.csv");
    write(people, 11, 200);
    bundle = temp.resolve("model");
    CliFixtures.train(
            List.of(
                "--data",
                training.toString(),
                "--conditions",
                "age",
                "--targets",
                "pension,benefit"),
            2,
            16,
            2,
            bundle)
        .assertOk();
  }

  @Test
  void imputeWritesPointMassStatesAsGenerateDoes() throws IOException {
    Path generated = temp.resolve("generated.csv");
    CliFixtures.generate(bundle, people, generated, "--key-column", "id").assertOk();
    Path imputed = temp.resolve("imputed");

    CliFixtures.impute(bundle, people, imputed, "id").assertOk();

    assertEquals(List.of(), CliFixtures.readShards(imputed, "imputed-dead-letters"));
    Map<String, String> byGenerate = new HashMap<>();
    for (GenericRecord row : Tables.readAll(generated)) {
      byGenerate.put(row.get("id").toString(), drawn(row));
    }
    Set<String> labels = new HashSet<>();
    List<GenericRecord> records = CliFixtures.readShards(imputed, "imputed-0");
    assertEquals(200, records.size());
    for (GenericRecord record : records) {
      assertEquals(byGenerate.get(record.get("id").toString()), drawn(record), record.toString());
      labels.add(record.get("pension_gate").toString());
      labels.add(record.get("benefit_gate").toString());
    }
    assertTrue(labels.containsAll(List.of("=1.0", "zero")), labels.toString());
    assertTrue(labels.contains("=450.0") || labels.contains("=900.0"), labels.toString());
  }

  /**
   * The drawn values of a row as the model's float32 numbers, read from CSV text (which shows a
   * float32 amount with the float32's digits) or Avro doubles alike.
   */
  private static String drawn(GenericRecord row) {
    return String.format(
        Locale.ROOT,
        "%s %s",
        Float.parseFloat(row.get("pension").toString()),
        Float.parseFloat(row.get("benefit").toString()));
  }

  /**
   * {@code rows} people: a pension (0/1) mostly over 65, a benefit heaped at 450 and 900 (a third
   * zero, a third elsewhere between 100 and 1,000).
   */
  private static void write(Path path, long seed, int rows) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    StringBuilder csv = new StringBuilder("id,age,pension,benefit\n");
    for (int i = 0; i < rows; i++) {
      int age = 18 + random.nextInt(70);
      int pension = random.nextDouble() < (age >= 65 ? 0.9 : 0.05) ? 1 : 0;
      double draw = random.nextDouble();
      double benefit =
          draw < 0.33 ? 0 : draw < 0.5 ? 450 : draw < 0.67 ? 900 : 100 + 900 * random.nextDouble();
      csv.append(String.format(Locale.ROOT, "p%d,%d,%d,%.2f%n", i, age, pension, benefit));
    }
    Files.writeString(path, csv);
  }
}
