package org.flowimpute.pipelines.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import kafka.testkit.KafkaClusterTestKit;
import kafka.testkit.TestKitNodes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A one-node Kafka cluster (KRaft, combined broker and controller) running inside the test JVM, as
 * a JUnit 5 extension: register it with {@code @RegisterExtension static final KafkaBroker KAFKA =
 * new KafkaBroker();}. The first test class that needs it starts it (3–7 s); every later class of
 * the run shares it, and it stops when the run ends. Tests keep apart by using their own topics
 * ({@link #newTopic}).
 */
public final class KafkaBroker implements BeforeAllCallback {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(KafkaBroker.class);

  private Cluster cluster;

  @Override
  public void beforeAll(ExtensionContext context) {
    cluster =
        context
            .getRoot()
            .getStore(NAMESPACE)
            .getOrComputeIfAbsent("cluster", key -> Cluster.start(), Cluster.class);
  }

  /** {@code HOST:PORT} of the broker. */
  public String bootstrapServers() {
    return cluster.kit.bootstrapServers();
  }

  /**
   * Creates a topic with a unique name starting with {@code prefix} and waits until every partition
   * has a leader; returns the name. A producer that wrote to a partition before its leader was
   * known got NOT_LEADER_OR_FOLLOWER, then OUT_OF_ORDER_SEQUENCE_NUMBER on every retry, until its
   * records expired after two minutes (a loaded 2-core machine, once in a full build).
   */
  public String newTopic(String prefix, int partitions) {
    String topic = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
      awaitLeaders(admin, topic);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot create topic " + topic, e);
    }
    return topic;
  }

  private static void awaitLeaders(Admin admin, String topic) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      if (hasLeaders(admin, topic)) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("topic " + topic + " has partitions without a leader");
      }
      Thread.sleep(50);
    }
  }

  /** Whether every partition of {@code topic} has a leader; false while the topic is unknown. */
  private static boolean hasLeaders(Admin admin, String topic) throws InterruptedException {
    TopicDescription description;
    try {
      description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return false;
      }
      throw new IllegalStateException("cannot describe topic " + topic, e);
    }
    return description.partitions().stream()
        .allMatch(partition -> partition.leader() != null && partition.leader().id() >= 0);
  }

  /**
   * Sends the messages and waits until the broker acknowledged all of them. The producer is not
   * idempotent, with one request in flight per connection (so retries keep the order): even after
   * {@link #newTopic} saw every partition's leader, the broker answered the first batch of a new
   * partition NOT_LEADER_OR_FOLLOWER now and then on a loaded machine, and an idempotent producer
   * then retried with OUT_OF_ORDER_SEQUENCE_NUMBER until its records expired after two minutes (122
   * times in one full build); a plain retry succeeds once the broker knows it leads.
   */
  public void produce(List<ProducerRecord<byte[], byte[]>> messages) {
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
    config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
      List<Future<RecordMetadata>> sends = new ArrayList<>(messages.size());
      for (ProducerRecord<byte[], byte[]> message : messages) {
        sends.add(producer.send(message));
      }
      producer.flush();
      for (Future<RecordMetadata> send : sends) {
        send.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("the broker did not acknowledge a test message", e);
    }
  }

  /**
   * Reads the topic from the start until {@code count} messages arrived or {@code timeout} passed;
   * returns what arrived.
   */
  public List<ConsumerRecord<byte[], byte[]>> consume(String topic, int count, Duration timeout) {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID());
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      while (records.size() < count && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }

  /** The running cluster, closed by JUnit when the test run ends. */
  private static final class Cluster implements ExtensionContext.Store.CloseableResource {

    private final KafkaClusterTestKit kit;

    private Cluster(KafkaClusterTestKit kit) {
      this.kit = kit;
    }

    static Cluster start() {
      try {
        KafkaClusterTestKit kit =
            new KafkaClusterTestKit.Builder(
                    new TestKitNodes.Builder()
                        .setCombined(true)
                        .setNumBrokerNodes(1)
                        .setNumControllerNodes(1)
                        .build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("auto.create.topics.enable", "false")
                .build();
        kit.format();
        kit.startup();
        kit.waitForReadyBrokers();
        return new Cluster(kit);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while starting the test Kafka broker", e);
      } catch (Exception e) {
        throw new IllegalStateException("cannot start the test Kafka broker", e);
      }
    }

    @Override
    public void close() throws Exception {
      kit.close();
    }
  }
}
