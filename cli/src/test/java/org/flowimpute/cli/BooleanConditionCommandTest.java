package org.flowimpute.cli;

import static org.flowimpute.cli.CommandRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.flowimpute.bundle.BundleException;
import org.flowimpute.bundle.CategoricalCondition;
import org.flowimpute.bundle.ModelBundle;
import org.flowimpute.table.TableWriter;
import org.flowimpute.table.Tables;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A categorical condition of true/false values is one category whatever the format: a model trained
 * on CSV {@code TRUE}/{@code FALSE} (text, categories {@code TRUE}, {@code FALSE}) imputes Parquet
 * and Avro {@code boolean} columns, and one trained on Parquet booleans (categories {@code true},
 * {@code false}) imputes CSV {@code TRUE}/{@code True}/{@code false}; until 2026-12-02 each was an
 * unknown category to the other.
 */
class BooleanConditionCommandTest {
  private static final int ROWS = 200;
  private static final Schema SCHEMA =
      SchemaBuilder.record("Person")
          .fields()
          .requiredString("id")
          .requiredLong("age")
          .requiredBoolean("owner")
          .requiredDouble("income")
          .endRecord();

  @TempDir static Path temp;

  private static Path csvModel;
  private static Path parquetModel;

  @BeforeAll
  static void trainOnCsvTextAndOnParquetBooleans() throws IOException {
    List<GenericRecord> people = people();
    Path csv = temp.resolve("people.csv");
    write(csv, people);
    Path parquet = temp.resolve("people.parquet");
    write(parquet, people);
    csvModel = train(csv, temp.resolve("csv-model"));
    parquetModel = train(parquet, temp.resolve("parquet-model"));
  }

  @Test
  void theTrainedCategoriesAreSpelledAsTheTrainingDataSpellsThem() throws BundleException {
    assertEquals(List.of("FALSE", "TRUE"), ownerCategories(csvModel));
    assertEquals(List.of("false", "true"), ownerCategories(parquetModel));
  }

  @Test
  void aModelTrainedOnCsvTrueFalseGeneratesFromParquetAndAvroBooleans() throws Exception {
    for (String format : List.of("parquet", "avro")) {
      Path input = temp.resolve("input." + format);
      write(input, people());
      Path output = temp.resolve("from-" + format + ".csv");

      CliFixtures.generate(csvModel, input, output).assertOk();

      assertEquals(ROWS, Tables.readAll(output).size(), format);
    }
  }

  @Test
  void aModelTrainedOnParquetBooleansGeneratesFromCsvTrueFalseInAnyCase() throws Exception {
    Path input = temp.resolve("spellings.csv");
    Files.writeString(input, "id,age,owner\np1,30,TRUE\np2,40,True\np3,50,false\np4,60,FALSE\n");
    Path output = temp.resolve("from-spellings.csv");

    CliFixtures.generate(parquetModel, input, output).assertOk();

    assertEquals(4, Tables.readAll(output).size());
  }

  /** The Beam path ({@code impute}) validates and encodes the same way: no dead letter. */
  @Test
  void imputeOfParquetBooleansWithAModelTrainedOnCsvHasNoDeadLetter() throws Exception {
    Path input = temp.resolve("impute-input.parquet");
    write(input, people());
    Path output = temp.resolve("imputed");

    CliFixtures.impute(csvModel, input, output, "id").assertOk();

    assertEquals(ROWS, CliFixtures.readShards(output, "imputed-0").size());
    assertEquals(List.of(), CliFixtures.readShards(output, "imputed-dead-letters"));
  }

  /** A spelling of neither true nor false is still an unknown category (policy error). */
  @Test
  void otherSpellingsAreStillUnknownCategories() throws Exception {
    Path input = temp.resolve("yes.csv");
    Files.writeString(input, "id,age,owner\np1,30,yes\n");

    CommandRun refused = CliFixtures.generate(parquetModel, input, temp.resolve("yes-out.csv"));

    assertEquals(ExitCodes.FAILURE, refused.exitCode(), refused.err());
    assertEquals(
        "error: "
            + input
            + " row 1: field 'owner': unknown category 'yes' (known: 'false', 'true'; the model"
            + " was trained with --unknown-category error)\n",
        refused.err());
  }

  /** Owners have a higher income; a third of the people have none. */
  private static List<GenericRecord> people() {
    SplittableRandom random = new SplittableRandom(7);
    return IntStream.range(0, ROWS)
        .mapToObj(
            i -> {
              long age = 18 + random.nextInt(60);
              boolean owner = random.nextBoolean();
              double income =
                  random.nextDouble() < 0.33
                      ? 0
                      : Math.exp(9 + 0.02 * age + (owner ? 0.5 : 0) + random.nextGaussian());
              return (GenericRecord)
                  new GenericRecordBuilder(SCHEMA)
                      .set("id", "p" + i)
                      .set("age", age)
                      .set("owner", owner)
                      .set("income", income)
                      .build();
            })
        .toList();
  }

  /** Writes {@code people} to {@code path}; a CSV spells the booleans TRUE/FALSE, as R does. */
  private static void write(Path path, List<GenericRecord> people) throws IOException {
    if (path.toString().endsWith(".csv")) {
      StringBuilder csv = new StringBuilder("id,age,owner,income\n");
      for (GenericRecord person : people) {
        csv.append(
            String.format(
                Locale.ROOT,
                "%s,%d,%s,%.2f%n",
                person.get("id"),
                (Long) person.get("age"),
                ((Boolean) person.get("owner")) ? "TRUE" : "FALSE",
                (Double) person.get("income")));
      }
      Files.writeString(path, csv);
      return;
    }
    try (TableWriter writer = Tables.writer(path, SCHEMA)) {
      people.forEach(writer::write);
    }
  }

  private static Path train(Path data, Path bundle) {
    run(
            "train",
            "--data",
            data.toString(),
            "--conditions",
            "age,owner",
            "--categorical",
            "owner",
            "--targets",
            "income",
            "--epochs",
            "2",
            "--hidden",
            "16",
            "--layers",
            "2",
            "--no-progress",
            "--out",
            bundle.toString())
        .assertOk();
    return bundle;
  }

  private static List<String> ownerCategories(Path bundle) throws BundleException {
    return ModelBundle.load(bundle).manifest().conditions().stream()
        .filter(c -> c.name().equals("owner"))
        .map(c -> ((CategoricalCondition) c).categories())
        .findFirst()
        .orElseThrow();
  }
}
