package org.flowimpute.cli;

import static org.flowimpute.cli.CommandRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.bundle.ModelBundle;
import org.flowimpute.bundle.NumericCondition;
import org.flowimpute.table.Float32Columns;
import org.flowimpute.table.Tables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * demo-data --households → train --household-id → generate: the household context is stored in the
 * bundle and recomputed by generate, and household totals equal the sum over the persons.
 */
class HouseholdCommandsTest {

  @TempDir Path temp;

  @Test
  void householdModelEndToEndWritesFeaturesAndExactTotals() throws Exception {
    Path input = temp.resolve("conditions.csv");
    Path output = temp.resolve("imputed.avro");
    run(
            "demo-data",
            "--households",
            "--rows",
            "80",
            "--seed",
            "2",
            "--conditions-only",
            "--out",
            input.toString())
        .assertOk();
    Path bundle =
        CliFixtures.trainHouseholdModel(temp, "bundle", "wage_income,benefit_income", 2, 16, 2);

    assertEquals(
        List.of("household_size", "household_adults", "household_children"),
        ModelBundle.load(bundle).manifest().household().featureNames());
    CliFixtures.generate(bundle, input, output, "--key-column", "person_id").assertOk();
    List<GenericRecord> rows = Tables.readAll(output);
    List<GenericRecord> inputRows = Tables.readAll(input);
    // The household id is no row key: its members would share their noise.
    Map<String, Integer> firstRow = new LinkedHashMap<>();
    String repeated = null;
    int first = 0;
    int second = 0;
    for (int r = 0; r < inputRows.size() && repeated == null; r++) {
      String id = inputRows.get(r).get("household_id").toString();
      Integer earlier = firstRow.putIfAbsent(id, r + 1);
      if (earlier != null) {
        repeated = id;
        first = earlier;
        second = r + 1;
      }
    }
    CommandRun byHousehold =
        CliFixtures.generate(
            bundle, input, temp.resolve("by-household.avro"), "--key-column", "household_id");
    assertEquals(ExitCodes.FAILURE, byHousehold.exitCode(), byHousehold.err());
    assertTrue(
        byHousehold
            .err()
            .startsWith(
                "error: --key-column household_id: the key '"
                    + repeated
                    + "' is on rows "
                    + first
                    + " and "
                    + second
                    + " of "
                    + input
                    + ";"),
        byHousehold.err());
    assertEquals(inputRows.size(), rows.size());
    Map<String, BigDecimal> wageByHousehold = new LinkedHashMap<>();
    Map<String, Integer> sizeByHousehold = new LinkedHashMap<>();
    for (int r = 0; r < rows.size(); r++) {
      GenericRecord row = rows.get(r);
      assertEquals(inputRows.get(r).get("person_id").toString(), row.get("person_id").toString());
      // A column the model does not read is written to Avro typed by its cells, not as text.
      assertEquals(inputRows.get(r).get("weight"), row.get("weight"));
      String household = row.get("household_id").toString();
      // summed as written: each imputed float32 amount as the decimal CSV shows
      wageByHousehold.merge(
          household,
          new BigDecimal(Float32Columns.format(number(row, "wage_income"))),
          BigDecimal::add);
      sizeByHousehold.merge(household, 1, Integer::sum);
    }
    for (GenericRecord row : rows) {
      String household = row.get("household_id").toString();
      assertEquals(
          wageByHousehold.get(household).doubleValue(),
          number(row, "household_wage_income_total"),
          0.0);
      assertEquals(sizeByHousehold.get(household), number(row, "household_size"), 0.0);
    }
    assertEquals(80, wageByHousehold.size());

    List<String> inputLines = java.nio.file.Files.readAllLines(input);
    List<String> withTotal = new java.util.ArrayList<>();
    withTotal.add("household_wage_income_total," + inputLines.get(0));
    inputLines.stream().skip(1).map(line -> "-1," + line).forEach(withTotal::add);
    Path totalInput = java.nio.file.Files.write(temp.resolve("with-total.csv"), withTotal);
    CommandRun replaced =
        CliFixtures.generate(
            bundle, totalInput, temp.resolve("with-total-out.csv"), "--key-column", "person_id");
    replaced.assertOk();
    // The count features are whole numbers in a CSV output (3, not 3.0).
    List<String> csvOut = java.nio.file.Files.readAllLines(temp.resolve("with-total-out.csv"));
    List<String> columns = List.of(csvOut.get(0).split(",", -1));
    for (String feature : List.of("household_size", "household_adults", "household_children")) {
      int column = columns.indexOf(feature);
      for (String line : csvOut.subList(1, csvOut.size())) {
        String cell = line.split(",", -1)[column];
        assertTrue(cell.matches("\\d+"), feature + " written as '" + cell + "'");
      }
    }
    assertTrue(
        replaced
            .err()
            .contains(
                "warning: "
                    + totalInput
                    + " has the column household_wage_income_total, which the household model"
                    + " computes: its values are replaced by the computed ones"),
        replaced.err());
    CommandRun totalKey =
        CliFixtures.generate(
            bundle,
            totalInput,
            temp.resolve("total-key.csv"),
            "--key-column",
            "household_wage_income_total");
    assertEquals(ExitCodes.USAGE, totalKey.exitCode(), totalKey.err());
    assertEquals(
        "--key-column household_wage_income_total: the household model computes"
            + " household_wage_income_total and writes it in place of the input's column, so it"
            + " cannot key the rows: name another key column",
        totalKey.err().lines().findFirst().orElse(""));

    Path headerOnly = temp.resolve("header-only.csv");
    java.nio.file.Files.writeString(
        headerOnly, java.nio.file.Files.readAllLines(input).get(0) + "\n");
    Path emptyOutput = temp.resolve("empty.csv");
    CliFixtures.generate(bundle, headerOnly, emptyOutput).assertOk();
    try (var empty = Tables.reader(emptyOutput)) {
      assertEquals(
          rows.get(0).getSchema().getFields().stream().map(f -> f.name()).toList(),
          empty.schema().getFields().stream().map(f -> f.name()).toList());
      assertFalse(empty.hasNext());
    }

    List<String> lines = java.nio.file.Files.readAllLines(input);
    int age = List.of(lines.get(0).split(",", -1)).indexOf("age");
    String[] third = lines.get(3).split(",", -1);
    third[age] = "";
    lines.set(3, String.join(",", third));
    Path noAge = java.nio.file.Files.write(temp.resolve("no-age.csv"), lines);
    CommandRun refused = CliFixtures.generate(bundle, noAge, temp.resolve("no-age.avro"));
    assertTrue(
        refused.err().startsWith("error: " + noAge + " row 3: field 'age': "), refused.err());

    // The household id and age columns under other names: named as what they are, with the fix.
    List<String> renamed = new java.util.ArrayList<>(java.nio.file.Files.readAllLines(input));
    String header = renamed.get(0);
    renamed.set(0, header.replace("household_id", "hh"));
    Path noId = java.nio.file.Files.write(temp.resolve("no-id.csv"), renamed);
    CommandRun noIdRefused = CliFixtures.generate(bundle, noId, temp.resolve("no-id.avro"));
    assertEquals(ExitCodes.FAILURE, noIdRefused.exitCode(), noIdRefused.err());
    assertEquals(
        "error: household id column 'household_id' not found in "
            + noId
            + " (columns: "
            + renamed.get(0).replace(",", ", ")
            + "); the model was trained with --household-id household_id and generate groups"
            + " the records into households by the column of that name (it has no option to name"
            + " another): rename the input's household id column to household_id (impute takes"
            + " --household-field)",
        noIdRefused.err().strip());
    renamed.set(0, header.replace("age", "years"));
    Path years = java.nio.file.Files.write(temp.resolve("years.csv"), renamed);
    CommandRun noAgeColumn = CliFixtures.generate(bundle, years, temp.resolve("years.avro"));
    assertTrue(
        noAgeColumn
            .err()
            .startsWith("error: household age column 'age' not found in " + years + " (columns: "),
        noAgeColumn.err());
    assertTrue(
        noAgeColumn
            .err()
            .strip()
            .endsWith(
                "); the model was trained with --household-age age and counts each household's"
                    + " adults and children from the column of that name: rename the input's age"
                    + " column to age"),
        noAgeColumn.err());

    // Every person in one household: its computed size lies beyond every trained household's.
    List<String> oneHousehold = new java.util.ArrayList<>(java.nio.file.Files.readAllLines(input));
    int id = List.of(oneHousehold.get(0).split(",", -1)).indexOf("household_id");
    for (int line = 1; line < oneHousehold.size(); line++) {
      String[] cells = oneHousehold.get(line).split(",", -1);
      cells[id] = "H1";
      oneHousehold.set(line, String.join(",", cells));
    }
    Path big = java.nio.file.Files.write(temp.resolve("one-household.csv"), oneHousehold);
    int persons = oneHousehold.size() - 1;
    NumericCondition size =
        (NumericCondition)
            ModelBundle.load(bundle).manifest().conditions().stream()
                .filter(condition -> condition.name().equals("household_size"))
                .findFirst()
                .orElseThrow();
    CommandRun beyond =
        CliFixtures.generate(
                bundle, big, temp.resolve("one-household.avro"), "--key-column", "person_id")
            .assertOk();
    assertTrue(
        beyond
            .err()
            .contains(
                "household_size on "
                    + persons
                    + " rows (first "
                    + big
                    + " row 1: "
                    + persons
                    + "; trained on "
                    + InspectCommand.number(size.trainingMin())
                    + ".."
                    + InspectCommand.number(size.trainingMax())
                    + ")"),
        beyond.err());
  }

