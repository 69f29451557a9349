package org.flowimpute.pipelines.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class RecordResolverTest {

  private static final Schema MILLIS =
      LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
  private static final Schema MICROS =
      LogicalTypes.timestampMicros().addToSchema(Schema.create(Schema.Type.LONG));

  /**
   * The same field as timestamp-micros where the job has timestamp-millis: Avro resolves both as
   * long and the micros were copied as millis (year 55,800). Such a value is refused naming the
   * field and both types; a null is not.
   */
  @Test
  void aTimestampOfAnotherUnitIsRefusedNamingBothTypes() throws Exception {
    Schema job = person(SchemaBuilder.unionOf().nullType().and().type(MILLIS).endUnion());
    Schema file = person(SchemaBuilder.unionOf().nullType().and().type(MICROS).endUnion());
    RecordResolver resolver = new RecordResolver(file, job, GenericData.get(), null);

    RecordResolver.Unresolvable error =
        assertThrows(
            RecordResolver.Unresolvable.class,
            () -> resolver.resolve(record(file, 1_700_000_000_000_000L)));

    assertTrue(resolver.checksValues());
    assertEquals("x", error.field());
    assertEquals(
        "field 'x' is timestamp-micros in the file's schema, but timestamp-millis in the job's"
            + " record schema: copied unchanged, its value would mean something else; write the"
            + " file with the job's type",
        error.getMessage());
    assertEquals(null, resolver.resolve(record(file, null)).get("x"));
  }

  /**
   * Decimal bytes of scale 3 were copied as scale 2 (ten times the value); a narrower one is not.
   */
  @Test
  void aDecimalOfAnotherScaleIsRefused() throws Exception {
    Schema job = person(decimal(9, 2));
    Schema scale3 = person(decimal(9, 3));
    ByteBuffer oneAndAHalf =
        new Conversions.DecimalConversion()
            .toBytes(new BigDecimal("1.500"), decimal(9, 3), LogicalTypes.decimal(9, 3));

    RecordResolver.Unresolvable error =
        assertThrows(
            RecordResolver.Unresolvable.class,
            () ->
                new RecordResolver(scale3, job, GenericData.get(), null)
                    .resolve(record(scale3, oneAndAHalf)));

    assertTrue(
        error
            .getMessage()
            .startsWith(
                "field 'x' is decimal(9,3) in the file's schema, but decimal(9,2) in the job's"
                    + " record schema"),
        error.getMessage());
    Schema narrower = person(decimal(7, 2));
    RecordResolver fits = new RecordResolver(narrower, job, GenericData.get(), null);
    assertFalse(fits.checksValues());
    Schema wider = person(decimal(12, 2));
    assertFalse(
        new RecordResolver(wider, job, GenericData.get(), null).checksValues(),
        "a wider precision of the same scale means the same values");
  }

  /**
   * A later file whose field is an array or a record where the job's is a string: each record is
   * refused by Avro's resolution (a dead letter); the logical-type check failed the whole job ("Not
   * an array") when the resolver was built.
   */
  @Test
  void aCompositeFieldWhereTheJobHasAScalarIsRefusedPerRecord() {
    Schema job = person(Schema.create(Schema.Type.STRING));
    Schema arrayType = Schema.createArray(Schema.create(Schema.Type.STRING));
    Schema recordType = SchemaBuilder.record("T").fields().requiredString("t").endRecord();
    GenericData.Record nested = new GenericData.Record(recordType);
    nested.put("t", "a");

    assertRefusedPerRecord(
        job, person(arrayType), new GenericData.Array<>(arrayType, List.of("a")));
    assertRefusedPerRecord(job, person(recordType), nested);
  }

  private static void assertRefusedPerRecord(Schema job, Schema file, Object x) {
    RecordResolver resolver = new RecordResolver(file, job, GenericData.get(), null);
    RecordResolver.Unresolvable error =
        assertThrows(RecordResolver.Unresolvable.class, () -> resolver.resolve(record(file, x)));
    assertEquals("x", error.field(), error.getMessage());
  }

  /** A logical type inside a nested record is compared too. */
  @Test
  void aNestedTimestampOfAnotherUnitIsRefused() {
    Schema job =
        person(
            SchemaBuilder.record("Inner").fields().name("t").type(MILLIS).noDefault().endRecord());
    Schema innerFile =
        SchemaBuilder.record("Inner").fields().name("t").type(MICROS).noDefault().endRecord();
    Schema file = person(innerFile);
    GenericData.Record inner = new GenericData.Record(innerFile);
    inner.put("t", 5L);

    RecordResolver.Unresolvable error =
        assertThrows(
            RecordResolver.Unresolvable.class,
            () ->
                new RecordResolver(file, job, GenericData.get(), null)
                    .resolve(record(file, inner)));

    assertTrue(
        error.getMessage().startsWith("field 'x.t' is timestamp-micros in the file's schema"),
        error.getMessage());
  }

  /**
   * The file's enum has a symbol the job's lacks: a record with a known symbol resolves (Avro
   * resolves enums by symbol); one with the extra symbol is refused naming it.
   */
  @Test
  void anEnumWithMoreSymbolsRefusesOnlyTheUnknownOnesNamingThem() throws Exception {
    Schema job = person(SchemaBuilder.enumeration("Region").symbols("north", "south"));
    Schema fileEnum = SchemaBuilder.enumeration("Region").symbols("north", "south", "atlantis");
    Schema file = person(fileEnum);
    RecordResolver resolver = new RecordResolver(file, job, GenericData.get(), null);

    GenericRecord known =
        resolver.resolve(record(file, new GenericData.EnumSymbol(fileEnum, "south")));
    RecordResolver.Unresolvable error =
        assertThrows(
            RecordResolver.Unresolvable.class,
            () -> resolver.resolve(record(file, new GenericData.EnumSymbol(fileEnum, "atlantis"))));

    assertEquals("south", known.get("x").toString());
    assertEquals(
        "field 'x' holds 'atlantis', which the job's enum Region lacks (symbols of the file's"
            + " enum it lacks: atlantis)",
        error.getMessage());
  }

  /**
   * An enum with more symbols and a double where the job has float: a record with a known symbol is
   * refused for the double, not blamed on the enum (was: "holds enum Region … requires enum Region"
   * for every record).
   */
  @Test
  void aRecordIsBlamedOnTheFieldThatFails() {
    Schema job =
        SchemaBuilder.record("Person")
            .fields()
            .name("region")
            .type(SchemaBuilder.enumeration("Region").symbols("north"))
            .noDefault()
            .requiredFloat("age")
            .endRecord();
    Schema fileEnum = SchemaBuilder.enumeration("Region").symbols("north", "atlantis");
    Schema file =
        SchemaBuilder.record("Person")
            .fields()
            .name("region")
            .type(fileEnum)
            .noDefault()
            .requiredDouble("age")
            .endRecord();
    GenericData.Record written = new GenericData.Record(file);
    written.put("region", new GenericData.EnumSymbol(fileEnum, "north"));
    written.put("age", 40.5);

    RecordResolver.Unresolvable error =
        assertThrows(
            RecordResolver.Unresolvable.class,
            () -> new RecordResolver(file, job, GenericData.get(), null).resolve(written));

    assertEquals("age", error.field());
    assertEquals(
        "field 'age' holds double in the file's schema, but the job's record schema requires"
            + " float",
        error.getMessage());
  }

  private static Schema decimal(int precision, int scale) {
    return LogicalTypes.decimal(precision, scale).addToSchema(Schema.create(Schema.Type.BYTES));
  }

  /** A record {@code Person} of {@code id} and {@code x}. */
  private static Schema person(Schema x) {
    return SchemaBuilder.record("Person")
        .fields()
        .requiredString("id")
        .name("x")
        .type(x)
        .noDefault()
        .endRecord();
  }

  private static GenericRecord record(Schema schema, Object x) {
    GenericData.Record record = new GenericData.Record(schema);
    record.put("id", "p0");
    record.put("x", x);
    return record;
  }
}
