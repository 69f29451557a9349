package org.flowimpute.pipelines.io.kafka;

import static org.flowimpute.pipelines.testing.KafkaMessages.avroBinary;
import static org.flowimpute.pipelines.testing.TestData.timedPerson;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.io.kafka.KafkaTimestampType;
import org.apache.beam.sdk.io.kafka.TimestampPolicy;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.flowimpute.pipelines.stream.EventTimePolicy;
import org.flowimpute.pipelines.testing.TestData;
import org.flowimpute.pipelines.values.PayloadFormat;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestPipelineExtension.class)
class PartitionEventTimePolicyTest {

  private static final Instant BASE = Instant.parse("2026-03-01T00:00:00Z");

  /** The Kafka timestamp of every message: after all event times used here. */
  private static final Instant KAFKA_TIME = BASE.plus(Duration.standardHours(1));

  /** One-minute windows, 10 s out-of-orderness, no extra lateness, 1 min idle timeout. */
  private static final EventTimePolicy POLICY = TestData.eventTimes(Duration.standardMinutes(1));

  private static final KafkaEventTimes EVENT_TIMES =
      KafkaEventTimes.fromField(POLICY, TestData.TIMED_PERSON, PayloadFormat.AVRO);

  @Test
  void watermarkTrailsTheNewestEventTimeAndOnlyRecordsOfClosedWindowsLoseTheirEventTime() {
    PartitionEventTimePolicy policy =
        new PartitionEventTimePolicy(EVENT_TIMES, Optional.empty(), Instant.now());
    Busy busy = new Busy();

    assertEquals(at(30), policy.getTimestampForRecord(busy, message(0, 30)));
    assertEquals(at(75), policy.getTimestampForRecord(busy, message(1, 75)));
    assertEquals(at(65), policy.getWatermark(busy));
    // 50 s lies in [0, 60 s), closed at watermark 65 s: late, dated with the newest event time.
    assertEquals(at(75), policy.getTimestampForRecord(busy, message(2, 50)));
    // 62 s is out of order but its window [60 s, 120 s) is open: keeps its event time.
    assertEquals(at(62), policy.getTimestampForRecord(busy, message(3, 62)));
    // Unreadable values neither move the watermark nor get an old timestamp.
    assertEquals(at(75), policy.getTimestampForRecord(busy, malformed(4)));
    assertEquals(at(65), policy.getWatermark(busy));
  }

  @Test
  void idlePartitionsFollowTheWallClockSoTheyDoNotHoldTheJobBack() {
    Instant assigned = Instant.now().minus(Duration.standardMinutes(5));
    PartitionEventTimePolicy empty =
        new PartitionEventTimePolicy(EVENT_TIMES, Optional.empty(), assigned);
    PartitionEventTimePolicy restored =
        new PartitionEventTimePolicy(EVENT_TIMES, Optional.of(at(600)), Instant.now());
    Instant before = Instant.now().minus(POLICY.lag());

    Instant watermark = empty.getWatermark(new Busy());

    assertEquals(true, !watermark.isBefore(before), "idle watermark " + watermark);
    assertEquals(at(600), restored.getWatermark(new Busy()));
    // Late after a restore, before any event time was seen: dated by its Kafka timestamp.
    assertEquals(KAFKA_TIME, restored.getTimestampForRecord(new Busy(), message(0, 30)));
  }

