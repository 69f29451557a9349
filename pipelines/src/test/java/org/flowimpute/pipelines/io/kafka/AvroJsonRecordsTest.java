package org.flowimpute.pipelines.io.kafka;

import static org.flowimpute.pipelines.testing.KafkaMessages.avroJson;
import static org.flowimpute.pipelines.testing.KafkaMessages.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.pipelines.values.PayloadFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every value of a Kafka Avro JSON message is checked against its field's type, and a wrong one is
 * a dead letter naming the field: Avro's JSON decoder truncated {@code 42.7} in an int field to 42,
 * kept one of two values of a key, named no field ("Expected int. Got VALUE_STRING"), refused a
 * missing field that has a default and the {@code "NaN"} its own encoder writes.
 */
class AvroJsonRecordsTest {

  private static final Schema PERSON =
      new Schema.Parser()
          .parse(
              """
              {"type": "record", "name": "Person", "namespace": "test", "fields": [
                {"name": "person_id", "type": "string"},
                {"name": "age", "type": "int"},
                {"name": "count", "type": "long"},
                {"name": "weight", "type": "double"},
                {"name": "height", "type": "float"},
                {"name": "tenure",
                 "type": {"type": "enum", "name": "Tenure", "symbols": ["owner", "renter"]}},
                {"name": "employed", "type": "boolean"},
                {"name": "income", "type": ["null", "double"], "default": null},
                {"name": "region", "type": "string", "default": "unknown"},
                {"name": "event_time", "type": "long"}
              ]}""");

  private static final String RECORD =
      "{\"person_id\": \"p1\", \"age\": 42, \"count\": 7, \"weight\": 1.5, \"height\": 1.75,"
          + " \"tenure\": \"owner\", \"employed\": true, \"income\": {\"double\": 100.0},"
          + " \"region\": \"north\", \"event_time\": 1700000000000}";

  private final PayloadDecoder json = PayloadDecoder.of(PERSON, PayloadFormat.JSON);

