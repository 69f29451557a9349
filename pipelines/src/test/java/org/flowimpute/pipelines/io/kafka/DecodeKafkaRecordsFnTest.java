package org.flowimpute.pipelines.io.kafka;

import static org.flowimpute.pipelines.testing.KafkaMessages.utf8;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.io.kafka.KafkaTimestampType;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.flowimpute.pipelines.testing.TestData;
import org.flowimpute.pipelines.values.PayloadFormat;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Dead letters of Kafka Avro JSON values name the field they are wrong in (the decoding step passed
 * none), and a value without its required event-time field is {@code decode/missing_field} as the
 * docs say (it was {@code decode/malformed} "Expected long. Got END_OBJECT").
 */
@ExtendWith(TestPipelineExtension.class)
class DecodeKafkaRecordsFnTest {

  /** A required (not nullable) event time. */
  private static final Schema EVENT =
      SchemaBuilder.record("Event")
          .namespace("test")
          .fields()
          .requiredString("id")
          .requiredInt("age")
          .requiredLong("event_time")
          .endRecord();

  private static final Instant AT = Instant.parse("2026-03-01T00:00:00Z");

  @Test
  void jsonDeadLettersNameTheirFieldAndAMissingEventTimeIsAMissingField(TestPipeline pipeline) {
    String good = "{\"id\": \"e0\", \"age\": 42, \"event_time\": " + AT.getMillis() + "}";
    List<TimestampedValue<KafkaRecord<byte[], byte[]>>> messages =
        List.of(
            TimestampedValue.of(message(0, good), AT),
            TimestampedValue.of(message(1, good.replace("42", "42.7")), AT),
            TimestampedValue.of(message(2, "{\"id\": \"e2\", \"age\": 42}"), AT),
            TimestampedValue.of(message(3, good.replace("\"age\": 42,", "")), AT));
    KafkaEventTimes eventTimes =
        KafkaEventTimes.fromField(
            TestData.eventTimes(Duration.standardMinutes(1)), EVENT, PayloadFormat.JSON);

    PCollectionTuple decoded =
        DecodedMessages.decode(pipeline, messages, EVENT, PayloadFormat.JSON, eventTimes);

    PAssert.that(
            decoded
                .get(DecodeKafkaRecordsFn.RECORDS)
                .apply(
                    "Ids",
                    MapElements.into(TypeDescriptors.strings())
                        .via(r -> r.record().get("id").toString())))
        .containsInAnyOrder("e0");
    PAssert.that(DecodedMessages.reasons(decoded))
        .containsInAnyOrder(
            "events/0/1 decode malformed age",
            "events/0/2 decode missing_field event_time",
            "events/0/3 decode malformed age");
    pipeline.run().waitUntilFinish();
  }

  private static KafkaRecord<byte[], byte[]> message(int offset, String value) {
    return new KafkaRecord<>(
        "events",
        0,
        offset,
        AT.getMillis(),
        KafkaTimestampType.CREATE_TIME,
        new RecordHeaders(),
        new byte[0],
        utf8(value));
  }
}
