package org.flowimpute.training.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.bundle.CategoricalCondition;
import org.flowimpute.bundle.ConditionSpec;
import org.flowimpute.bundle.MagnitudeTransform;
import org.flowimpute.bundle.UnknownCategoryPolicy;
import org.flowimpute.encode.AtomPolicy;
import org.flowimpute.synth.ConditionSynthesis;
import org.flowimpute.synth.ConditionSynthesisFitter;
import org.junit.jupiter.api.Test;

/**
 * The category shares of a synthesis bundle give no suppressed cell away (a reviewer's finding of
 * 2026-12-03): over all rows, the share of 'north' times the total weight, less the weight of the
 * released north cells, was exactly the weight of the one northern man, the only person of his
 * combination, and so for 'm'.
 */
class SuppressedCellReleaseTest {

  private static final int K = 10;
  private static final Schema SCHEMA =
      SchemaBuilder.record("Person")
          .fields()
          .requiredString("region")
          .requiredString("sex")
          .requiredDouble("age")
          .requiredDouble("income")
          .requiredDouble("w")
          .endRecord();
  private static final TrainingColumns COLUMNS =
      new TrainingColumns(
          List.of("region", "sex", "age"), List.of("income"), Set.of("region", "sex"), "w");

  @Test
  void categorySharesAreTheSumsOfTheReleasedCellsShares() {
    SplittableRandom random = new SplittableRandom(11);
    List<GenericRecord> records = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      String region = List.of("north", "south", "east").get(random.nextInt(3));
      String sex = region.equals("north") ? "f" : random.nextBoolean() ? "f" : "m";
      records.add(person(region, sex, 50 + 100 * random.nextDouble(), random));
    }
    records.add(person("north", "m", 127.85, random));
    TrainingTable table = TrainingTable.of(records, COLUMNS);
    Map<String, String[]> categorical = new LinkedHashMap<>();
    categorical.put("region", table.categories("region"));
    categorical.put("sex", table.categories("sex"));
    ConditionSynthesis synthesis =
        ConditionSynthesisFitter.fit(
            categorical, Map.of("age", table.numbers("age")), table.weights(), K);

    PreparedData released =
        SynthesisRelease.of(
            PreparedData.of(
                table,
                UnknownCategoryPolicy.OTHER,
                AtomPolicy.defaults(),
                MagnitudeTransform.DEFAULT_CLIP_FACTOR),
            table,
            K);

    assertEquals(1, synthesis.suppressedCells());
    for (ConditionSpec condition : released.conditions()) {
      if (condition instanceof CategoricalCondition shares) {
        int position = synthesis.categorical().indexOf(shares.name());
        for (int c = 0; c < shares.categories().size(); c++) {
          String category = shares.categories().get(c);
          double cells =
              synthesis.cells().stream()
                  .filter(cell -> cell.categories().get(position).equals(category))
                  .mapToDouble(ConditionSynthesis.Cell::share)
                  .sum();
          assertEquals(
              cells, shares.categoryShares().get(c), 1e-12, shares.name() + "=" + category);
        }
      }
    }
  }

  private static GenericRecord person(
      String region, String sex, double weight, SplittableRandom random) {
    GenericRecord record = new GenericData.Record(SCHEMA);
    record.put("region", region);
    record.put("sex", sex);
    record.put("age", 18.0 + random.nextInt(60));
    record.put("income", random.nextDouble() < 0.3 ? 0.0 : 1000 + 50_000 * random.nextDouble());
    record.put("w", weight);
    return record;
  }
}
