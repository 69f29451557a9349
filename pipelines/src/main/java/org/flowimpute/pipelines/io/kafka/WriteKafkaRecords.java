package org.flowimpute.pipelines.io.kafka;

import java.util.Map;
import java.util.Objects;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.kafka.KafkaIO;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.flowimpute.avro.DeadLetter;
import org.flowimpute.pipelines.transforms.OutputSchema;

/**
 * Writes records to a Kafka topic: value = Avro binary with the record's schema (consumers decode
 * it with the output schema file, as {@link ReadKafkaRecords} does), key = the record key.
 *
 * <p><b>Delivery: at least once, idempotent by key.</b> The producer is idempotent ({@code
 * enable.idempotence}, {@code acks=all}), so broker retries never duplicate a message; but when the
 * pipeline restarts from a checkpoint, records processed after that checkpoint are produced again.
 * Because imputation is deterministic (noise keyed by seed, model id and record key), a replayed
 * record has the same key and the same value as the first copy: consumers that keep the last value
 * per key (a compacted topic, an upsert into a table) see every record exactly once.
 *
 * <pre>{@code
 * imputed.apply("WriteImputedToKafka",
 *     WriteKafkaRecords.imputed(KafkaAddress.parse("kafka://broker:9092/people-imputed")));
 * deadLetters.apply("WriteDeadLettersToKafka",
 *     WriteKafkaRecords.deadLetters(KafkaAddress.parse("kafka://broker:9092/people-dead")));
 * }</pre>
 *
 * <p>Steps: {@code EncodeValues} ({@link EncodeAvroValuesFn}), {@code WriteToKafka} (KafkaIO).
 */
public final class WriteKafkaRecords<T extends GenericRecord>
    extends PTransform<PCollection<T>, PDone> {

  private final KafkaAddress address;
  private final SerializableFunction<T, String> keyOf;

  private WriteKafkaRecords(KafkaAddress address, SerializableFunction<T, String> keyOf) {
    this.address = Objects.requireNonNull(address, "address");
    this.keyOf = keyOf;
  }

  /** Imputed records (output schema), keyed by their {@code record_key} field. */
  public static WriteKafkaRecords<GenericRecord> imputed(KafkaAddress address) {
    return new WriteKafkaRecords<>(
        address, record -> String.valueOf(record.get(OutputSchema.RECORD_KEY)));
  }

  /** Dead letters (DeadLetter schema), keyed by record key if known, else by source. */
  public static WriteKafkaRecords<DeadLetter> deadLetters(KafkaAddress address) {
    return new WriteKafkaRecords<>(
        address,
        letter ->
            letter.getRecordKey() != null
                ? letter.getRecordKey().toString()
                : letter.getSource().toString());
  }

  @Override
  public PDone expand(PCollection<T> records) {
    return records
        .apply("EncodeValues", ParDo.of(new EncodeAvroValuesFn<>(keyOf)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), ByteArrayCoder.of()))
        .apply(
            "WriteToKafka",
            KafkaIO.<String, byte[]>write()
                .withBootstrapServers(address.bootstrapServers())
                .withTopic(address.topic())
                .withKeySerializer(StringSerializer.class)
                .withValueSerializer(ByteArraySerializer.class)
                .withProducerConfigUpdates(
                    Map.of(
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true)));
  }
}
