package org.flowimpute.pipelines;

import static org.flowimpute.pipelines.testing.KafkaMessages.avroBinary;
import static org.flowimpute.pipelines.testing.KafkaMessages.person;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.options.StreamingOptions;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.flowimpute.pipelines.io.RecordSources;
import org.flowimpute.pipelines.options.StreamOptions;
import org.flowimpute.pipelines.testing.AvroFiles;
import org.flowimpute.pipelines.testing.FakeModelProvider;
import org.flowimpute.pipelines.testing.KafkaBroker;
import org.flowimpute.pipelines.testing.KafkaMessages;
import org.flowimpute.pipelines.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streaming job end to end from an in-JVM Kafka broker ({@code --source kafka://...}) on the
 * embedded Flink runner: 50,000 messages over four 10-second event-time windows and three
 * partitions, 1 % of them malformed, 100 sent after their window closed. Every good record must
 * appear exactly once in the windowed output files, every other message exactly once in the dead
 * letters.
 */
class StreamPipelineKafkaTest {

  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

  /** 2026-01-01T00:00:00Z: historic event times, windows align to it. */
  private static final long T0 = 1_767_225_600_000L;

  private static final long WINDOW = 10_000L;
  private static final int PARTITIONS = 3;
  private static final int MESSAGES = 50_000;
  private static final int MALFORMED = MESSAGES / 100;
  private static final int LATE = 100;
  private static final int LAST_WINDOW = 1_400;

  @TempDir Path dir;

  @Test
  void everyGoodRecordOnceInTheOutputAndEveryOtherMessageOnceInTheDeadLetters() throws Exception {
    String topic = KAFKA.newTopic("stream-people", PARTITIONS);
    Set<String> good = new TreeSet<>();
    Map<String, String> expectedDead = new TreeMap<>();

    int firstBatch = MESSAGES - LATE - LAST_WINDOW;
    int goodInFirst = firstBatch - MALFORMED;
    List<ProducerRecord<byte[], byte[]>> first = new ArrayList<>();
    int malformed = 0;
    int[] offsets = new int[PARTITIONS];
    for (int i = 0; i < firstBatch; i++) {
      int partition = i % PARTITIONS;
      if (i % 97 == 50 && malformed < MALFORMED) {
        byte[] value = avroBinary(person("bad" + malformed, 30.0, "north", 1.0, T0));
        byte[] broken =
            malformed % 2 == 0
                ? Arrays.copyOf(value, value.length - 2)
                : Arrays.copyOf(value, value.length + 3);
        first.add(message(topic, partition, "bad" + malformed, broken));
        expectedDead.put(topic + "/" + partition + "/" + offsets[partition]++, "decode/malformed");
        malformed++;
        continue;
      }
      // three windows, times rising with i, 200 ms of jitter (within the 2 s bound)
      long time = T0 + (3 * WINDOW * i) / firstBatch + (i * 37 % 200);
      first.add(message(topic, partition, "g" + i, value("g" + i, i, time)));
      offsets[partition]++;
      good.add("g" + i);
    }
    assertEquals(MALFORMED, malformed, "the first batch holds all malformed messages");
    assertEquals(goodInFirst, good.size());
    KAFKA.produce(first);

    StreamOptions options = options(topic);
    Pipeline pipeline = Pipeline.create(options);
    StreamPipeline.build(
        pipeline,
        options,
        new FakeModelProvider(TestData.MODEL),
        RecordSources.forOptions(options, TestData.MODEL, StreamPipeline.policy(options)));
    PipelineResult result = pipeline.run();
    JobCounts counts;
    try {
      // Once the first window's file is out, the watermark of every partition is past it.
      awaitUntil(
          () -> failIfFailed(result) && windowFiles(T0) > 0, 120_000, () -> progress(result));
      List<ProducerRecord<byte[], byte[]>> second = new ArrayList<>();
      for (int i = 0; i < LATE + LAST_WINDOW; i++) {
        String id = (i < LATE ? "late" : "h") + i;
        long time = i < LATE ? T0 + 10L * i : T0 + 3 * WINDOW + 5L * i;
        int partition = i % PARTITIONS;
        second.add(message(topic, partition, id, value(id, i, time)));
        String source = topic + "/" + partition + "/" + offsets[partition]++;
        if (i < LATE) {
          expectedDead.put(source, "window/late");
        } else {
          good.add(id);
        }
      }
      KAFKA.produce(second);
      awaitUntil(
          () ->
              failIfFailed(result)
                  && output().size() >= good.size()
                  && deadLetters().size() >= expectedDead.size()
                  && JobCounts.of(result).read() >= MESSAGES,
          120_000,
          () -> progress(result));
      counts = JobCounts.of(result);
    } finally {
      result.cancel();
    }

    List<GenericRecord> output = output();
    Map<String, Long> copies =
        output.stream()
            .collect(Collectors.groupingBy(r -> r.get("id").toString(), Collectors.counting()));
    assertEquals(good, new TreeSet<>(copies.keySet()));
    assertEquals(good.size(), output.size(), "no record twice");

    Map<String, String> dead = new TreeMap<>();
    for (GenericRecord letter : deadLetters()) {
      String source = letter.get("source").toString();
      String previous = dead.put(source, letter.get("stage") + "/" + letter.get("error_class"));
      assertEquals(null, previous, "dead letter twice: " + source);
    }
    assertEquals(expectedDead, dead);

    assertEquals(MESSAGES, counts.read());
    assertEquals(MALFORMED + LATE, counts.deadLetters());
    assertTrue(counts.balanced(), counts.toString());
  }

  private List<GenericRecord> output() {
    return AvroFiles.readShards(dir.resolve("out"), "part");
  }

  private List<GenericRecord> deadLetters() {
    return AvroFiles.readShards(dir.resolve("dead"), "part");
  }

  private long windowFiles(long windowStart) {
    String start = new org.joda.time.Instant(windowStart).toString().substring(0, 19);
    try (var files = Files.list(dir.resolve("out"))) {
      return files.filter(f -> f.getFileName().toString().contains(start)).count();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private StreamOptions options(String topic) throws IOException {
    Path schema = dir.resolve("people.avsc");
    Files.writeString(schema, KafkaMessages.TIMED_PERSON.toString(true));
    StreamOptions options = PipelineOptionsFactory.create().as(StreamOptions.class);
    options.setRunner(FlinkRunner.class);
    FlinkPipelineOptions flink = options.as(FlinkPipelineOptions.class);
    flink.setFlinkMaster("[local]");
    flink.setAttachedMode(false);
    flink.setParallelism(2);
    flink.setFasterCopy(true);
    options.as(StreamingOptions.class).setStreaming(true);
    options.setModel("unused: the test passes its model");
    options.setSource("kafka://" + KAFKA.bootstrapServers() + "/" + topic);
    options.setRecordSchema(schema.toString());
    options.setTargets(dir.resolve("targets.yaml").toString());
    options.setKeyField("id");
    options.setWindow("10s");
    options.setMaxOutOfOrderness("2s");
    options.setIdleTimeout("3s");
    options.setOutput(Files.createDirectories(dir.resolve("out")).resolve("part").toString());
    options.setDeadLetterOutput(
        Files.createDirectories(dir.resolve("dead")).resolve("part").toString());
    return options;
  }

  private static byte[] value(String id, int i, long time) {
    return avroBinary(person(id, 18.0 + i % 60, TestData.REGIONS.get(i % 3), 1.0 + i % 4, time));
  }

  private static ProducerRecord<byte[], byte[]> message(
      String topic, int partition, String key, byte[] value) {
    return new ProducerRecord<>(topic, partition, key.getBytes(StandardCharsets.UTF_8), value);
  }

  private static boolean failIfFailed(PipelineResult result) {
    if (result.getState() == PipelineResult.State.FAILED) {
      result.waitUntilFinish();
    }
    return true;
  }

  private String progress(PipelineResult result) {
    return "state "
        + result.getState()
        + ", metrics "
        + JobCounts.of(result)
        + ", output "
        + output().size()
        + ", dead letters "
        + deadLetters().size();
  }

  private static void awaitUntil(
      BooleanSupplier condition, long timeoutMillis, Supplier<String> progress)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (System.currentTimeMillis() < deadline) {
      try {
        if (condition.getAsBoolean()) {
          return;
        }
      } catch (java.io.UncheckedIOException e) {
        // an output file is being renamed into place; look again
      }
      Thread.sleep(250);
    }
    throw new AssertionError(
        "outputs not complete after " + timeoutMillis + " ms: " + progress.get());
  }
}
