package org.flowimpute.pipelines.io.kafka;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.flowimpute.pipelines.testing.KafkaBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A topic the job would read or write is checked before the job starts: a missing topic or brokers
 * that do not answer are one error naming the option, the brokers and the topic (an unreachable
 * broker took about 70 s of warnings and named neither).
 */
class KafkaTopicsTest {

  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

  @Test
  void anExistingTopicPasses() {
    String topic = KAFKA.newTopic("present", 1);

    assertDoesNotThrow(
        () ->
            KafkaTopics.requireExisting(
                new KafkaAddress(KAFKA.bootstrapServers(), topic), "--source"));
  }

  @Test
  void aMissingTopicIsNamedWithTheOption() {
    KafkaAddress missing = new KafkaAddress(KAFKA.bootstrapServers(), "no-such-topic");

    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () -> KafkaTopics.requireExisting(missing, "--kafkaDeadLetterOutput"));

    assertTrue(
        error
            .getMessage()
            .startsWith(
                "--kafkaDeadLetterOutput "
                    + missing
                    + ": the brokers have no topic 'no-such-topic' (they have ["),
        error.getMessage());
  }

  @Test
  void brokersThatDoNotAnswerAreNamed() {
    KafkaAddress unreachable = new KafkaAddress("127.0.0.1:1", "people");

    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () -> KafkaTopics.requireExisting(unreachable, "--source"));

    assertEquals(
        "--source " + unreachable + ": the Kafka brokers 127.0.0.1:1 did not answer within 10 s",
        error.getMessage().replaceFirst(" \\(.*\\)$", ""));
  }
}