  /**
   * impute (Beam, DirectRunner, with a warning that household models are slow there) gives every
   * person the values and household totals that generate gives, for the same keys and seed.
   */
  @Test
  void imputeOnTheDirectRunnerWarnsAndGivesGeneratesValues() throws Exception {
    Path input = temp.resolve("few-households.csv");
    run(
            "demo-data",
            "--households",
            "--rows",
            "8",
            "--seed",
            "4",
            "--conditions-only",
            "--out",
            input.toString())
        .assertOk();
    Path bundle = CliFixtures.trainHouseholdModel(temp, "model", "wage_income", 1, 8, 1);
    Path generated = temp.resolve("generated.avro");
    CliFixtures.generate(bundle, input, generated, "--key-column", "person_id").assertOk();

    CommandRun imputed =
        CliFixtures.impute(bundle, input, temp.resolve("beam"), "person_id").assertOk();

    assertTrue(
        imputed.err().contains("warning: a household model on the DirectRunner"), imputed.err());
    Map<String, String> fromGenerate = new LinkedHashMap<>();
    for (GenericRecord row : Tables.readAll(generated)) {
      fromGenerate.put(row.get("person_id").toString(), valuesOf(row));
    }
    Map<String, String> fromImpute = new LinkedHashMap<>();
    for (GenericRecord row : CliFixtures.readShards(temp.resolve("beam"), "imputed-0")) {
      fromImpute.put(row.get("person_id").toString(), valuesOf(row));
    }
    assertEquals(fromGenerate.size(), fromImpute.size());
    assertEquals(fromGenerate, fromImpute);

    List<String> lines = java.nio.file.Files.readAllLines(input);
    List<String> header = List.of(lines.get(0).split(",", -1));
    int id = header.indexOf("household_id");
    int weight = header.indexOf("weight");
    String household = lines.get(1).split(",", -1)[id];
    List<Integer> members = new java.util.ArrayList<>();
    for (int line = 1; line < lines.size(); line++) {
      if (lines.get(line).split(",", -1)[id].equals(household)) {
        members.add(line);
      }
    }
    assertTrue(members.size() >= 2, "the first household has " + members.size() + " members");
    String[] cells = lines.get(members.get(0)).split(",", -1);
    cells[weight] = "heavy";
    lines.set(members.get(0), String.join(",", cells));
    Path unreadable = java.nio.file.Files.write(temp.resolve("unreadable-weight.csv"), lines);

    CliFixtures.impute(bundle, unreadable, temp.resolve("unreadable"), "person_id").assertOk();

    List<GenericRecord> out = CliFixtures.readShards(temp.resolve("unreadable"), "imputed-0");
    List<GenericRecord> dead =
        CliFixtures.readShards(temp.resolve("unreadable"), "imputed-dead-letters");
    assertEquals(lines.size() - 1, out.size() + dead.size(), "in = out + dead letters");
    assertEquals(members.size(), dead.size(), "the whole household, nobody else");
    assertTrue(
        out.stream().noneMatch(r -> r.get("household_id").toString().equals(household)),
        "no member of household " + household + " is imputed as a smaller household");
    assertEquals(1, dead.stream().filter(d -> d.get("stage").toString().equals("decode")).count());
    assertTrue(
        dead.stream()
            .filter(d -> d.get("stage").toString().equals("validate"))
            .allMatch(
                d ->
                    d.get("message").toString().contains("has no household context: its row at ")
                        && d.get("message").toString().contains("could not be read")),
        dead.toString());

    // a member without an age (which the household features read) is a null_value dead letter
    // naming the field; the rest of its household are not imputed because of it (all were 'error')
    List<String> noAge = new java.util.ArrayList<>(java.nio.file.Files.readAllLines(input));
    String[] ageless = noAge.get(members.get(0)).split(",", -1);
    ageless[header.indexOf("age")] = "";
    noAge.set(members.get(0), String.join(",", ageless));
    Path missingAge = java.nio.file.Files.write(temp.resolve("missing-age.csv"), noAge);

    CliFixtures.impute(bundle, missingAge, temp.resolve("no-age"), "person_id").assertOk();

    List<GenericRecord> noAgeDead =
        CliFixtures.readShards(temp.resolve("no-age"), "imputed-dead-letters");
    assertEquals(members.size(), noAgeDead.size(), "the whole household, nobody else");
    List<String> classes =
        noAgeDead.stream()
            .map(d -> d.get("error_class") + " " + d.get("field") + " " + d.get("message"))
            .sorted()
            .toList();
    String culprit =
        "missing-age.csv:" + members.get(0) + ": field 'age' is null, expected a number";
    String last = classes.get(classes.size() - 1);
    assertTrue(last.startsWith("null_value age ") && last.endsWith(culprit), last);
    for (String other : classes.subList(0, classes.size() - 1)) {
      assertTrue(
          other.startsWith("error household_id ")
              && other.contains(" is not imputed because a member was rejected: ")
              && other.endsWith(culprit + " (see that member's dead letter)"),
          other);
    }
  }

