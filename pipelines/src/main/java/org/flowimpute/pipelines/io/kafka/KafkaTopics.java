package org.flowimpute.pipelines.io.kafka;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;

/**
 * Checks, before a streaming job starts, that the Kafka topics it reads and writes exist on brokers
 * it can reach. Without the check an unreachable broker failed the job after about 70 s of warnings
 * with "Timeout expired while fetching topic metadata" (naming neither broker nor topic), and a
 * missing output topic failed it at its first record, losing the windows still open.
 */
public final class KafkaTopics {

  /** How long the brokers have to answer. */
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  private KafkaTopics() {}

  /**
   * Refuses a job whose Kafka topics feed each other ({@link KafkaAddress#sameTopicAs}): {@code
   * --kafkaOutput} or {@code --kafkaDeadLetterOutput} naming the topic of {@code --source} (the job
   * would read what it writes: one malformed message became 361 dead letters in a minute, each read
   * back and dead-lettered again, without end), or both naming one topic (its values would be of
   * two schemas, calibrated records and {@code DeadLetter}s, and carry nothing that tells a
   * consumer which).
   *
   * @param source the {@code --source} text ({@code dir://} sources are not topics)
   * @throws IllegalArgumentException naming both options and the topic
   */
  public static void requireDistinct(String source, KafkaOptions kafka) {
    KafkaAddress read = KafkaAddress.isKafka(source) ? parse(source, "--source") : null;
    KafkaAddress output =
        kafka.getKafkaOutput() == null ? null : parse(kafka.getKafkaOutput(), "--kafkaOutput");
    KafkaAddress dead =
        kafka.getKafkaDeadLetterOutput() == null
            ? null
            : parse(kafka.getKafkaDeadLetterOutput(), "--kafkaDeadLetterOutput");
    refuseSame(
        read,
        "--source",
        output,
        "--kafkaOutput",
        "the job would read its own calibrated records back as input, without end");
    refuseSame(
        read,
        "--source",
        dead,
        "--kafkaDeadLetterOutput",
        "every dead letter would be read back, fail to decode and become another dead letter,"
            + " without end");
    refuseSame(
        output,
        "--kafkaOutput",
        dead,
        "--kafkaDeadLetterOutput",
        "the topic would hold values of two schemas (calibrated records and DeadLetter) that no"
            + " consumer can tell apart");
  }

  /**
   * An admin client of the brokers. Kafka refuses to create one when no bootstrap server's host
   * name resolves, with only "Failed to create new KafkaAdminClient": the error names the option,
   * the address and the hosts that do not resolve.
   */
  private static Admin admin(KafkaAddress address, String option) {
    int millis = (int) TIMEOUT.toMillis();
    try {
      return Admin.create(
          Map.of(
              AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, address.bootstrapServers(),
              AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis,
              AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis));
    } catch (KafkaException e) {
      List<String> unresolved = unresolvedHosts(address);
      String cause =
          unresolved.isEmpty()
              ? (e.getCause() == null ? e.getMessage() : e.getCause().getMessage())
              : "cannot resolve host " + String.join(", ", unresolved);
      throw new IllegalArgumentException(option + " " + address + ": " + cause, e);
    }
  }

  /** The host names of the bootstrap servers that do not resolve to an address. */
  private static List<String> unresolvedHosts(KafkaAddress address) {
    List<String> unresolved = new ArrayList<>();
    for (String server : address.bootstrapServers().split(",", -1)) {
      int colon = server.lastIndexOf(':');
      String host = colon < 0 ? server : server.substring(0, colon);
      try {
        InetAddress.getAllByName(host);
      } catch (UnknownHostException e) {
        unresolved.add(host);
      }
    }
    return unresolved;
  }

  /** {@code text} parsed as a Kafka address, its errors naming {@code option}. */
  public static KafkaAddress parse(String text, String option) {
    try {
      return KafkaAddress.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
    }
  }

  private static void refuseSame(
      KafkaAddress first,
      String firstOption,
      KafkaAddress second,
      String secondOption,
      String why) {
    if (first != null && second != null && first.sameTopicAs(second)) {
      throw new IllegalArgumentException(
          secondOption
              + " "
              + second
              + " is the topic of "
              + firstOption
              + " "
              + first
              + " (same topic on the same brokers): "
              + why
              + "; give "
              + secondOption
              + " a topic of its own");
    }
  }

  /**
   * Throws naming {@code option}, the brokers and the topic when the brokers do not answer within
   * {@link #TIMEOUT} or do not have the topic.
   */
  public static void requireExisting(KafkaAddress address, String option) {
    int millis = (int) TIMEOUT.toMillis();
    try (Admin admin = admin(address, option)) {
      Set<String> topics =
          new TreeSet<>(admin.listTopics().names().get(millis, TimeUnit.MILLISECONDS));
      if (!topics.contains(address.topic())) {
        throw new IllegalArgumentException(
            option
                + " "
                + address
                + ": the brokers have no topic '"
                + address.topic()
                + "' (they have "
                + topics
                + "); create it first");
      }
    } catch (TimeoutException | ExecutionException e) {
      throw new IllegalArgumentException(
          option
              + " "
              + address
              + ": the Kafka brokers "
              + address.bootstrapServers()
              + " did not answer within "
              + TIMEOUT.toSeconds()
              + " s"
              + (e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")"),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while asking the Kafka brokers", e);
    }
  }
}
