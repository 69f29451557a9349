package org.flowimpute.pipelines.io.kafka;

import static org.flowimpute.pipelines.testing.KafkaMessages.avroJson;
import static org.flowimpute.pipelines.testing.KafkaMessages.utf8;
import static org.flowimpute.pipelines.testing.TestData.timedPerson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.pipelines.testing.KafkaMessages;
import org.flowimpute.pipelines.testing.TestData;
import org.flowimpute.pipelines.values.PayloadFormat;
import org.junit.jupiter.api.Test;

/**
 * Avro JSON values are one record each: Avro's JSON decoder alone stops after the first record, so
 * a value holding two records (JSON lines batched into one message) or text after the record lost
 * everything after the first record without a dead letter.
 */
class PayloadDecoderTest {

  private final PayloadDecoder json = PayloadDecoder.of(TestData.TIMED_PERSON, PayloadFormat.JSON);

  private final GenericRecord person = timedPerson("p1", 40.0, "north", 1.0, 1_000L);

  private final String record = new String(avroJson(person), StandardCharsets.UTF_8);

  @Test
  void oneJsonRecordIsDecoded() throws MalformedPayloadException {
    assertEquals(person, json.decode(utf8(" " + record + "\n")));
  }

  @Test
  void aSecondRecordOrTextAfterTheRecordIsMalformed() {
    MalformedPayloadException twoRecords =
        assertThrows(
            MalformedPayloadException.class, () -> json.decode(utf8(record + "\n" + record)));
    MalformedPayloadException trailingText =
        assertThrows(
            MalformedPayloadException.class, () -> json.decode(utf8(record + " this is not json")));

    String prefix = "not one Avro JSON " + TestData.TIMED_PERSON.getFullName() + ": ";
    assertTrue(
        twoRecords.getMessage().startsWith(prefix + "Trailing token"), twoRecords.getMessage());
    assertTrue(
        trailingText.getMessage().startsWith(prefix + "Unrecognized token 'this'"),
        trailingText.getMessage());
  }

  @Test
  void aFieldTheSchemaDoesNotHaveIsNamed() {
    String extra = record.replaceFirst("\\{", "{\"nickname\": \"x\", ");

    MalformedPayloadException error =
        assertThrows(MalformedPayloadException.class, () -> json.decode(utf8(extra)));

    assertTrue(error.getMessage().contains("unknown field 'nickname'"), error.getMessage());
  }

  /**
   * 6 bytes whose first field claims a string of 1,000,000,000 bytes: a dead letter naming Avro's
   * cap ({@code AvroLimits}, set for the tests' JVMs as for the CLI's), not an allocation of 1 GB
   * (or, on a smaller heap, an {@code OutOfMemoryError} that failed the job).
   */
  @Test
  void aDamagedLengthPrefixIsMalformedWithoutAllocatingIt() {
    PayloadDecoder binary = PayloadDecoder.of(TestData.TIMED_PERSON, PayloadFormat.AVRO);
    byte[] claimsOneGigabyte = {(byte) 0x80, (byte) 0xa8, (byte) 0xd6, (byte) 0xb9, 0x07, 'x'};

    MalformedPayloadException error =
        assertThrows(MalformedPayloadException.class, () -> binary.decode(claimsOneGigabyte));

    assertTrue(
        error.getMessage().contains("String length 1000000000 exceeds maximum allowed"),
        error.getMessage());
  }

  @Test
  void aJsonValueThatIsNotAnObjectIsMalformed() {
    MalformedPayloadException error =
        assertThrows(MalformedPayloadException.class, () -> json.decode(utf8("[" + record + "]")));

    assertTrue(
        error.getMessage().endsWith("expected a JSON object, got array"), error.getMessage());
  }

  /** Avro's message for a value cut short was only "java.io.EOFException". */
  @Test
  void aTruncatedValueSaysTheBytesEndEarly() {
    PayloadDecoder binary = PayloadDecoder.of(TestData.TIMED_PERSON, PayloadFormat.AVRO);
    byte[] value = KafkaMessages.avroBinary(person);
    byte[] truncated = Arrays.copyOf(value, value.length - 2);

    MalformedPayloadException error =
        assertThrows(MalformedPayloadException.class, () -> binary.decode(truncated));

    assertEquals(
        "not a valid Avro binary "
            + TestData.TIMED_PERSON.getFullName()
            + " ("
            + truncated.length
            + " bytes): the bytes end before the record does",
        error.getMessage());
  }
}
