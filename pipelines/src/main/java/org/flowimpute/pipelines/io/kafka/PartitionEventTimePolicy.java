package org.flowimpute.pipelines.io.kafka;

import java.util.Optional;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.io.kafka.TimestampPolicy;
import org.apache.beam.sdk.io.kafka.TimestampPolicyFactory;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.kafka.common.TopicPartition;
import org.flowimpute.pipelines.stream.EventTimePolicy;
import org.joda.time.Instant;

/**
 * Event time and watermark of one Kafka partition by the job's {@link EventTimePolicy}: the
 * watermark trails the partition's largest event time by the out-of-orderness bound plus the
 * allowed lateness, and follows the wall clock after the idle timeout (a partition that never
 * receives a message counts as idle from the moment it is assigned, so it does not hold the job
 * back).
 *
 * <p>A message keeps its event time as timestamp only if it is on time. A late message (its first
 * window ends at or before the partition's watermark, brought up to date before each message, so
 * lateness depends on the order of messages in the partition, not on when the runner polls the
 * watermark; never behind the watermark the runner saw, so a message that passes is never dropped
 * downstream) and a message whose event time cannot be read get the dead-letter timestamp instead:
 * the newest event time seen (before any, the Kafka timestamp), or the watermark if that is later,
 * so their dead letters are never dropped as late themselves. Since a late event time is always
 * before the watermark, "timestamp differs from event time" identifies exactly the late messages,
 * which {@link DecodeKafkaRecordsFn} turns into dead letters with reason {@code late}.
 */
final class PartitionEventTimePolicy extends TimestampPolicy<byte[], byte[]> {

  private final KafkaEventTimes eventTimes;
  private Instant maxEventTime;
  private Instant lastArrival;
  private Instant watermark;

  PartitionEventTimePolicy(
      KafkaEventTimes eventTimes, Optional<Instant> previousWatermark, Instant assignedAt) {
    this.eventTimes = eventTimes;
    this.watermark = previousWatermark.orElse(BoundedWindow.TIMESTAMP_MIN_VALUE);
    this.lastArrival = assignedAt;
  }

  /** A factory of this policy for every partition (serializable, part of the read's spec). */
  static TimestampPolicyFactory<byte[], byte[]> factory(KafkaEventTimes eventTimes) {
    return new Factory(eventTimes);
  }

  @Override
  public Instant getTimestampForRecord(
      PartitionContext context, KafkaRecord<byte[], byte[]> record) {
    Instant now = Instant.now();
    watermark = eventTimes.policy().watermark(maxEventTime, lastArrival, now, watermark);
    lastArrival = now;
    Instant eventTime = eventTimes.read(record);
    if (eventTime == null || eventTimes.policy().isLate(eventTime, watermark)) {
      return deadLetterTime(record);
    }
    if (maxEventTime == null || eventTime.isAfter(maxEventTime)) {
      maxEventTime = eventTime;
    }
    return eventTime;
  }

  @Override
  public Instant getWatermark(PartitionContext context) {
    watermark = eventTimes.policy().watermark(maxEventTime, lastArrival, Instant.now(), watermark);
    return watermark;
  }

  private Instant deadLetterTime(KafkaRecord<byte[], byte[]> record) {
    Instant reference = maxEventTime != null ? maxEventTime : kafkaTimeOrWatermark(record);
    return reference.isAfter(watermark) ? reference : watermark;
  }

  /** The message's Kafka timestamp if it is a usable time (not -1, not past Beam's latest). */
  private Instant kafkaTimeOrWatermark(KafkaRecord<byte[], byte[]> record) {
    long millis = record.getTimestamp();
    return millis >= 0 && new Instant(millis).isBefore(BoundedWindow.TIMESTAMP_MAX_VALUE)
        ? new Instant(millis)
        : watermark;
  }

  private static final class Factory implements TimestampPolicyFactory<byte[], byte[]> {

    private static final long serialVersionUID = 1L;

    private final KafkaEventTimes eventTimes;

    Factory(KafkaEventTimes eventTimes) {
      this.eventTimes = eventTimes;
    }

    @Override
    public TimestampPolicy<byte[], byte[]> createTimestampPolicy(
        TopicPartition partition, Optional<Instant> previousWatermark) {
      return new PartitionEventTimePolicy(eventTimes, previousWatermark, Instant.now());
    }
  }
}