  @Test
  void aRecordDecodesToTheValuesItHolds() throws MalformedPayloadException {
    GenericRecord record = json.decode(utf8(RECORD));

    assertEquals("p1", record.get("person_id").toString());
    assertEquals(42, record.get("age"));
    assertEquals(7L, record.get("count"));
    assertEquals(1.5, record.get("weight"));
    assertEquals(1.75f, record.get("height"));
    assertEquals(
        new GenericData.EnumSymbol(PERSON.getField("tenure").schema(), "owner"),
        record.get("tenure"));
    assertEquals(true, record.get("employed"));
    assertEquals(100.0, record.get("income"));
    assertEquals(1_700_000_000_000L, record.get("event_time"));
    assertEquals(record, json.decode(avroJson(record)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"42.7", "4.2e1", "42.0", "2147483648", "\"42\"", "null", "[42]"})
  void anIntFieldTakesOnlyAWholeNumberInRange(String age) {
    MalformedPayloadException error = refused(RECORD.replace("\"age\": 42", "\"age\": " + age));

    assertEquals("age", error.field());
    assertTrue(
        error
            .getMessage()
            .startsWith(
                "not one Avro JSON test.Person: field 'age': expected an int (a whole number from"
                    + " -2147483648 to 2147483647), got "),
        error.getMessage());
  }

  @Test
  void aFractionInALongFieldIsNamedWithTheValue() {
    MalformedPayloadException error = refused(RECORD.replace("\"count\": 7", "\"count\": 7.5"));

    assertEquals("count", error.field());
    assertTrue(error.getMessage().endsWith("got the number 7.5"), error.getMessage());
  }

  @Test
  void aKeyTwiceIsMalformedNamingIt() {
    MalformedPayloadException error =
        refused(RECORD.replace("\"count\": 7", "\"age\": 43, \"count\": 7"));

    assertEquals("age", error.field());
    assertTrue(error.getMessage().contains("Duplicate field 'age'"), error.getMessage());
  }

  /** A value Jackson cannot parse is named; text after a complete value is not any field's. */
  @Test
  void aSyntaxErrorInAValueNamesItsField() {
    MalformedPayloadException plus = refused(RECORD.replace("\"age\": 42", "\"age\": +42"));
    MalformedPayloadException cut = refused(RECORD.substring(0, RECORD.indexOf(" \"count\"")));

    assertEquals("age", plus.field());
    assertTrue(plus.getMessage().endsWith("(in field 'age')"), plus.getMessage());
    assertNull(cut.field());
  }

  @Test
  void aWrongTypeNamesTheFieldAndWhatItExpected() {
    assertEquals(
        "not one Avro JSON test.Person: field 'weight': expected a double (a number, or \"NaN\","
            + " \"Infinity\" or \"-Infinity\"), got the string \"1.5\"",
        refused(RECORD.replace("\"weight\": 1.5", "\"weight\": \"1.5\"")).getMessage());
    assertEquals(
        "not one Avro JSON test.Person: field 'tenure': expected one of [owner, renter] (enum"
            + " Tenure), got the string \"Owner\"",
        refused(RECORD.replace("\"owner\"", "\"Owner\"")).getMessage());
    assertEquals(
        "not one Avro JSON test.Person: field 'employed': expected true or false, got the number 1",
        refused(RECORD.replace("\"employed\": true", "\"employed\": 1")).getMessage());
    assertEquals(
        "not one Avro JSON test.Person: field 'person_id': expected a string, got the number 17",
        refused(RECORD.replace("\"p1\"", "17")).getMessage());
  }

  /** Avro JSON names a union's branch: a bare value is refused with the form it should have. */
  @Test
  void aUnionValueMustNameItsBranch() {
    MalformedPayloadException bare = refused(RECORD.replace("{\"double\": 100.0}", "100.0"));
    MalformedPayloadException twoBranches =
        refused(RECORD.replace("{\"double\": 100.0}", "{\"double\": 1.0, \"null\": null}"));
    MalformedPayloadException otherBranch =
        refused(RECORD.replace("{\"double\": 100.0}", "{\"int\": 5}"));

    assertEquals("income", bare.field());
    assertEquals(
        "not one Avro JSON test.Person: field 'income': expected null or {\"double\": a double (a"
            + " number, or \"NaN\", \"Infinity\" or \"-Infinity\")}, got the number 100.0 (Avro"
            + " JSON names the branch of a union's value: {\"double\": 100.0})",
        bare.getMessage());
    assertEquals("income", twoBranches.field());
    assertTrue(
        otherBranch.getMessage().endsWith("got an object {\"int\":5}"), otherBranch.getMessage());
  }

  /**
   * A producer that does not know a nullable or defaulted field yet still writes decodable values,
   * as CSV and Avro files without it are read; a field that must have a value is missing.
   */
  @Test
  void aMissingFieldGetsItsDefaultOrNullIfItMayAndIsMissingOtherwise()
      throws MalformedPayloadException {
    GenericRecord record =
        json.decode(
            utf8(
                RECORD
                    .replace(" \"income\": {\"double\": 100.0},", "")
                    .replace(" \"region\": \"north\",", "")));
    MalformedPayloadException noAge = refused(RECORD.replace(" \"age\": 42,", ""));

    assertNull(record.get("income"));
    assertEquals("unknown", record.get("region").toString());
    assertEquals("age", noAge.field());
    assertTrue(noAge.missing());
    assertEquals(
        "not one Avro JSON test.Person: field 'age' is missing, but the record schema requires a"
            + " value (not nullable, no default)",
        noAge.getMessage());
    assertFalse(refused(RECORD.replace("42", "\"42\"")).missing());
  }

  /** What Avro's own JSON encoder writes for doubles that are not finite decodes. */
  @Test
  void theNotFiniteStringsOfAvrosJsonEncoderAreRead() throws MalformedPayloadException {
    GenericRecord written = json.decode(utf8(RECORD));
    written.put("weight", Double.NaN);
    written.put("height", Float.NEGATIVE_INFINITY);
    written.put("income", Double.POSITIVE_INFINITY);
    byte[] encoded = avroJson(written);
    String text = new String(encoded, StandardCharsets.UTF_8);

    GenericRecord read = json.decode(encoded);

    assertTrue(text.contains("\"weight\":\"NaN\""), text);
    assertTrue(Double.isNaN((Double) read.get("weight")));
    assertEquals(Float.NEGATIVE_INFINITY, read.get("height"));
    assertEquals(Double.POSITIVE_INFINITY, read.get("income"));
    assertEquals(
        "weight", refused(RECORD.replace("\"weight\": 1.5", "\"weight\": \"nan\"")).field());
  }

  @Test
  void aUtf8ByteOrderMarkIsSkipped() throws MalformedPayloadException {
    ByteArrayOutputStream withBom = new ByteArrayOutputStream();
    withBom.writeBytes(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf});
    withBom.writeBytes(utf8(RECORD));

    assertEquals(json.decode(utf8(RECORD)), json.decode(withBom.toByteArray()));
  }

  /** The event-time projection reads the one field, after checking the whole value. */
  @Test
  void aProjectionChecksTheWholeValueAndKeepsItsFields() throws MalformedPayloadException {
    Schema eventTime =
        SchemaBuilder.record("Person")
            .namespace("test")
            .fields()
            .requiredLong("event_time")
            .endRecord();
    PayloadDecoder projection = PayloadDecoder.resolving(PERSON, eventTime, PayloadFormat.JSON);

    assertEquals(1_700_000_000_000L, projection.decode(utf8(RECORD)).get("event_time"));
    assertEquals(eventTime, projection.decode(utf8(RECORD)).getSchema());
    assertThrows(
        MalformedPayloadException.class,
        () -> projection.decode(utf8(RECORD.replace("42", "42.7"))));
  }

  private MalformedPayloadException refused(String value) {
    return assertThrows(MalformedPayloadException.class, () -> json.decode(utf8(value)));
  }
}
