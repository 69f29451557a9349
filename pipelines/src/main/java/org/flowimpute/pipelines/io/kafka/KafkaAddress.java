package org.flowimpute.pipelines.io.kafka;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * A topic on a Kafka cluster, written {@code kafka://HOST:PORT[,HOST:PORT...]/TOPIC} on the command
 * line ({@code --source}, {@code --kafkaOutput}, {@code --kafkaDeadLetterOutput}).
 *
 * @param bootstrapServers {@code HOST:PORT[,HOST:PORT...]}, the consumer/producer setting
 * @param topic the topic name
 */
public record KafkaAddress(String bootstrapServers, String topic) {

  /** The URI scheme. */
  public static final String SCHEME = "kafka";

  /** Checks that both parts are present. */
  public KafkaAddress {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("a Kafka address needs HOST:PORT");
    }
    if (topic == null || topic.isBlank()) {
      throw new IllegalArgumentException("a Kafka address needs a topic");
    }
  }

  /** Whether {@code text} is a {@code kafka://} address. */
  public static boolean isKafka(String text) {
    return text != null && text.startsWith(SCHEME + "://");
  }

  /**
   * Parses {@code kafka://HOST:PORT[,HOST:PORT...]/TOPIC}.
   *
   * @throws IllegalArgumentException naming the text and the expected form
   */
  public static KafkaAddress parse(String text) {
    String expected = "expected kafka://HOST:PORT[,HOST:PORT...]/TOPIC, got '" + text + "'";
    if (!isKafka(text)) {
      throw new IllegalArgumentException(expected);
    }
    try {
      URI uri = new URI(text);
      String servers = uri.getRawAuthority();
      String path = uri.getPath();
      if (servers == null
          || path == null
          || path.length() < 2
          || path.indexOf('/', 1) >= 0
          || uri.getQuery() != null) {
        throw new IllegalArgumentException(expected);
      }
      for (String server : servers.split(",", -1)) {
        int colon = server.lastIndexOf(':');
        if (colon <= 0 || !server.substring(colon + 1).matches("\\d{1,5}")) {
          throw new IllegalArgumentException(expected + ": '" + server + "' is not HOST:PORT");
        }
      }
      return new KafkaAddress(servers, path.substring(1));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(expected + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return SCHEME + "://" + bootstrapServers + "/" + topic;
  }
}
