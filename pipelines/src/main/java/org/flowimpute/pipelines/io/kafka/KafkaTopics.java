package org.flowimpute.pipelines.io.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

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
   * Throws naming {@code option}, the brokers and the topic when the brokers do not answer within
   * {@link #TIMEOUT} or do not have the topic.
   */
  public static void requireExisting(KafkaAddress address, String option) {
    int millis = (int) TIMEOUT.toMillis();
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, address.bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis))) {
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
