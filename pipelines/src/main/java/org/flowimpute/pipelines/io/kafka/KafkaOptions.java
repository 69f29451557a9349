package org.flowimpute.pipelines.io.kafka;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Options of the streaming job's Kafka source ({@code --source kafka://HOST:PORT/TOPIC}) and Kafka
 * sinks. The record schema comes from {@code --recordSchema} ({@code --record-schema} of {@code
 * stream}), event time and windows from the stream options.
 */
public interface KafkaOptions extends PipelineOptions {

  @Description(
      "Kafka value format: AVRO (binary, writer schema = the --record-schema file; Beam option"
          + " --recordSchema) or JSON (Avro's JSON encoding of that schema), in any case.")
  @Default.Enum("AVRO")
  KafkaFormat getKafkaFormat();

  void setKafkaFormat(KafkaFormat format);

  @Description(
      "Take event time from the Kafka message timestamp (create or log-append time) instead of"
          + " the --event-time-field field (Beam option --eventTimeField).")
  @Default.Boolean(false)
  boolean getKafkaTimestamps();

  void setKafkaTimestamps(boolean kafkaTimestamps);

  @Description(
      "Kafka consumer group: offsets are committed to it after each checkpoint of a job whose"
          + " checkpoints outlive it (not on the DirectRunner, nor on embedded Flink without"
          + " --checkpointDir), and a restarted job resumes from them.")
  @Default.String(ReadKafkaRecords.DEFAULT_GROUP)
  String getKafkaGroup();

  void setKafkaGroup(String group);

  @Description(
      "Where a consumer group without committed offsets starts: EARLIEST (all retained messages)"
          + " or LATEST (only new ones).")
  @Default.Enum("EARLIEST")
  StartOffset getKafkaStartOffset();

  void setKafkaStartOffset(StartOffset start);

  @Description(
      "Also write the output records to this topic (kafka://HOST:PORT/TOPIC; Avro binary, key ="
          + " record key). At least once; idempotent by key.")
  String getKafkaOutput();

  void setKafkaOutput(String topic);

  @Description(
      "Also write dead letters to this topic (kafka://HOST:PORT/TOPIC; Avro binary of the"
          + " DeadLetter schema). At least once.")
  String getKafkaDeadLetterOutput();

  void setKafkaDeadLetterOutput(String topic);
}
