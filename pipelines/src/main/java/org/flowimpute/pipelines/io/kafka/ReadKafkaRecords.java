package org.flowimpute.pipelines.io.kafka;

import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.beam.sdk.io.kafka.KafkaIO;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.flowimpute.avro.DeadLetter;
import org.flowimpute.pipelines.io.RecordSource;
import org.flowimpute.pipelines.stream.EventTimePolicy;
import org.flowimpute.pipelines.transforms.DeadLetters;
import org.flowimpute.pipelines.values.PayloadFormat;
import org.flowimpute.pipelines.values.SourcedRecord;
import org.flowimpute.pipelines.values.SourcedRecordCoder;

/**
 * Reads a Kafka topic whose message values are records of one Avro schema (binary, or Avro's JSON
 * encoding) as event-timestamped {@link SourcedRecord}s, plus a dead letter for every value that is
 * not a record of the schema.
 *
 * <pre>{@code
 * WithFailures.Result<PCollection<SourcedRecord>, DeadLetter> read =
 *     pipeline.apply("ReadKafka",
 *         ReadKafkaRecords.from(KafkaAddress.parse("kafka://broker:9092/people"), schema)
 *             .withPolicy(policy)
 *             .withConsumerGroup("flowimpute-people"));
 * }</pre>
 *
 * <ul>
 *   <li><b>Format:</b> the schema is the writer schema of every value (a schema file; no schema
 *       registry). Records come out with that schema; each keeps its original bytes, and its source
 *       is {@code topic/partition/offset}.
 *   <li><b>Event time:</b> the policy's record field, or the Kafka message timestamp ({@link
 *       #withKafkaTimestamps}). Each partition has its own watermark by the {@link EventTimePolicy}
 *       ({@link PartitionEventTimePolicy}); the read's watermark is the minimum over partitions.
 *       Records later than their partition's watermark allows, and records without a readable event
 *       time, are dead letters, so {@code messages read = records + dead letters}.
 *   <li><b>Offsets:</b> offsets are committed to the consumer group when the runner finalizes a
 *       checkpoint ({@code commitOffsetsInFinalize}), unless {@link #withoutOffsetCommits} (a job
 *       whose checkpoints do not outlive it, {@link OffsetCommits}); a new group starts at {@link
 *       StartOffset} ({@code EARLIEST} unless told). Values of aborted transactions are never read
 *       ({@code isolation.level=read_committed}).
 * </ul>
 *
 * <p>Steps: {@code ReadFromKafka} (KafkaIO), {@code DecodeValues} ({@link DecodeKafkaRecordsFn}).
 * Immutable: {@code withX()} returns a modified copy.
 */
public final class ReadKafkaRecords extends RecordSource {

  private static final long serialVersionUID = 1L;

  /** The consumer group unless {@link #withConsumerGroup} says otherwise. */
  public static final String DEFAULT_GROUP = "flowimpute";

  private final KafkaAddress address;
  private final String schemaJson;
  private final PayloadFormat format;
  private final EventTimePolicy policy;
  private final boolean kafkaTimestamps;
  private final String group;
  private final StartOffset startOffset;
  private final long maxNumRecords;
  private final boolean commitOffsets;

  private ReadKafkaRecords(
      KafkaAddress address,
      String schemaJson,
      PayloadFormat format,
      EventTimePolicy policy,
      boolean kafkaTimestamps,
      String group,
      StartOffset startOffset,
      long maxNumRecords,
      boolean commitOffsets) {
    this.address = Objects.requireNonNull(address, "address");
    this.schemaJson = Objects.requireNonNull(schemaJson, "schema");
    this.format = Objects.requireNonNull(format, "format");
    this.policy = policy;
    this.kafkaTimestamps = kafkaTimestamps;
    if (group == null || group.isBlank()) {
      throw new IllegalArgumentException("the consumer group must not be blank");
    }
    this.group = group;
    this.startOffset = Objects.requireNonNull(startOffset, "startOffset");
    if (maxNumRecords < 1) {
      throw new IllegalArgumentException("max records must be at least 1, got " + maxNumRecords);
    }
    this.maxNumRecords = maxNumRecords;
    this.commitOffsets = commitOffsets;
  }

  /**
   * Reads the topic at {@code address}, values Avro binary of {@code schema}, group {@value
   * #DEFAULT_GROUP}, from the earliest offset, without end; {@link #withPolicy} is required.
   */
  public static ReadKafkaRecords from(KafkaAddress address, Schema schema) {
    return new ReadKafkaRecords(
        address,
        schema.toString(),
        PayloadFormat.AVRO,
        null,
        false,
        DEFAULT_GROUP,
        StartOffset.EARLIEST,
        Long.MAX_VALUE,
        true);
  }

  /**
   * Values in {@code format}: {@link PayloadFormat#AVRO} (binary) or {@link PayloadFormat#JSON}.
   */
  public ReadKafkaRecords withFormat(PayloadFormat format) {
    PayloadDecoder.of(schema(), format);
    return new ReadKafkaRecords(
        address,
        schemaJson,
        format,
        policy,
        kafkaTimestamps,
        group,
        startOffset,
        maxNumRecords,
        commitOffsets);
  }

