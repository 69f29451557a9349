package org.flowimpute.pipelines.io.kafka;

import static org.flowimpute.pipelines.testing.KafkaMessages.avroBinary;
import static org.flowimpute.pipelines.testing.KafkaMessages.avroJson;
import static org.flowimpute.pipelines.testing.KafkaMessages.utf8;
import static org.flowimpute.pipelines.testing.TestData.timedPerson;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.flowimpute.avro.DeadLetter;
import org.flowimpute.pipelines.stream.EventTimePolicy;
import org.flowimpute.pipelines.testing.KafkaBroker;
import org.flowimpute.pipelines.testing.TestData;
import org.flowimpute.pipelines.values.PayloadFormat;
import org.flowimpute.pipelines.values.SourcedRecord;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

@ExtendWith(TestPipelineExtension.class)
class ReadKafkaRecordsTest {

  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

  private static final long BASE = Instant.parse("2026-03-01T00:00:00Z").getMillis();

  /** One-hour windows: none of these tests' records is late. */
  private static final EventTimePolicy POLICY = TestData.eventTimes(Duration.standardHours(1));

  @Test
  void avroValuesDecodeWithTheirEventTimeAndMalformedOnesBecomeDeadLetters(TestPipeline pipeline) {
    String topic = KAFKA.newTopic("people", 2);
    List<ProducerRecord<byte[], byte[]>> messages = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      long eventTime = BASE + 1000L * ((i * 7) % 20);
      messages.add(
          message(
              topic,
              i % 2,
              "p" + i,
              avroBinary(timedPerson("p" + i, 30.0 + i, "north", 1.5, eventTime))));
      expected.add("p" + i + "@" + eventTime + " avro " + (30.0 + i));
    }
    byte[] good = avroBinary(timedPerson("x", 41.0, "south", 2.0, BASE));
    byte[] truncated = Arrays.copyOf(good, good.length - 3);
    byte[] trailing = Arrays.copyOf(good, good.length + 2);
    byte[] noTime = avroBinary(timedPerson("y", 41.0, "south", 2.0, null));
    messages.add(message(topic, 0, "truncated", truncated));
    messages.add(message(topic, 1, "trailing", trailing));
    messages.add(message(topic, 0, "tombstone", null));
    messages.add(message(topic, 1, "no-time", noTime));
    KAFKA.produce(messages);

    WithFailures.Result<PCollection<SourcedRecord>, DeadLetter> read =
        pipeline.apply(
            "ReadKafka",
            ReadKafkaRecords.from(
                    new KafkaAddress(KAFKA.bootstrapServers(), topic), TestData.TIMED_PERSON)
                .withPolicy(POLICY)
                .withConsumerGroup("read-test")
                .withMaxNumRecords(messages.size()));

