package org.flowimpute.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.flowimpute.bundle.CategoricalCondition;
import org.flowimpute.bundle.NumericCondition;
import org.flowimpute.bundle.UnknownCategoryPolicy;
import org.junit.jupiter.api.Test;

class UnseenCategoriesTest {
  private static final Schema SCHEMA =
      SchemaBuilder.record("r")
          .fields()
          .requiredDouble("age")
          .requiredString("region")
          .requiredString("emp")
          .requiredString("sex")
          .endRecord();

  private static final List<org.flowimpute.bundle.ConditionSpec> CONDITIONS =
      List.of(
          new NumericCondition("age", 40, 15, 16, 90),
          new CategoricalCondition(
              "region",
              List.of("01", "1", "02", "10"),
              UnknownCategoryPolicy.OTHER,
              List.of(0.25, 0.25, 0.25, 0.25)),
          new CategoricalCondition(
              "emp", List.of("false", "true"), UnknownCategoryPolicy.OTHER, List.of(0.5, 0.5)),
          new CategoricalCondition("sex", List.of("f", "m"), UnknownCategoryPolicy.ERROR));

  private static GenericRecord record(String region, String emp) {
    return new GenericRecordBuilder(SCHEMA)
        .set("age", 30.0)
        .set("region", region)
        .set("emp", emp)
        .set("sex", "x")
        .build();
  }

  /**
   * Categories an --unknown-category other model did not see are counted per condition with the
   * first row and value (they were imputed as the other level silently); spellings encoding matches
   * to a known category ("1.0" as 1, "TRUE" as true) are not unseen, and a condition under policy
   * ERROR is left to encoding, which refuses the record.
   */
  @Test
  void countsUnseenCategoriesPerConditionAndNamesTheFirst() {
    UnseenCategories tally = UnseenCategories.of(CONDITIONS);

    tally.note(record("99", "true"), "oc.csv row 1");
    tally.note(record("1.0", "maybe"), "oc.csv row 2");
    tally.note(record("001", "TRUE"), "oc.csv row 3");

    assertEquals(
        Optional.of(
            "warning: categories the model did not see in training, imputed as its \"other\""
                + " level (--unknown-category other): region on 2 rows (first oc.csv row 1: 99);"
                + " emp on 1 row (first oc.csv row 2: maybe)"),
        tally.warning());
  }

  @Test
  void saysNothingWhenEveryCategoryWasSeen() {
    UnseenCategories tally = UnseenCategories.of(CONDITIONS);

    tally.note(record("02", "false"), "oc.csv row 1");

    assertEquals(Optional.empty(), tally.warning());
  }

  /**
   * A synthesis bundle's condition whose rare categories were pooled: a category it does not name
   * may be one training saw, and the warning says so.
   */
  @Test
  void saysAPooledConditionsCategoryMayBeARareOne() {
    UnseenCategories tally =
        UnseenCategories.of(
            List.of(
                new NumericCondition("age", 40, 15, 16, 90),
                CategoricalCondition.pooled("region", List.of("01", "02"), 2, Double.NaN)));

    tally.note(record("07", "true"), "oc.csv row 4");

    assertEquals(
        Optional.of(
            "warning: categories the model does not name (not seen in training, or pooled by"
                + " train --synthesis as seen in fewer than K rows), imputed as its \"other\""
                + " level: region on 1 row (first oc.csv row 4: 07)"),
        tally.warning());
  }
}
