package org.flowimpute.pipelines.io.kafka;

import com.fasterxml.jackson.annotation.JsonCreator;
import org.flowimpute.pipelines.values.PayloadFormat;

/**
 * The format of Kafka message values ({@code --kafkaFormat}), in any case ({@code json}): given as
 * {@link PayloadFormat}, the option took only the exact constant names and refused the others with
 * "'XML' is not of type PayloadFormat", naming neither choice.
 */
public enum KafkaFormat {
  /** Avro binary of the record schema. */
  AVRO(PayloadFormat.AVRO),
  /** Avro's JSON encoding of the record schema. */
  JSON(PayloadFormat.JSON);

  private final PayloadFormat payloadFormat;

  KafkaFormat(PayloadFormat payloadFormat) {
    this.payloadFormat = payloadFormat;
  }

  /** The format named by {@code text} in any case; Beam reads enum options through Jackson. */
  @JsonCreator
  public static KafkaFormat named(String text) {
    for (KafkaFormat format : values()) {
      if (format.name().equalsIgnoreCase(text.trim())) {
        return format;
      }
    }
    throw new IllegalArgumentException("--kafkaFormat must be AVRO or JSON, got '" + text + "'");
  }

  /** The format as dead letters and the decoder name it. */
  public PayloadFormat payloadFormat() {
    return payloadFormat;
  }
}