  /**
   * Input columns named like the household features and totals the model computes are never read:
   * cells such as {@code 8+} or {@code .} in {@code household_size} made a CSV row a decode dead
   * letter of impute, and with it its whole household, where generate replaces them. impute now
   * says so as generate does and imputes every person with generate's values; the output field
   * holds the computed number, from CSV, Avro and Parquet input (where the column is text).
   */
  @Test
  void imputeReplacesTheInputsHouseholdColumnsAsGenerateDoes() throws Exception {
    Path bundle = CliFixtures.trainHouseholdModel(temp, "model", "wage_income", 1, 8, 1);
    Path csv =
        java.nio.file.Files.writeString(
            temp.resolve("with-features.csv"),
            "household_id,person_id,household_size,role,age,weight,"
                + "household_wage_income_total,note\n"
                + "A,a1,8+,head,40,1,zzz,x\n"
                + "A,a2,,child,8,1,,y\n"
                + "B,b1,.,head,50,1,5,z\n");
    Path generated = temp.resolve("generated.avro");
    CliFixtures.generate(bundle, csv, generated, "--key-column", "person_id").assertOk();
    Map<String, String> fromGenerate = new LinkedHashMap<>();
    for (GenericRecord row : Tables.readAll(generated)) {
      fromGenerate.put(row.get("person_id").toString(), valuesOf(row));
    }
    List<GenericRecord> rows = Tables.readAll(csv);
    Path avro = temp.resolve("with-features.avro");
    Tables.writeAll(avro, rows.get(0).getSchema(), rows);
    Path parquet = temp.resolve("with-features.parquet");
    Tables.writeAll(parquet, rows.get(0).getSchema(), rows);

    for (Path input : List.of(csv, avro, parquet)) {
      Path out = temp.resolve("beam-" + input.getFileName());
      CommandRun imputed = CliFixtures.impute(bundle, input, out, "person_id").assertOk();

      String kind = input == csv ? "columns" : "fields";
      assertTrue(
          imputed
              .err()
              .contains(
                  "warning: "
                      + input
                      + " has the "
                      + kind
                      + " household_size, household_wage_income_total, which the household model"
                      + " computes: their values are replaced by the computed ones"),
          imputed.err());
      assertTrue(imputed.out().startsWith("imputed 3 of 3 records (0 dead letters"), imputed.out());
      assertEquals(List.of(), CliFixtures.readShards(out, "imputed-dead-letters"));
      Map<String, String> fromImpute = new LinkedHashMap<>();
      Map<String, Object> sizes = new LinkedHashMap<>();
      for (GenericRecord row : CliFixtures.readShards(out, "imputed-0")) {
        String person = row.get("person_id").toString();
        fromImpute.put(person, valuesOf(row));
        sizes.put(person, row.get("household_size"));
        assertEquals(
            org.apache.avro.Schema.Type.DOUBLE,
            row.getSchema().getField("household_wage_income_total").schema().getType());
      }
      assertEquals(Map.of("a1", 2.0, "a2", 2.0, "b1", 1.0), sizes, input.toString());
      assertEquals(fromGenerate, fromImpute, input.toString());
    }
    // stream warns as impute does, before the job starts (this one then stops: no event times)
    Path watched = java.nio.file.Files.createDirectories(temp.resolve("watched"));
    java.nio.file.Files.copy(csv, watched.resolve("01.csv"));
    Path targetsFile =
        java.nio.file.Files.writeString(
            temp.resolve("targets.yaml"), "targets:\n  - {column: wage_income, total: 1}\n");
    CommandRun streamed =
        run(
            "stream",
            "--model",
            bundle.toString(),
            "--source",
            "dir://" + watched,
            "--targets",
            targetsFile.toString(),
            "--window",
            "10s",
            "--output",
            temp.resolve("streamed").resolve("out").toString());
    assertTrue(
        streamed
            .err()
            .contains(
                "warning: dir://"
                    + watched
                    + " has the columns household_size, household_wage_income_total, which the"
                    + " household model computes: their values are replaced by the computed ones"),
        streamed.err());
    for (String computed : List.of("household_size", "household_wage_income_total")) {
      CommandRun keyed = CliFixtures.impute(bundle, csv, temp.resolve("by-" + computed), computed);

      assertEquals(ExitCodes.FAILURE, keyed.exitCode(), keyed.out());
      assertEquals(
          "error: key field '"
              + computed
              + "' (--key-field): the household model computes "
              + computed
              + " and replaces the input's values, which many records share, so it cannot key the"
              + " records' noise: name a field unique per record, such as a person id",
          keyed.err().lines().filter(line -> line.startsWith("error:")).findFirst().orElseThrow());
    }
  }

