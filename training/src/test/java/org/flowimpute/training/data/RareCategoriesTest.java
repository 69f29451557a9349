package org.flowimpute.training.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.bundle.TrainingDataFingerprint;
import org.flowimpute.training.fit.TrainingListener;
import org.flowimpute.training.fit.TrainingSettings;
import org.flowimpute.training.model.Architecture;
import org.junit.jupiter.api.Test;

/**
 * A categorical condition that is an identifier (a person id in {@code --categorical}: 6,000 ids on
 * 6,000 rows had trained four times slower per epoch, with no word, into a model that refused every
 * new id) is refused; one whose categories are mostly on a single row is warned of.
 */
class RareCategoriesTest {

  private static final Schema SCHEMA =
      SchemaBuilder.record("Row")
          .fields()
          .requiredDouble("age")
          .requiredString("code")
          .requiredDouble("wage")
          .endRecord();

  private static final TrainingColumns COLUMNS =
      new TrainingColumns(List.of("age", "code"), List.of("wage"), Set.of("code"), null);

  /**
   * 300 rows whose {@code code} is the row's own ({@code P0}, {@code P1}, ...) on the first {@code
   * ownCodes} rows and one of {@code repeated} shared codes on the others.
   */
  private static TrainingTable table(int repeated, int ownCodes) {
    List<GenericRecord> rows = new ArrayList<>();
    for (int r = 0; r < 300; r++) {
      GenericRecord row = new GenericData.Record(SCHEMA);
      row.put("age", 20.0 + r % 50);
      row.put("code", r < ownCodes ? "P" + r : "c" + r % repeated);
      row.put("wage", 1000.0 * (r % 7 + 1));
      rows.add(row);
    }
    return TrainingTable.of(rows, COLUMNS);
  }

  @Test
  void anIdentifierIsRefusedNamingTheConditionAndTheRows() {
    TrainingTable table = table(1, 300);

    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> DefaultPreparation.of(table));

    assertEquals(
        "categorical condition 'code' has a different category on each of the 300 rows (an"
            + " identifier, such as a person id): the model can learn nothing from it, each"
            + " category is an encoded column, and a new record's category is one training never"
            + " saw (refused under --unknown-category error); drop it from --conditions",
        error.getMessage());
  }

  @Test
  void mostlySingleRowCategoriesAreWarnedOf() {
    TrainingTable table = table(10, 200);

    assertEquals(
        List.of(
            TrainingWarning.quotingData(
                "categorical condition 'code': 200 of its 210 categories occur on a single row of"
                    + " the 300: the model learns next to nothing from them, each category is an"
                    + " encoded column (slowing every epoch), and generate refuses a category"
                    + " training did not see (--unknown-category other encodes it as the average):"
                    + " group the rare categories, or drop the condition")),
        RareCategories.warnings(table, DefaultPreparation.of(table).conditions()));
  }

  /** The trainer passes the warning to its listener, before the first epoch. */
  @Test
  void trainingWarnsItsListener() {
    List<String> heard = new ArrayList<>();

    BundleTrainer.of(COLUMNS)
        .withArchitecture(Architecture.defaults().withFlowLayers(1).withHidden(8))
        .withSettings(TrainingSettings.defaults().withEpochs(1).withBatchSize(128))
        .train(
            table(10, 200),
            TrainingDataFingerprint.ofBytes(new byte[] {1}, 300),
            new TrainingListener() {
              @Override
              public void warning(String message) {
                heard.add(message);
              }
            });

    assertEquals(1, heard.size(), heard.toString());
    assertTrue(
        heard.get(0).startsWith("categorical condition 'code': 200 of its 210 categories"),
        heard.get(0));
  }

  /** Half of the categories on one row is not most of them; codes seen on many rows never warn. */
  @Test
  void categoriesSeenOnSeveralRowsAreNotWarnedOf() {
    TrainingTable half = table(10, 10);
    TrainingTable common = table(10, 0);

    assertEquals(
        List.of(), RareCategories.warnings(half, DefaultPreparation.of(half).conditions()));
    assertEquals(
        List.of(), RareCategories.warnings(common, DefaultPreparation.of(common).conditions()));
  }
}
