package org.flowimpute.pipelines;

import static org.flowimpute.pipelines.testing.KafkaMessages.avroBinary;
import static org.flowimpute.pipelines.testing.TestData.timedPerson;
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
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.options.StreamingOptions;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.flowimpute.avro.DeadLetter;
import org.flowimpute.pipelines.io.RecordSources;
import org.flowimpute.pipelines.options.StreamOptions;
import org.flowimpute.pipelines.testing.AvroFiles;
import org.flowimpute.pipelines.testing.Await;
import org.flowimpute.pipelines.testing.FakeModelProvider;
import org.flowimpute.pipelines.testing.KafkaBroker;
import org.flowimpute.pipelines.testing.KafkaMessages;
import org.flowimpute.pipelines.testing.StreamTargets;
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
        byte[] value = avroBinary(timedPerson("bad" + malformed, 30.0, "north", 1.0, T0));
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
    options.setIdleTimeout("0s");
    String imputedTopic = KAFKA.newTopic("stream-imputed", 1);
    String deadTopic = KAFKA.newTopic("stream-dead", 1);
    options.setKafkaOutput("kafka://" + KAFKA.bootstrapServers() + "/" + imputedTopic);
    options.setKafkaDeadLetterOutput("kafka://" + KAFKA.bootstrapServers() + "/" + deadTopic);
    Pipeline pipeline = Pipeline.create(options);
    Schema outputSchema =
        StreamPipeline.build(
            pipeline,
            options,
            new FakeModelProvider(TestData.MODEL),
            RecordSources.forOptions(options, TestData.MODEL, StreamPipeline.policy(options)));
    PipelineResult result = pipeline.run();
    int windows = 4;
    try {
      // Once the first window's file is out, the watermark of every partition is past it.
      Await.until(
          () -> failIfFailed(result) && windowFiles(T0) > 0, 180_000, () -> progress(result));
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
      // Idle timeout off (historic event times would make every record after a pause late): one
      // record per partition a minute later moves the watermark past the last window.
      for (int p = 0; p < PARTITIONS; p++) {
        second.add(message(topic, p, "sentinel" + p, value("sentinel" + p, p, T0 + 60_000L)));
      }
      KAFKA.produce(second);
      Await.until(
          () ->
              failIfFailed(result)
                  && output().size() >= good.size()
                  && deadLetters().size() >= expectedDead.size()
                  && reports().size() >= windows,
          180_000,
          () -> progress(result));
    } finally {
      result.cancel();
    }

    List<GenericRecord> output = output();
    assertEachGoodRecordOnce(good, output);

    Map<String, String> dead = new TreeMap<>();
    for (GenericRecord letter : deadLetters()) {
      String source = letter.get("source").toString();
      String previous = dead.put(source, letter.get("stage") + "/" + letter.get("error_class"));
      assertEquals(null, previous, "dead letter twice: " + source);
    }
    assertEquals(expectedDead, dead);

    assertWindowsMeetTargets(output, windows);

    // Kafka sinks: at least once, so compare the sets of keys and sources
    Set<String> keys = new TreeSet<>();
    for (var message : KAFKA.consume(imputedTopic, good.size(), java.time.Duration.ofSeconds(60))) {
      GenericRecord record = KafkaMessages.decode(message.value(), outputSchema);
      assertEquals(
          record.get("record_key").toString(), new String(message.key(), StandardCharsets.UTF_8));
      keys.add(record.get("id").toString());
    }
    assertEquals(good, keys, "every calibrated record on the output topic");
    Set<String> deadSources = new TreeSet<>();
    for (var message :
        KAFKA.consume(deadTopic, expectedDead.size(), java.time.Duration.ofSeconds(60))) {
      deadSources.add(
          KafkaMessages.decode(message.value(), DeadLetter.getClassSchema())
              .get("source")
              .toString());
    }
    assertEquals(expectedDead.keySet(), deadSources, "every dead letter on the dead-letter topic");

    // Beam metrics are not readable from a detached embedded Flink job: count the files instead.
    assertEquals(
        MESSAGES, output.size() + dead.size(), "every message once, record or dead letter");
  }

  /**
   * Stops the job mid-stream (one window written, the next one half-read and held in Flink state),
   * then starts it again from its last retained checkpoint: the restored source resumes at the
   * checkpointed offsets and the restored windows keep what was read before, so every record is
   * written exactly once across both runs. Without the restore, a job that committed offsets would
   * lose the half-read window's records read before the stop (a fresh job starts after the
   * committed offsets); this one commits none (its checkpoint directory is set in its Flink
   * configuration, not by {@code --checkpointDir}), so it would write the first window again.
   */
  @Test
  void aJobRestoredFromItsCheckpointNeitherLosesNorDuplicatesRecords() throws Exception {
    String topic = KAFKA.newTopic("restart-people", PARTITIONS);
    Set<String> good = new TreeSet<>();
    List<ProducerRecord<byte[], byte[]>> before = new ArrayList<>();
    // windows 0 and the first half of 1 before the stop
    for (int i = 0; i < 3_000; i++) {
      long time = T0 + (15_000L * i) / 3_000;
      before.add(message(topic, i % PARTITIONS, "r" + i, value("r" + i, i, time)));
      good.add("r" + i);
    }
    KAFKA.produce(before);
    Path checkpoints = Files.createDirectories(dir.resolve("checkpoints"));

    StreamOptions first = checkpointed(options(topic), flinkConf("first", checkpoints, null));
    first.setIdleTimeout("0s");
    PipelineResult firstRun = run(first);
    Path checkpoint;
    try {
      Await.until(
          () -> failIfFailed(firstRun) && windowFiles(T0) > 0, 180_000, () -> progress(firstRun));
      int afterWindow = latestCheckpointNumber(checkpoints);
      Await.until(
          () -> latestCheckpointNumber(checkpoints) > afterWindow,
          60_000,
          () -> "no checkpoint after " + afterWindow);
    } finally {
      firstRun.cancel();
    }
    // cancel() returns once the job is cancelled; its embedded cluster then shuts down
    checkpoint = latestCheckpoint(checkpoints);
    assertTrue(output().size() < good.size(), "stopped mid-stream: " + output().size());

    List<ProducerRecord<byte[], byte[]>> after = new ArrayList<>();
    // the rest of window 1 and window 2, produced while the job was down
    for (int i = 3_000; i < 5_000; i++) {
      long time = T0 + 15_000L + (15_000L * (i - 3_000)) / 2_000;
      after.add(message(topic, i % PARTITIONS, "r" + i, value("r" + i, i, time)));
      good.add("r" + i);
    }
    // The restored source is the checkpointed one, idle timeout included (never): one record per
    // partition a minute later moves the watermark past window 2. Its own window stays open.
    for (int p = 0; p < PARTITIONS; p++) {
      after.add(message(topic, p, "sentinel" + p, value("sentinel" + p, p, T0 + 60_000L)));
    }
    KAFKA.produce(after);

    StreamOptions second =
        checkpointed(options(topic), flinkConf("second", checkpoints, checkpoint));
    PipelineResult secondRun = run(second);
    try {
      Await.until(
          () ->
              failIfFailed(secondRun)
                  && output().size() >= good.size()
                  && windowFiles(T0 + 2 * WINDOW) > 0,
          180_000,
          () -> progress(secondRun));
    } finally {
      secondRun.cancel();
    }

    assertEachGoodRecordOnce(good, output());
  }

  /**
   * Without a checkpoint directory the embedded cluster keeps its checkpoints in memory, so the job
   * commits no offsets although it checkpoints every 200 ms: a rerun after a failure starts at
   * {@code --kafkaStartOffset} again. Committed at those checkpoints, a run that failed and wrote
   * no file had committed all its 2,000 messages, and its rerun read none.
   */
  @Test
  void aJobWithoutACheckpointDirectoryCommitsNoOffsets() throws Exception {
    String topic = KAFKA.newTopic("uncommitted-people", 1);
    List<ProducerRecord<byte[], byte[]>> messages = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      messages.add(message(topic, 0, "u" + i, value("u" + i, i, T0 + 100L * i)));
    }
    messages.add(message(topic, 0, "sentinel", value("sentinel", 0, T0 + 60_000L)));
    KAFKA.produce(messages);
    StreamOptions options = options(topic);
    options.setIdleTimeout("0s");
    options.setKafkaGroup("group-" + topic);
    options.as(FlinkPipelineOptions.class).setCheckpointingInterval(200L);

    PipelineResult result = run(options);
    try {
      Await.until(
          () -> failIfFailed(result) && windowFiles(T0) > 0, 180_000, () -> progress(result));
      // several checkpoints after every message was read: each finalized one used to commit
      Thread.sleep(1_500);
    } finally {
      result.cancel();
    }

    assertEquals(30, output().size());
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
      assertEquals(
          Map.of(),
          admin.listConsumerGroupOffsets("group-" + topic).partitionsToOffsetAndMetadata().get(),
          "offsets committed to the job's consumer group");
    }
  }

  private PipelineResult run(StreamOptions options) {
    Pipeline pipeline = Pipeline.create(options);
    StreamPipeline.build(
        pipeline,
        options,
        new FakeModelProvider(TestData.MODEL),
        RecordSources.forOptions(options, TestData.MODEL, StreamPipeline.policy(options)));
    return pipeline.run();
  }

  /** Checkpoints every 500 ms, kept when the job is cancelled. */
  private static StreamOptions checkpointed(StreamOptions options, Path flinkConf) {
    FlinkPipelineOptions flink = options.as(FlinkPipelineOptions.class);
    flink.setCheckpointingInterval(500L);
    flink.setExternalizedCheckpointsEnabled(true);
    flink.setRetainExternalizedCheckpointsOnCancellation(true);
    flink.setFlinkConfDir(flinkConf.toString());
    return options;
  }

  /**
   * A Flink configuration directory: checkpoints under {@code checkpoints}, and restore from {@code
   * restore} if given. Beam's {@code --savepointPath} applies to remote clusters only; the embedded
   * cluster reads {@code execution.savepoint.path} from its configuration.
   */
  private Path flinkConf(String name, Path checkpoints, Path restore) throws IOException {
    Path conf = Files.createDirectories(dir.resolve("flink-conf-" + name));
    StringBuilder text =
        new StringBuilder("state.checkpoints.dir: ").append(checkpoints.toUri()).append('\n');
    if (restore != null) {
      text.append("execution.savepoint.path: ").append(restore.toUri()).append('\n');
    }
    Files.writeString(conf.resolve("flink-conf.yaml"), text);
    return conf;
  }

  private static int latestCheckpointNumber(Path checkpoints) {
    Path latest = latestCheckpoint(checkpoints);
    return latest == null
        ? -1
        : Integer.parseInt(latest.getFileName().toString().substring("chk-".length()));
  }

  /** The newest completed checkpoint ({@code <job>/chk-N} holding {@code _metadata}), or null. */
  private static Path latestCheckpoint(Path checkpoints) {
    try (var files = Files.walk(checkpoints, 3)) {
      return files
          .filter(f -> f.getFileName().toString().equals("_metadata"))
          .map(Path::getParent)
          .filter(d -> d.getFileName().toString().startsWith("chk-"))
          .max(
              java.util.Comparator.comparingInt(
                  d -> Integer.parseInt(d.getFileName().toString().substring(4))))
          .orElse(null);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Per window: calibrated counts by region and mean age meet the targets; reports converged. */
  private void assertWindowsMeetTargets(List<GenericRecord> output, int windows) {
    Map<Long, List<GenericRecord>> byWindow = StreamTargets.byWindow(output, T0, WINDOW);
    assertEquals(windows, byWindow.size(), "windows " + byWindow.keySet());
    for (List<GenericRecord> window : byWindow.values()) {
      StreamTargets.assertWindowMeetsTargets(window);
    }
    List<GenericRecord> reports = reports();
    assertEquals(windows, reports.size());
    for (GenericRecord report : reports) {
      assertEquals(true, report.get("converged"), report.toString());
    }
  }

  private List<GenericRecord> reports() {
    return AvroFiles.readShards(dir.resolve("reports"), "part");
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
    Files.writeString(schema, TestData.TIMED_PERSON.toString(true));
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
    options.setTargets(StreamTargets.write(dir.resolve("targets.yaml")).toString());
    options.setTargetsRefresh("2s");
    options.setReportOutput(
        Files.createDirectories(dir.resolve("reports")).resolve("part").toString());
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
    return avroBinary(
        timedPerson(id, 18.0 + i % 60, TestData.REGIONS.get(i % 3), 1.0 + i % 4, time));
  }

  /** Nothing lost, nothing written twice: every good id exactly once in {@code output}. */
  private static void assertEachGoodRecordOnce(Set<String> good, List<GenericRecord> output) {
    Map<String, Long> copies =
        output.stream()
            .collect(Collectors.groupingBy(r -> r.get("id").toString(), Collectors.counting()));
    assertEquals(good, new TreeSet<>(copies.keySet()), "nothing lost");
    assertEquals(good.size(), output.size(), "nothing written twice");
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
        + ", output "
        + output().size()
        + ", dead letters "
        + deadLetters().size();
  }
}
