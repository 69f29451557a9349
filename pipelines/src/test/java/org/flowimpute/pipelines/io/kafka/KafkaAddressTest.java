package org.flowimpute.pipelines.io.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
