package org.flowimpute.training.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.avro.DemoPerson;
import org.flowimpute.bundle.TrainingDataFingerprint;
import org.flowimpute.demo.DemoPopulation;
import org.flowimpute.demo.DemoTarget;
import org.flowimpute.training.fit.TrainingListener;
import org.flowimpute.training.fit.TrainingSettings;
import org.flowimpute.training.model.Architecture;
import org.junit.jupiter.api.Test;

/**
 * One absurd target value (a wage of 1e38 among 5,000 demo persons; beyond 32-bit floats, 1e300, it
 * is refused) is reported naming target, row, value and distance, while the demo population's
 * heavy-tailed amounts never are.
 */
class TargetOutliersTest {

  private static final List<String> TARGETS =
      java.util.Arrays.stream(DemoTarget.values()).map(DemoTarget::fieldName).toList();

  private static final TrainingColumns COLUMNS =
      new TrainingColumns(List.of("age", "sex"), TARGETS, Set.of("sex"), "weight");

  private static List<GenericRecord> persons(long seed, int rows) {
    List<GenericRecord> out = new ArrayList<>(rows);
    DemoPopulation.withSeed(seed).persons(rows).forEachRemaining(out::add);
    return out;
  }

  private static List<String> warnings(List<GenericRecord> records) {
    TrainingTable table = TrainingTable.of(records, COLUMNS);
    PreparedData prepared = DefaultPreparation.of(table);
    return TargetOutliers.warnings(table, prepared.targets()).stream()
        .map(TrainingWarning::message)
        .toList();
  }

  @Test
  void theDemoPopulationsAmountsAreNotReported() {
    for (long seed = 1; seed <= 3; seed++) {
      assertEquals(List.of(), warnings(persons(seed, 50_000)), "seed " + seed);
    }
  }

  @Test
  void oneAbsurdWageIsReportedWithItsRowValueAndDistance() {
    List<GenericRecord> records = persons(1, 5_000);
    int row = firstWithWage(records);
    ((DemoPerson) records.get(row)).put("wage_income", 1e38);

    List<String> warnings = warnings(records);

    assertEquals(1, warnings.size(), warnings.toString());
    String warning = warnings.get(0);
    assertTrue(
        warning.startsWith("target 'wage_income': row " + (row + 1) + " has 1.0E38, "), warning);
    assertTrue(warning.contains(" robust SDs (MAD) above the median nonzero magnitude "), warning);
    assertTrue(warning.contains("beyond 15 reads as a data-entry error or a sentinel"), warning);
    assertTrue(
        warning.matches(".*log1p sigma is \\d+\\.\\d+ \\(0\\.\\d+ without it\\).*"), warning);
  }

  /** The trainer passes the warning to its listener and records it in the training summary. */
  @Test
  void trainingWarnsItsListenerAndRecordsTheWarningInTheManifest() {
    List<GenericRecord> records = persons(1, 400);
    int row = firstWithWage(records);
    ((DemoPerson) records.get(row)).put("wage_income", 1e30);
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
    assertTrue(heard.get(0).startsWith("target 'wage_income': row " + (row + 1)), heard.get(0));
    assertEquals(heard.get(0), bundle.manifest().training().settings().get("warnings"));
  }

  private static int firstWithWage(List<GenericRecord> records) {
    for (int r = 0; r < records.size(); r++) {
      if ((double) records.get(r).get("wage_income") > 0) {
        return r;
      }
    }
    throw new AssertionError("no wage");
  }
}
