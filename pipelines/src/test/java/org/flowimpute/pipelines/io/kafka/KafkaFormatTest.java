package org.flowimpute.pipelines.io.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;

/** {@code --kafkaFormat} in any case; a wrong value names the option and the choices. */
class KafkaFormatTest {

  @Test
  void theFormatIsReadInAnyCase() {
    KafkaOptions options =
        PipelineOptionsFactory.fromArgs("--kafkaFormat=json").as(KafkaOptions.class);

    assertEquals(KafkaFormat.JSON, options.getKafkaFormat());
  }

  @Test
  void anUnknownFormatNamesTheChoices() {
    RuntimeException error =
        assertThrows(
            RuntimeException.class,
            () ->
                PipelineOptionsFactory.fromArgs("--kafkaFormat=XML")
                    .as(KafkaOptions.class)
                    .getKafkaFormat());

    Throwable cause = error;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    assertEquals("--kafkaFormat must be AVRO or JSON, got 'XML'", cause.getMessage());
  }
}