    PAssert.that(read.output().apply("Describe", ParDo.of(new DescribeFn())))
        .containsInAnyOrder(expected);
    PAssert.that(read.failures().apply("DescribeFailures", ParDo.of(new DescribeFailureFn())))
        .containsInAnyOrder(
            "decode malformed null avro " + base64(truncated),
            "decode malformed null avro " + base64(trailing),
            "decode malformed null avro ",
            "decode missing_field event_time avro " + base64(noTime));
    PAssert.thatSingleton(read.output().apply("CountRecords", Count.globally())).isEqualTo(20L);
    PAssert.thatSingleton(read.failures().apply("CountFailures", Count.globally())).isEqualTo(4L);
    pipeline.run().waitUntilFinish();
  }

  @Test
  void eventTimeIsTheKafkaTimestampUnlessAFieldIsNamed(TestPipeline pipeline) {
    String topic = KAFKA.newTopic("stamped", 1);
    List<ProducerRecord<byte[], byte[]>> messages = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      long kafkaTime = BASE + 60_000L * i;
      byte[] value = avroBinary(timedPerson("k" + i, 50.0, "east", 1.0, BASE - 1));
      messages.add(new ProducerRecord<>(topic, 0, kafkaTime, utf8("k" + i), value));
      expected.add("k" + i + "@" + kafkaTime + " avro 50.0");
    }
    KAFKA.produce(messages);

    PCollection<SourcedRecord> records =
        pipeline
            .apply(
                "ReadKafka",
                ReadKafkaRecords.from(
                        new KafkaAddress(KAFKA.bootstrapServers(), topic), TestData.TIMED_PERSON)
                    .withPolicy(POLICY)
                    .withKafkaTimestamps()
                    .withMaxNumRecords(messages.size()))
            .output();

    PAssert.that(records.apply("Describe", ParDo.of(new DescribeFn())))
        .containsInAnyOrder(expected);
    pipeline.run().waitUntilFinish();
  }

  @Test
  void avroJsonValuesDecodeAndTextThatIsNotARecordIsADeadLetter(TestPipeline pipeline) {
    String topic = KAFKA.newTopic("json", 1);
    byte[] notJson = utf8("{\"id\": \"broken\", ");
    byte[] wrongType = utf8("{\"id\": 7}");
    KAFKA.produce(
        List.of(
            message(topic, 0, "j1", avroJson(timedPerson("j1", 33.0, "north", 1.0, BASE + 5))),
            message(topic, 0, "j2", avroJson(timedPerson("j2", null, null, 2.0, BASE + 6))),
            message(topic, 0, "bad1", notJson),
            message(topic, 0, "bad2", wrongType)));

    WithFailures.Result<PCollection<SourcedRecord>, DeadLetter> read =
        pipeline.apply(
            "ReadKafka",
            ReadKafkaRecords.from(
                    new KafkaAddress(KAFKA.bootstrapServers(), topic), TestData.TIMED_PERSON)
                .withFormat(PayloadFormat.JSON)
                .withPolicy(POLICY)
                .withMaxNumRecords(4));

    PAssert.that(read.output().apply("Describe", ParDo.of(new DescribeFn())))
        .containsInAnyOrder("j1@" + (BASE + 5) + " json 33.0", "j2@" + (BASE + 6) + " json null");
    PAssert.that(read.failures().apply("DescribeFailures", ParDo.of(new DescribeFailureFn())))
        .containsInAnyOrder(
            "decode malformed null json " + base64(notJson),
            "decode malformed id json " + base64(wrongType));
    pipeline.run().waitUntilFinish();
  }

  private static ProducerRecord<byte[], byte[]> message(
      String topic, int partition, String key, byte[] value) {
    return new ProducerRecord<>(topic, partition, key.getBytes(StandardCharsets.UTF_8), value);
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  /** {@code id@eventTimeMillis format age}, checking the payload is kept. */
  private static final class DescribeFn extends DoFn<SourcedRecord, String> {
    @ProcessElement
    public void processElement(
        @Element SourcedRecord record, @Timestamp Instant timestamp, OutputReceiver<String> out) {
      if (record.payload() == null || !record.source().matches(".+/\\d+/\\d+")) {
        throw new AssertionError("payload or source missing: " + record.source());
      }
      out.output(
          record.record().get("id")
              + "@"
              + timestamp.getMillis()
              + " "
              + record.payloadFormat().label()
              + " "
              + record.record().get("age"));
    }
  }

  /** {@code stage reason field format base64(payload)}. */
  private static final class DescribeFailureFn extends DoFn<DeadLetter, String> {
    @ProcessElement
    public void processElement(@Element DeadLetter letter, OutputReceiver<String> out) {
      byte[] payload = new byte[letter.getOriginalPayload().remaining()];
      letter.getOriginalPayload().duplicate().get(payload);
      out.output(
          letter.getStage()
              + " "
              + letter.getErrorClass()
              + " "
              + letter.getField()
              + " "
              + letter.getPayloadFormat()
              + " "
              + base64(payload));
    }
  }
}
