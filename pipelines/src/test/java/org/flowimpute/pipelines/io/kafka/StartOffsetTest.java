package org.flowimpute.pipelines.io.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;

/** {@code --kafkaStartOffset} in any case; a wrong value names the option and the choices. */
class StartOffsetTest {

  @Test
  void theStartIsReadInAnyCase() {
    KafkaOptions options =
        PipelineOptionsFactory.fromArgs("--kafkaStartOffset=latest").as(KafkaOptions.class);

    assertEquals(StartOffset.LATEST, options.getKafkaStartOffset());
  }

  @Test
  void anUnknownStartNamesTheChoices() {
    RuntimeException error =
        assertThrows(
            RuntimeException.class,
            () ->
                PipelineOptionsFactory.fromArgs("--kafkaStartOffset=newest")
                    .as(KafkaOptions.class)
                    .getKafkaStartOffset());

    Throwable cause = error;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    assertTrue(
        cause.getMessage().contains("--kafkaStartOffset must be EARLIEST or LATEST, got 'newest'"),
        cause.getMessage());
  }
}
