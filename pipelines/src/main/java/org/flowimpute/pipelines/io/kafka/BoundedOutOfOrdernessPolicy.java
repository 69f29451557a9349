package org.flowimpute.pipelines.io.kafka;

import java.util.Optional;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.io.kafka.TimestampPolicy;
import org.apache.beam.sdk.io.kafka.TimestampPolicyFactory;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.kafka.common.TopicPartition;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Event times and watermark of one Kafka partition, with bounded out-of-orderness: the watermark is
 * the largest event time read so far minus the maximum delay, so a record may arrive up to that
 * delay behind the newest one without being late.
 *
 * <p>Unlike Beam's {@code CustomTimestampPolicyWithLimitedDelay}, a record whose event time cannot
 * be read (a malformed value, a null time field) neither moves the watermark nor becomes late: it
 * gets the newest event time seen (or its Kafka timestamp if it is the partition's first record),
 * and goes to the dead letters. Like Beam's policy, a partition that is caught up (no backlog) and
 * has seen nothing newer for longer than the delay advances its watermark to wall-clock time minus
 * the delay, so that the last windows close when input stops. A partition that never received a
 * record holds the watermark back.
 */
final class BoundedOutOfOrdernessPolicy extends TimestampPolicy<byte[], byte[]> {

  private final EventTimeReader eventTimes;
  private final Duration maxDelay;
  private Instant maxEventTime = BoundedWindow.TIMESTAMP_MIN_VALUE;
  private Instant watermark;

  BoundedOutOfOrdernessPolicy(
      EventTimeReader eventTimes, Duration maxDelay, Optional<Instant> previousWatermark) {
    this.eventTimes = eventTimes;
    this.maxDelay = maxDelay;
    this.watermark = previousWatermark.orElse(BoundedWindow.TIMESTAMP_MIN_VALUE);
  }

  /** A factory of this policy for every partition (serializable, part of the read's spec). */
  static TimestampPolicyFactory<byte[], byte[]> factory(
      EventTimeReader eventTimes, Duration maxDelay) {
    return new Factory(eventTimes, maxDelay);
  }

  @Override
  public Instant getTimestampForRecord(
      PartitionContext context, KafkaRecord<byte[], byte[]> record) {
    Instant eventTime = eventTimes.read(record);
    if (eventTime == null) {
      if (maxEventTime.isAfter(BoundedWindow.TIMESTAMP_MIN_VALUE)) {
        return maxEventTime;
      }
      Instant kafkaTime = new Instant(record.getTimestamp());
      return kafkaTime.isAfter(watermark) ? kafkaTime : watermark;
    }
    if (eventTime.isAfter(maxEventTime)) {
      maxEventTime = eventTime;
    }
    return eventTime;
  }

  @Override
  public Instant getWatermark(PartitionContext context) {
    Instant bounded = maxEventTime.minus(maxDelay);
    if (bounded.isAfter(watermark)) {
      watermark = bounded;
      return watermark;
    }
    Instant idle = context.getBacklogCheckTime().minus(maxDelay);
    if (context.getMessageBacklog() == 0
        && maxEventTime.isAfter(BoundedWindow.TIMESTAMP_MIN_VALUE)
        && idle.isAfter(maxEventTime)
        && idle.isAfter(watermark)) {
      watermark = idle;
    }
    return watermark;
  }

  private static final class Factory implements TimestampPolicyFactory<byte[], byte[]> {

    private static final long serialVersionUID = 1L;

    private final EventTimeReader eventTimes;
    private final Duration maxDelay;

    Factory(EventTimeReader eventTimes, Duration maxDelay) {
      this.eventTimes = eventTimes;
      this.maxDelay = maxDelay;
    }

    @Override
    public TimestampPolicy<byte[], byte[]> createTimestampPolicy(
        TopicPartition partition, Optional<Instant> previousWatermark) {
      return new BoundedOutOfOrdernessPolicy(eventTimes, maxDelay, previousWatermark);
    }
  }
}