  /**
   * Event time, watermark and lateness by {@code policy} (required): event times from its field,
   * unless {@link #withKafkaTimestamps} says otherwise.
   */
  public ReadKafkaRecords withPolicy(EventTimePolicy policy) {
    return new ReadKafkaRecords(
        address,
        schemaJson,
        format,
        policy,
        kafkaTimestamps,
        group,
        startOffset,
        maxNumRecords,
        commitOffsets);
  }

  /**
   * Event time = the Kafka message timestamp (create time or log-append time, as the topic is
   * configured) instead of the policy's field.
   */
  public ReadKafkaRecords withKafkaTimestamps() {
    return new ReadKafkaRecords(
        address,
        schemaJson,
        format,
        policy,
        true,
        group,
        startOffset,
        maxNumRecords,
        commitOffsets);
  }

  /** The consumer group whose offsets are committed on finalize and resumed from on restart. */
  public ReadKafkaRecords withConsumerGroup(String group) {
    return new ReadKafkaRecords(
        address,
        schemaJson,
        format,
        policy,
        kafkaTimestamps,
        group,
        startOffset,
        maxNumRecords,
        commitOffsets);
  }

  /** Where a group without committed offsets starts. */
  public ReadKafkaRecords withStartOffset(StartOffset startOffset) {
    return new ReadKafkaRecords(
        address,
        schemaJson,
        format,
        policy,
        kafkaTimestamps,
        group,
        startOffset,
        maxNumRecords,
        commitOffsets);
  }

  /**
   * Stops after {@code maxNumRecords} messages (valid or not): the read becomes bounded, for
   * backfills and tests.
   */
  public ReadKafkaRecords withMaxNumRecords(long maxNumRecords) {
    return new ReadKafkaRecords(
        address,
        schemaJson,
        format,
        policy,
        kafkaTimestamps,
        group,
        startOffset,
        maxNumRecords,
        commitOffsets);
  }

  /**
   * Commits no offsets to the consumer group, for a job whose checkpoints do not outlive it ({@link
   * OffsetCommits}): a rerun starts at the group's earlier offsets or at {@link StartOffset}.
   */
  public ReadKafkaRecords withoutOffsetCommits() {
    return new ReadKafkaRecords(
        address,
        schemaJson,
        format,
        policy,
        kafkaTimestamps,
        group,
        startOffset,
        maxNumRecords,
        false);
  }

  /** Whether offsets are committed to the consumer group when the runner finalizes a checkpoint. */
  public boolean commitsOffsets() {
    return commitOffsets;
  }

  /** The schema of the values, and of the records read. */
  public Schema schema() {
    return new Schema.Parser().parse(schemaJson);
  }

  /** The topic read. */
  public KafkaAddress address() {
    return address;
  }

  /**
   * How event times are read.
   *
   * @throws IllegalStateException without a policy
   * @throws IllegalArgumentException if the schema lacks the policy's event-time field
   */
  KafkaEventTimes eventTimes() {
    if (policy == null) {
      throw new IllegalStateException("ReadKafkaRecords needs an EventTimePolicy (withPolicy)");
    }
    return kafkaTimestamps
        ? KafkaEventTimes.fromKafkaTimestamps(policy)
        : KafkaEventTimes.fromField(policy, schema(), format);
  }

  @Override
  public WithFailures.Result<PCollection<SourcedRecord>, DeadLetter> expand(PBegin begin) {
    Schema schema = schema();
    KafkaEventTimes eventTimes = eventTimes();
    KafkaIO.Read<byte[], byte[]> read =
        KafkaIO.readBytes()
            .withBootstrapServers(address.bootstrapServers())
            .withTopic(address.topic())
            .withConsumerConfigUpdates(
                Map.of(
                    ConsumerConfig.GROUP_ID_CONFIG,
                    group,
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                    startOffset.autoOffsetReset(),
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                    false,
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                    "read_committed"))
            .withTimestampPolicyFactory(PartitionEventTimePolicy.factory(eventTimes));
    if (commitOffsets) {
      read = read.commitOffsetsInFinalize();
    }
    if (maxNumRecords < Long.MAX_VALUE) {
      read = read.withMaxNumRecords(maxNumRecords);
    }
    PCollection<KafkaRecord<byte[], byte[]>> messages = begin.apply("ReadFromKafka", read);
    PCollectionTuple decoded =
        messages.apply(
            "DecodeValues",
            ParDo.of(new DecodeKafkaRecordsFn(PayloadDecoder.of(schema, format), eventTimes))
                .withOutputTags(
                    DecodeKafkaRecordsFn.RECORDS, TupleTagList.of(DecodeKafkaRecordsFn.FAILED)));
    return WithFailures.Result.of(
        decoded.get(DecodeKafkaRecordsFn.RECORDS).setCoder(SourcedRecordCoder.of(schema)),
        decoded.get(DecodeKafkaRecordsFn.FAILED).setCoder(DeadLetters.coder()));
  }
}
