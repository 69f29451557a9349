package org.flowimpute.household;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.demo.HouseholdDemoPopulation;
import org.flowimpute.encode.EncodingException;
import org.flowimpute.table.Float32Columns;
import org.junit.jupiter.api.Test;

class HouseholdContextTest {

  private static final HouseholdContext CONTEXT = HouseholdContext.standard("household_id", "age");

  @Test
  void featuresCountPersonsAdultsAndChildrenOfTheHousehold() {
    List<GenericRecord> members =
        HouseholdDemoPopulation.withSeed(1).household(findHouseholdWithChildren());
    Schema output = CONTEXT.withFeatures(HouseholdDemoPopulation.CONDITIONS);

    List<GenericRecord> withFeatures =
        CONTEXT.addFeatures(members, List.of("a", "b", "c", "d", "e", "f", "g"), output);

    long children = members.stream().filter(m -> (Integer) m.get("age") < 18).count();
    for (GenericRecord person : withFeatures) {
      assertEquals((double) members.size(), person.get("household_size"));
      assertEquals((double) children, person.get("household_children"));
      assertEquals((double) (members.size() - children), person.get("household_adults"));
    }
    assertTrue(children > 0);
  }

  @Test
  void aMemberWithoutAgeIsNamed() {
    GenericRecord member = HouseholdDemoPopulation.withSeed(1).household(0).get(0);
    member.put("age", null);

    EncodingException error =
        assertThrows(
            EncodingException.class,
            () ->
                CONTEXT.addFeatures(
                    List.of(member),
                    List.of("people.avro:3"),
                    CONTEXT.withFeatures(member.getSchema())));

    assertTrue(error.getMessage().contains("people.avro:3"), error.getMessage());
    assertTrue(error.getMessage().contains("age"), error.getMessage());
  }

  @Test
  void householdIdsAreTheirCategoryTextAndBytesAreRefused() {
    Schema schema =
        org.apache.avro.SchemaBuilder.record("Person")
            .fields()
            .name("household_id")
            .type()
            .unionOf()
            .stringType()
            .and()
            .doubleType()
            .and()
            .bytesType()
            .endUnion()
            .noDefault()
            .endRecord();
    GenericData.Record person = new GenericData.Record(schema);

    person.put("household_id", 7.0);
    assertEquals("7", CONTEXT.householdId(person, "row 1"));
    person.put("household_id", "H07");
    assertEquals("H07", CONTEXT.householdId(person, "row 1"));
    person.put("household_id", ByteBuffer.wrap(new byte[] {1, 2}));
    EncodingException error =
        assertThrows(EncodingException.class, () -> CONTEXT.householdId(person, "row 9"));
    assertTrue(error.getMessage().contains("row 9"), error.getMessage());
    assertTrue(error.getMessage().contains("household_id"), error.getMessage());
  }

  @Test
  void aFeatureReadFromTheInputKeepsItsPlaceAndTheOthersFollow() {
    Schema input =
        org.apache.avro.SchemaBuilder.record("Person")
            .fields()
            .requiredString("household_id")
            .requiredInt("household_size")
            .requiredInt("age")
            .requiredDouble("weight")
            .endRecord();

    Schema output = CONTEXT.withFeatures(input);

    assertEquals(
        List.of(
            "household_id",
            "household_size",
            "age",
            "weight",
            "household_adults",
            "household_children"),
        output.getFields().stream().map(Schema.Field::name).toList());
    assertEquals(Schema.Type.DOUBLE, output.getField("household_size").schema().getType());
  }

  @Test
  void totalsAreExactlyTheSumOverTheHousehold() {
    List<GenericRecord> members = HouseholdDemoPopulation.withSeed(1).household(3);
    Schema output =
        HouseholdTotals.withTotals(HouseholdDemoPopulation.PERSON, List.of("wage_income"));

    List<GenericRecord> totals = HouseholdTotals.addTotals(members, List.of("wage_income"), output);

    BigDecimal sum = BigDecimal.ZERO;
    for (GenericRecord member : members) {
      sum = sum.add(new BigDecimal((Double) member.get("wage_income")));
    }
    for (GenericRecord person : totals) {
      assertEquals(sum.doubleValue(), (Double) person.get("household_wage_income_total"), 0.0);
    }
  }

  /**
   * Amounts a model imputed (float32, in a marked field) are summed as CSV shows them, so that a
   * household's total in CSV is the sum of its members' cells and a one-person household's total is
   * its person's cell (until 2026-12-04 "32674.365234375" beside the person's "32674.365").
   */
  @Test
  void imputedFloat32AmountsAreSummedAsCsvShowsThem() {
    Schema marked =
        Schema.createRecord(
            "Person",
            null,
            "org.flowimpute.test",
            false,
            List.of(
                Float32Columns.mark(
                    new Schema.Field("wage_income", Schema.create(Schema.Type.DOUBLE)))));
    Schema output = HouseholdTotals.withTotals(marked, List.of("wage_income"));
    List<GenericRecord> members = new ArrayList<>();
    for (float wage : new float[] {32674.365f, 1000.3f}) {
      GenericData.Record member = new GenericData.Record(marked);
      member.put("wage_income", (double) wage);
      members.add(member);
    }

    double alone =
        (Double)
            HouseholdTotals.addTotals(members.subList(0, 1), List.of("wage_income"), output)
                .get(0)
                .get("household_wage_income_total");
    double pair =
        (Double)
            HouseholdTotals.addTotals(members, List.of("wage_income"), output)
                .get(0)
                .get("household_wage_income_total");

    assertEquals("32674.365", Double.toString(alone));
    assertEquals("33674.665", Double.toString(pair));
    assertEquals(32674.365234375, (double) 32674.365f, 0.0);
  }

  /**
   * A total is the exact sum rounded once, whatever the members' order: 1e16 + 1 - 1e16 summed in
   * that order in doubles is 0, in another order 1.
   */
  @Test
  void totalsDoNotDependOnTheMembersOrder() {
    GenericData.Record demoPerson =
        (GenericData.Record) HouseholdDemoPopulation.withSeed(1).household(3).get(0);
    List<GenericRecord> members = new ArrayList<>();
    for (double wage : new double[] {1e16, 1.0, -1e16}) {
      GenericData.Record member = new GenericData.Record(demoPerson, true);
      member.put("wage_income", wage);
      members.add(member);
    }
    Schema output =
        HouseholdTotals.withTotals(HouseholdDemoPopulation.PERSON, List.of("wage_income"));

    for (List<GenericRecord> order :
        List.of(members, List.of(members.get(1), members.get(0), members.get(2)))) {
      List<GenericRecord> totals = HouseholdTotals.addTotals(order, List.of("wage_income"), output);
      for (GenericRecord person : totals) {
        assertEquals(1.0, (Double) person.get("household_wage_income_total"), 0.0);
      }
    }
  }

  private static long findHouseholdWithChildren() {
    for (long h = 0; ; h++) {
      List<GenericRecord> members = HouseholdDemoPopulation.withSeed(1).household(h);
      if (members.size() >= 3
          && members.get(members.size() - 1).get("role").toString().equals("child")) {
        return h;
      }
    }
  }
}