  /**
   * evaluate --model with a household model computes the household features as generate does: one
   * draw with generate's seed is generate's table, so the model's CRPS is that table's weighted
   * mean absolute signed-log error (the draws failed: "row 1: field 'household_size': missing").
   * The household ids 1.50 and 1.5 are two households to both, as generate reads ids as text (3
   * epochs: after 1 the model ignored the household features).
   */
  @Test
  void evaluateDrawsOfAHouseholdModelAreGeneratesValues() throws Exception {
    Path demo = temp.resolve("demo-households.csv");
    run("demo-data", "--households", "--rows", "40", "--seed", "5", "--out", demo.toString())
        .assertOk();
    Path real = java.nio.file.Files.write(temp.resolve("households.csv"), numericIds(demo));
    Path bundle = CliFixtures.trainHouseholdModel(temp, "model", "wage_income", 3, 8, 1);
    Path generated = temp.resolve("generated.csv");
    CliFixtures.generate(bundle, real, generated, "--seed", "7").assertOk();
    Path out = temp.resolve("evaluation");

    run(
            "evaluate",
            "--real",
            real.toString(),
            "--synthetic",
            generated.toString(),
            "--targets",
            "wage_income",
            "--weight",
            "weight",
            "--model",
            bundle.toString(),
            "--draws",
            "1",
            "--seed",
            "7",
            "--out",
            out.toString())
        .assertOk();

    double crps =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(out.resolve("metrics.json").toFile())
            .get("methods")
            .get(0)
            .get("crps_signed_log")
            .asDouble();
    double expected =
        CliFixtures.oneDrawCrps(
            Tables.readAll(real), Tables.readAll(generated), "wage_income", "weight");
    assertTrue(expected > 0, "the model's draw differs from the real values");
    assertEquals(expected, crps, 1e-5);
  }

  /**
   * The lines of {@code csv} with household ids 1.50, 1.5, 2.50, 2.5 … in order of appearance:
   * distinct as text, pairs of one number.
   */
  private static List<String> numericIds(Path csv) throws java.io.IOException {
    List<String> lines = new java.util.ArrayList<>(java.nio.file.Files.readAllLines(csv));
    int id = List.of(lines.get(0).split(",", -1)).indexOf("household_id");
    Map<String, String> renamed = new LinkedHashMap<>();
    for (int line = 1; line < lines.size(); line++) {
      String[] cells = lines.get(line).split(",", -1);
      cells[id] =
          renamed.computeIfAbsent(
              cells[id], k -> (renamed.size() / 2 + 1) + (renamed.size() % 2 == 0 ? ".50" : ".5"));
      lines.set(line, String.join(",", cells));
    }
    return lines;
  }

  private static String valuesOf(GenericRecord row) {
    return row.get("wage_income")
        + " "
        + row.get("household_wage_income_total")
        + " "
        + row.get("household_size");
  }

  private static double number(GenericRecord row, String field) {
    return ((Number) row.get(field)).doubleValue();
  }
}
