package org.flowimpute.pipelines.io.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KafkaAddressTest {

  @Test
  void parsesServersAndTopic() {
    assertEquals(
        new KafkaAddress("broker-1:9092,broker-2:9093", "people.v1"),
        KafkaAddress.parse("kafka://broker-1:9092,broker-2:9093/people.v1"));
    assertEquals(
        "kafka://localhost:9092/t", KafkaAddress.parse("kafka://localhost:9092/t").toString());
  }

  @Test
  void rejectsAddressesWithoutPortOrTopicNamingTheExpectedForm() {
    for (String bad :
        new String[] {
          "kafka://localhost/people",
          "kafka://localhost:9092",
          "kafka://localhost:9092/",
          "kafka://localhost:9092/a/b",
          "dir:///tmp/x"
        }) {
      IllegalArgumentException error =
          assertThrows(IllegalArgumentException.class, () -> KafkaAddress.parse(bad), bad);
      assertTrue(error.getMessage().contains("kafka://HOST:PORT"), error.getMessage());
    }
  }

  @Test
  void refusesAPortOutOfRangeNamingIt() {
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () -> KafkaAddress.parse("kafka://localhost:99999/people"));

    assertEquals(
        "expected kafka://HOST:PORT[,HOST:PORT...]/TOPIC, got 'kafka://localhost:99999/people':"
            + " port 99999 of 'localhost:99999' is out of range 1-65535",
        error.getMessage());
    assertThrows(IllegalArgumentException.class, () -> KafkaAddress.parse("kafka://h:0/people"));
  }

  /** User information, a query or a fragment were dropped without a word. */
  @Test
  void refusesPartsThatMeanNothingToKafka() {
    assertEquals(
        "expected kafka://HOST:PORT[,HOST:PORT...]/TOPIC, got 'kafka://localhost:39092/people#x':"
            + " a fragment '#x' has no meaning in a Kafka address; remove it",
        refused("kafka://localhost:39092/people#x"));
    assertTrue(
        refused("kafka://user@localhost:39092/people")
            .endsWith(": user information 'user@' has no meaning in a Kafka address; remove it"));
    assertTrue(
        refused("kafka://user@a:1,b:2/people")
            .endsWith(": user information 'user@' has no meaning in a Kafka address; remove it"));
    assertTrue(
        refused("kafka://localhost:39092/people?acks=all")
            .endsWith(": a query '?acks=all' has no meaning in a Kafka address; remove it"));
  }

  @Test
  void theSameTopicOnAServerInCommonIsTheSameTopic() {
    KafkaAddress people = KafkaAddress.parse("kafka://Broker-1:9092,broker-2:9092/people");

    assertTrue(people.sameTopicAs(KafkaAddress.parse("kafka://broker-2:9092/people")));
    assertTrue(people.sameTopicAs(KafkaAddress.parse("kafka://broker-1:9092,b3:9092/people")));
    assertTrue(
        KafkaAddress.parse("kafka://localhost:39092/people")
            .sameTopicAs(KafkaAddress.parse("kafka://127.0.0.1:39092/people")));
    assertFalse(people.sameTopicAs(KafkaAddress.parse("kafka://broker-1:9092/people-dead")));
    assertFalse(people.sameTopicAs(KafkaAddress.parse("kafka://broker-1:9093/people")));
    assertFalse(people.sameTopicAs(KafkaAddress.parse("kafka://other:9092/people")));
  }

  private static String refused(String text) {
    return assertThrows(IllegalArgumentException.class, () -> KafkaAddress.parse(text))
        .getMessage();
  }
}
