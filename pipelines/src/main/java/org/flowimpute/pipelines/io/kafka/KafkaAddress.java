package org.flowimpute.pipelines.io.kafka;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

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

  /** The largest TCP port. */
  static final int MAX_PORT = 65_535;

  /** Names of this machine's loopback address, which a cluster on it may be given by. */
  private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");

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
   * @throws IllegalArgumentException naming the text and the expected form; an address with user
   *     information ({@code user@}), a query ({@code ?...}) or a fragment ({@code #...}) is refused
   *     (none of them means anything to Kafka, and they were dropped without a word), and so is a
   *     port outside 1–65535
   */
  public static KafkaAddress parse(String text) {
    String expected = "expected kafka://HOST:PORT[,HOST:PORT...]/TOPIC, got '" + text + "'";
    if (!isKafka(text)) {
      throw new IllegalArgumentException(expected);
    }
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(expected + ": " + e.getMessage(), e);
    }
    String servers = uri.getRawAuthority();
    int at = servers == null ? -1 : servers.lastIndexOf('@');
    if (at >= 0) {
      throw meaningless(expected, "user information '" + servers.substring(0, at + 1) + "'");
    }
    if (uri.getRawQuery() != null) {
      throw meaningless(expected, "a query '?" + uri.getRawQuery() + "'");
    }
    if (uri.getRawFragment() != null) {
      throw meaningless(expected, "a fragment '#" + uri.getRawFragment() + "'");
    }
    String path = uri.getPath();
    if (servers == null || path == null || path.length() < 2 || path.indexOf('/', 1) >= 0) {
      throw new IllegalArgumentException(expected);
    }
    for (String server : servers.split(",", -1)) {
      int colon = server.lastIndexOf(':');
      if (colon <= 0 || !server.substring(colon + 1).matches("\\d{1,5}")) {
        throw new IllegalArgumentException(expected + ": '" + server + "' is not HOST:PORT");
      }
      int port = Integer.parseInt(server.substring(colon + 1));
      if (port < 1 || port > MAX_PORT) {
        throw new IllegalArgumentException(
            expected + ": port " + port + " of '" + server + "' is out of range 1-" + MAX_PORT);
      }
    }
    return new KafkaAddress(servers, path.substring(1));
  }

  private static IllegalArgumentException meaningless(String expected, String what) {
    return new IllegalArgumentException(
        expected + ": " + what + " has no meaning in a Kafka address; remove it");
  }

  /**
   * Whether {@code other} names the same topic on the same cluster: the same topic name and at
   * least one bootstrap server in common (host names compared in any case, {@code localhost},
   * {@code 127.0.0.1} and {@code [::1]} taken as one host). Two lists of servers of one cluster may
   * differ, but a server in common means one cluster; host names are not resolved.
   */
  public boolean sameTopicAs(KafkaAddress other) {
    if (!topic.equals(other.topic)) {
      return false;
    }
    Set<String> mine = servers();
    for (String server : other.servers()) {
      if (mine.contains(server)) {
        return true;
      }
    }
    return false;
  }

  /** The bootstrap servers as {@code host:port} in lower case, loopback hosts as one. */
  private Set<String> servers() {
    Set<String> servers = new HashSet<>();
    for (String server : bootstrapServers.split(",", -1)) {
      int colon = server.lastIndexOf(':');
      String host = colon < 0 ? server : server.substring(0, colon);
      String port = colon < 0 ? "" : server.substring(colon);
      host = host.strip().toLowerCase(Locale.ROOT);
      if (LOOPBACK.contains(host)) {
        host = "localhost";
      }
      servers.add(host + port);
    }
    return servers;
  }

  @Override
  public String toString() {
    return SCHEME + "://" + bootstrapServers + "/" + topic;
  }
}
