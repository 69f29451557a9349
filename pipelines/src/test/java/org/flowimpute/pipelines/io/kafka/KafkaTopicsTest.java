package org.flowimpute.pipelines.io.kafka;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.beam.sdk.options.PipelineOptionsFactory;
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

  /**
   * A bootstrap host that does not resolve: Kafka said only "Failed to create new
   * KafkaAdminClient".
   */
  @Test
  void aHostThatDoesNotResolveIsNamed() {
    KafkaAddress nowhere = new KafkaAddress("nosuchhost.invalid:9092", "x");

    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () -> KafkaTopics.requireExisting(nowhere, "--kafkaDeadLetterOutput"));

    assertEquals(
        "--kafkaDeadLetterOutput kafka://nosuchhost.invalid:9092/x: cannot resolve host"
            + " nosuchhost.invalid",
        error.getMessage());
  }

  /** A dead-letter topic that is the source: one bad message became dead letters without end. */
  @Test
  void anOutputThatIsTheSourceTopicIsRefusedNamingBothOptions() {
    KafkaOptions kafka = PipelineOptionsFactory.create().as(KafkaOptions.class);
    kafka.setKafkaDeadLetterOutput("kafka://127.0.0.1:39092/people");

    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () -> KafkaTopics.requireDistinct("kafka://localhost:39092/people", kafka));

    assertEquals(
        "--kafkaDeadLetterOutput kafka://127.0.0.1:39092/people is the topic of --source"
            + " kafka://localhost:39092/people (same topic on the same brokers): every dead letter"
            + " would be read back, fail to decode and become another dead letter, without end;"
            + " give --kafkaDeadLetterOutput a topic of its own",
        error.getMessage());

    kafka.setKafkaDeadLetterOutput(null);
    kafka.setKafkaOutput("kafka://localhost:39092/people");
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> KafkaTopics.requireDistinct("kafka://localhost:39092/people", kafka))
            .getMessage()
            .startsWith("--kafkaOutput kafka://localhost:39092/people is the topic of --source"));
  }

  @Test
  void oneTopicForRecordsAndDeadLettersIsRefused() {
    KafkaOptions kafka = PipelineOptionsFactory.create().as(KafkaOptions.class);
    kafka.setKafkaOutput("kafka://b:9092/out");
    kafka.setKafkaDeadLetterOutput("kafka://b:9092/out");

    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () -> KafkaTopics.requireDistinct("dir:///tmp/in", kafka));

    assertTrue(
        error
            .getMessage()
            .startsWith(
                "--kafkaDeadLetterOutput kafka://b:9092/out is the topic of --kafkaOutput"
                    + " kafka://b:9092/out"),
        error.getMessage());
    kafka.setKafkaDeadLetterOutput("kafka://b:9092/dead");
    assertDoesNotThrow(() -> KafkaTopics.requireDistinct("kafka://b:9092/in", kafka));
  }
}
