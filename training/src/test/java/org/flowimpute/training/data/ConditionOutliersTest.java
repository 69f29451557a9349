package org.flowimpute.training.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.bundle.TrainingDataFingerprint;
import org.flowimpute.demo.DemoPopulation;
import org.flowimpute.training.fit.TrainingListener;
import org.flowimpute.training.fit.TrainingSettings;
import org.flowimpute.training.model.Architecture;
import org.junit.jupiter.api.Test;

/**
 * One absurd numeric condition value (an age of 1e12, or a missing-value code of 999) is reported
 * naming condition, row, value, how many rows lie beyond and the standardization it causes, while
 * the demo population's ages and household sizes never are.
 */
class ConditionOutliersTest {

  private static final TrainingColumns COLUMNS =
      new TrainingColumns(
          List.of("age", "household_size", "sex", "region"),
          List.of("wage_income"),
          Set.of("sex", "region"),
          "weight");

  /** Demo persons with the age as a double, which can hold 1e12. */
  private static final Schema SCHEMA =
      SchemaBuilder.record("Person")
          .fields()
          .requiredDouble("age")
          .requiredInt("household_size")
          .requiredString("sex")
          .requiredString("region")
          .requiredDouble("weight")
          .requiredDouble("wage_income")
          .endRecord();

  private static List<GenericRecord> persons(long seed, int rows) {
    List<GenericRecord> out = new ArrayList<>(rows);
    DemoPopulation.withSeed(seed)
        .persons(rows)
        .forEachRemaining(
            person -> {
              GenericRecord record = new GenericData.Record(SCHEMA);
              for (Schema.Field field : SCHEMA.getFields()) {
                record.put(field.name(), person.get(field.name()));
              }
              record.put("age", ((Number) person.get("age")).doubleValue());
              out.add(record);
            });
    return out;
  }

  private static List<String> warnings(List<GenericRecord> records) {
    TrainingTable table = TrainingTable.of(records, COLUMNS);
    PreparedData prepared = DefaultPreparation.of(table);
    return ConditionOutliers.warnings(table, prepared.conditions()).stream()
        .map(TrainingWarning::message)
        .toList();
  }

  @Test
  void theDemoPopulationsConditionsAreNotReported() {
    for (long seed = 1; seed <= 3; seed++) {
      assertEquals(List.of(), warnings(persons(seed, 50_000)), "seed " + seed);
    }
  }

  /** An age of 1e12 among 6,000 made the standardization's sd about 1e10, with no word. */
  @Test
  void anAbsurdAgeIsReportedWithItsRowValueAndStandardization() {
    List<GenericRecord> records = persons(1, 6_000);
    records.get(17).put("age", 1e12);

    List<String> warnings = warnings(records);

    assertEquals(1, warnings.size(), warnings.toString());
    String warning = warnings.get(0);
    assertTrue(warning.startsWith("condition 'age': row 18 has 1.0E12, "), warning);
    assertTrue(warning.contains(" robust SDs (MAD) from the median "), warning);
    assertTrue(warning.contains("beyond 15 reads as a missing-value code such as 999"), warning);
    assertTrue(warning.matches(".*standardized with mean \\S+ and sd 1\\.\\d+e\\+10 .*"), warning);
    assertTrue(warning.matches(".*\\([\\d.]+ and [\\d.]+ without it\\).*"), warning);
    assertTrue(warning.endsWith("or drop the row"), warning);
  }

  /** A missing-value code on several rows, below or above, is reported with their number. */
  @Test
  void aMissingValueCodeOnSeveralRowsIsCounted() {
    List<GenericRecord> records = persons(2, 3_000);
    for (int row : new int[] {4, 40, 400}) {
      records.get(row).put("age", 999.0);
    }
    records.get(41).put("age", -999.0);

    List<String> warnings = warnings(records);

    assertEquals(1, warnings.size(), warnings.toString());
    String warning = warnings.get(0);
    assertTrue(warning.startsWith("condition 'age': row 42 has -999.0, "), warning);
    assertTrue(warning.contains("; 3 more rows are beyond it)"), warning);
    assertTrue(
        warning.endsWith(
            "without them), which squeezes its ordinary values to "
                + warning.replaceAll(".* to (\\S+) of their spread.*", "$1")
                + " of their spread:"
                + " recode a missing-value code (to an ordinary value, or to a category of a categorical"
                + " column) or drop the rows"),
        warning);
  }

  /** The trainer passes the warning to its listener and records it in the training summary. */
  @Test
  void trainingWarnsItsListenerAndRecordsTheWarningInTheManifest() {
    List<GenericRecord> records = persons(1, 400);
    records.get(9).put("age", 1e12);
    TrainingColumns columns =
        new TrainingColumns(List.of("age"), List.of("wage_income"), Set.of(), null);
    List<String> heard = new ArrayList<>();

    BundleTrainer.TrainedBundle bundle =
        BundleTrainer.of(columns)
            .withArchitecture(Architecture.defaults().withFlowLayers(1).withHidden(8))
            .withSettings(TrainingSettings.defaults().withEpochs(1).withBatchSize(128))
            .train(
                TrainingTable.of(records, columns),
                TrainingDataFingerprint.ofBytes(new byte[] {1}, records.size()),
                new TrainingListener() {
                  @Override
                  public void warning(String message) {
                    heard.add(message);
                  }
                });

    assertEquals(1, heard.size(), heard.toString());
    assertTrue(heard.get(0).startsWith("condition 'age': row 10 has 1.0E12"), heard.get(0));
    assertEquals(heard.get(0), bundle.manifest().training().settings().get("warnings"));
  }
}