  @Test
  void decodingSendsExactlyTheRecordsThePolicyFoundLateToDeadLetters(TestPipeline pipeline) {
    PartitionEventTimePolicy policy =
        new PartitionEventTimePolicy(EVENT_TIMES, Optional.empty(), Instant.now());
    Busy busy = new Busy();
    List<TimestampedValue<KafkaRecord<byte[], byte[]>>> stamped = new ArrayList<>();
    int[] seconds = {30, 75, -1, 50, 62, 5};
    for (int i = 0; i < seconds.length; i++) {
      if (seconds[i] < 0) {
        policy.getWatermark(busy);
        continue;
      }
      KafkaRecord<byte[], byte[]> message = message(i, seconds[i]);
      stamped.add(TimestampedValue.of(message, policy.getTimestampForRecord(busy, message)));
    }

    PCollectionTuple decoded =
        DecodedMessages.decode(
            pipeline, stamped, TestData.TIMED_PERSON, PayloadFormat.AVRO, EVENT_TIMES);

    PAssert.that(
            decoded
                .get(DecodeKafkaRecordsFn.RECORDS)
                .apply(
                    "Ids",
                    MapElements.into(TypeDescriptors.strings())
                        .via(r -> r.record().get("id").toString())))
        .containsInAnyOrder("m0", "m1", "m4");
    PAssert.that(DecodedMessages.reasons(decoded))
        .containsInAnyOrder(
            "people/0/3 window late event_time", "people/0/5 window late event_time");
    pipeline.run().waitUntilFinish();
  }

  /**
   * Kafka timestamps Beam cannot use (-1: none; 1e16: a producer writing microseconds, past Beam's
   * latest time) become decode dead letters with a dead-letter timestamp the runner accepts;
   * before, the reader failed with "Cannot output with timestamp".
   */
  @Test
  void unusableKafkaTimestampsBecomeDeadLettersInsteadOfFailingTheReader(TestPipeline pipeline) {
    KafkaEventTimes kafkaTimes = KafkaEventTimes.fromKafkaTimestamps(POLICY);
    PartitionEventTimePolicy policy =
        new PartitionEventTimePolicy(kafkaTimes, Optional.empty(), Instant.now());
    Busy busy = new Busy();
    long[] timestamps = {at(30).getMillis(), -1, 10_000_000_000_000_000L, at(40).getMillis()};
    List<TimestampedValue<KafkaRecord<byte[], byte[]>>> stamped = new ArrayList<>();
    for (int i = 0; i < timestamps.length; i++) {
      KafkaRecord<byte[], byte[]> message =
          record(
              i,
              timestamps[i],
              avroBinary(timedPerson("k" + i, 40.0, "north", 1.0, at(0).getMillis())));
      stamped.add(TimestampedValue.of(message, policy.getTimestampForRecord(busy, message)));
    }

    assertEquals(
        List.of(at(30), at(30), at(30), at(40)),
        stamped.stream().map(TimestampedValue::getTimestamp).toList());
    PCollectionTuple decoded =
        DecodedMessages.decode(
            pipeline, stamped, TestData.TIMED_PERSON, PayloadFormat.AVRO, kafkaTimes);
    PAssert.that(DecodedMessages.reasons(decoded))
        .containsInAnyOrder(
            "people/0/1 decode missing_field null", "people/0/2 decode malformed null");
    pipeline.run().waitUntilFinish();
  }

  private static Instant at(int seconds) {
    return BASE.plus(Duration.standardSeconds(seconds));
  }

  private static KafkaRecord<byte[], byte[]> message(int offset, int seconds) {
    return record(
        offset, avroBinary(timedPerson("m" + offset, 40.0, "north", 1.0, at(seconds).getMillis())));
  }

  private static KafkaRecord<byte[], byte[]> malformed(int offset) {
    return record(offset, new byte[] {1, 2, 3});
  }

  /**
   * A message of partition people/0 at {@code offset}, with Kafka timestamp {@link #KAFKA_TIME}.
   */
  private static KafkaRecord<byte[], byte[]> record(int offset, byte[] value) {
    return record(offset, KAFKA_TIME.getMillis(), value);
  }

  private static KafkaRecord<byte[], byte[]> record(int offset, long kafkaTime, byte[] value) {
    return new KafkaRecord<>(
        "people",
        0,
        offset,
        kafkaTime,
        KafkaTimestampType.CREATE_TIME,
        new RecordHeaders(),
        new byte[0],
        value);
  }

  /** A partition with a backlog: never idle by Kafka's measure. */
  private static final class Busy extends TimestampPolicy.PartitionContext {
    @Override
    public long getMessageBacklog() {
      return 100;
    }

    @Override
    public Instant getBacklogCheckTime() {
      return Instant.now();
    }
  }
}
