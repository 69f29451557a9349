package org.flowimpute.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.TaskManagerOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded cluster's generated configuration, and when there is none. */
class EmbeddedFlinkConfigTest {

  @TempDir Path dir;

  @Test
  void embeddedFlinkGetsPipelinedExchangesAndAFixedManagedMemorySize() {
    FlinkPipelineOptions options = embedded(2);

    EmbeddedFlinkConfig.forBatch(options);

    Configuration loaded = GlobalConfiguration.loadConfiguration(options.getFlinkConfDir());
    assertEquals("false", loaded.toMap().get("security.delegation.tokens.enabled"));
    assertEquals("ALL_EXCHANGES_PIPELINED", loaded.toMap().get("execution.batch-shuffle-mode"));
    assertEquals("Default", loaded.toMap().get("jobmanager.scheduler"));
    long managed = loaded.get(TaskManagerOptions.MANAGED_MEMORY_SIZE).getBytes();
    long heap = Runtime.getRuntime().maxMemory();
    assertTrue(
        managed > 0 && managed <= 0.4 * heap,
        "managed memory " + managed + " should be a share of the heap " + heap);
  }

  /**
   * A job that groups no records sorts only its sinks' file lists: a few MiB of managed memory per
   * slot, not a share of the heap that Flink allocates page by page in every job.
   */
  @Test
  void onlyJobsThatGroupRecordsGetAShareOfTheHeapAsManagedMemory() {
    FlinkPipelineOptions persons = embedded(2);
    FlinkPipelineOptions households = embedded(2);

    EmbeddedFlinkConfig.forBatch(persons, false);
    EmbeddedFlinkConfig.forBatch(households, true);

    long share = EmbeddedFlinkConfig.managedMemoryBytes();
    assertEquals(
        Math.min(share, 2 * EmbeddedFlinkConfig.UNGROUPED_MANAGED_BYTES_PER_SLOT),
        managedMemory(persons));
    long grouped = managedMemory(households);
    assertTrue(
        grouped > 0.9 * share && grouped <= Runtime.getRuntime().maxMemory() * 0.4,
        "managed memory " + grouped + " should be about " + share);
  }

  /**
   * Network buffers grow with the square of the parallelism: 2,048 (Flink's embedded default) made
   * every batch job at parallelism 16 fail and a stream at 12 stall.
   */
  @Test
  void networkMemoryGrowsWithTheSquareOfTheParallelism() {
    FlinkPipelineOptions batch = embedded(16);
    FlinkPipelineOptions stream = embedded(16);
    FlinkPipelineOptions byCores = embedded(-1);

    EmbeddedFlinkConfig.forBatch(batch);
    EmbeddedFlinkConfig.forStream(stream);
    EmbeddedFlinkConfig.forBatch(byCores);

    assertEquals((16 * 256 + 2048) * 32L << 10, networkMemory(batch), "batch, 16");
    assertEquals((48 * 256 + 2048) * 32L << 10, networkMemory(stream), "stream, 16");
    int cores = Runtime.getRuntime().availableProcessors();
    assertEquals((16L * cores * cores + 2048) * 32L << 10, networkMemory(byCores), "by cores");
  }

  private static FlinkPipelineOptions embedded(int parallelism) {
    FlinkPipelineOptions options = PipelineOptionsFactory.as(FlinkPipelineOptions.class);
    options.setFlinkMaster("[local]");
    options.setParallelism(parallelism);
    return options;
  }

  private static long managedMemory(FlinkPipelineOptions options) {
    Configuration loaded = GlobalConfiguration.loadConfiguration(options.getFlinkConfDir());
    return loaded.get(TaskManagerOptions.MANAGED_MEMORY_SIZE).getBytes();
  }

  /** The network memory the configuration sets, the same as its minimum and maximum. */
  private static long networkMemory(FlinkPipelineOptions options) {
    Configuration loaded = GlobalConfiguration.loadConfiguration(options.getFlinkConfDir());
    long min = loaded.get(TaskManagerOptions.NETWORK_MEMORY_MIN).getBytes();
    assertEquals(min, loaded.get(TaskManagerOptions.NETWORK_MEMORY_MAX).getBytes());
    return min;
  }

  /** Delegation tokens off: Flink's Hadoop token provider fails on Java 23 and later. */
  @Test
  void anEmbeddedStreamGetsDelegationTokensTurnedOff() {
    FlinkPipelineOptions options = embedded(2);

    EmbeddedFlinkConfig.forStream(options);

    Configuration loaded = GlobalConfiguration.loadConfiguration(options.getFlinkConfDir());
    assertEquals("false", loaded.toMap().get("security.delegation.tokens.enabled"));
  }

  /** Beam ignores --savepointPath on the embedded cluster; the configuration restores it. */
  @Test
  void anEmbeddedStreamIsRestoredFromAnExistingSavepointPath() throws Exception {
    Path checkpoint = Files.createDirectories(dir.resolve("chk-15"));
    FlinkPipelineOptions options = PipelineOptionsFactory.as(FlinkPipelineOptions.class);
    options.setFlinkMaster("[local]");
    options.setSavepointPath(checkpoint.toString());

    EmbeddedFlinkConfig.forStream(options);

    Configuration loaded = GlobalConfiguration.loadConfiguration(options.getFlinkConfDir());
    assertEquals(checkpoint.toString(), loaded.toMap().get("execution.savepoint.path"));
    assertEquals("false", loaded.toMap().get("security.delegation.tokens.enabled"));

    FlinkPipelineOptions missing = PipelineOptionsFactory.as(FlinkPipelineOptions.class);
    missing.setFlinkMaster("[local]");
    missing.setSavepointPath(dir.resolve("no-such-chk").toString());
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> EmbeddedFlinkConfig.forStream(missing));
    assertTrue(
        error
            .getMessage()
            .startsWith("--savepointPath " + dir.resolve("no-such-chk") + ": no such"),
        error.getMessage());
  }

  /**
   * Flink's configuration file cuts a line at '#': a savepoint directory named {@code chk#4} was
   * written as is and read back as {@code chk}, another (or no) directory.
   */
  @Test
  void aSavepointPathHoldingAHashIsRefused() throws Exception {
    Path checkpoint = Files.createDirectories(dir.resolve("run#2").resolve("chk-4"));
    FlinkPipelineOptions options = embedded(2);
    options.setSavepointPath(checkpoint.toString());

    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> EmbeddedFlinkConfig.forStream(options));

    assertTrue(
        error.getMessage().startsWith("--savepointPath " + checkpoint + ": a path holding '#'"),
        error.getMessage());
  }

  /**
   * A timed stream is configured twice (before its job listener is added, then by the stream
   * itself): the savepoint key is written once, as Flink's YAML config.yaml refuses a duplicate.
   */
  @Test
  void configuringAStreamTwiceWritesTheSavepointOnce() throws Exception {
    Path given = Files.createDirectories(dir.resolve("conf"));
    Files.writeString(given.resolve("config.yaml"), "parallelism.default: 2\n");
    Path checkpoint = Files.createDirectories(dir.resolve("chk-3"));
    FlinkPipelineOptions options = PipelineOptionsFactory.as(FlinkPipelineOptions.class);
    options.setFlinkMaster("[local]");
    options.setFlinkConfDir(given.toString());
    options.setSavepointPath(checkpoint.toString());

    EmbeddedFlinkConfig.forStream(options);
    EmbeddedFlinkConfig.forStream(options);

    Configuration loaded = GlobalConfiguration.loadConfiguration(options.getFlinkConfDir());
    assertEquals(checkpoint.toString(), loaded.toMap().get("execution.savepoint.path"));
    assertEquals("2", loaded.toMap().get("parallelism.default"));
  }

  @Test
  void aClusterIsLeftAlone() {
    FlinkPipelineOptions cluster = PipelineOptionsFactory.as(FlinkPipelineOptions.class);
    cluster.setFlinkMaster("127.0.0.1:8081");
    EmbeddedFlinkConfig.forBatch(cluster);
    assertNull(cluster.getFlinkConfDir());

    FlinkPipelineOptions auto = PipelineOptionsFactory.as(FlinkPipelineOptions.class);
    auto.setFlinkMaster("[auto]");
    EmbeddedFlinkConfig.forBatch(auto);
    assertNull(auto.getFlinkConfDir());
  }

  /**
   * A configuration directory given to an embedded job (streaming.md: for checkpoints) keeps its
   * settings and gets the network memory unless it sets one: without it a stream at parallelism 12
   * or more stalled.
   */
  @Test
  void aGivenConfigurationGetsNetworkMemoryUnlessItSetsOne() throws Exception {
    Path checkpoints = Files.createDirectories(dir.resolve("conf"));
    Files.writeString(checkpoints.resolve("flink-conf.yaml"), "state.checkpoints.dir: /ckpt\n");
    Path sized = Files.createDirectories(dir.resolve("sized"));
    Files.writeString(sized.resolve("flink-conf.yaml"), "taskmanager.memory.network.max: 1gb\n");

    FlinkPipelineOptions stream = embedded(16);
    stream.setFlinkConfDir(checkpoints.toString());
    EmbeddedFlinkConfig.forStream(stream);
    FlinkPipelineOptions batch = embedded(16);
    batch.setFlinkConfDir(sized.toString());
    EmbeddedFlinkConfig.forBatch(batch);

    Configuration loaded = GlobalConfiguration.loadConfiguration(stream.getFlinkConfDir());
    assertEquals("/ckpt", loaded.toMap().get("state.checkpoints.dir"));
    assertEquals((48 * 256 + 2048) * 32L << 10, networkMemory(stream));
    assertEquals(sized.toString(), batch.getFlinkConfDir());
  }

  /**
   * A parallelism whose network buffers do not fit in the direct memory Java allows is refused with
   * the largest that fits: Flink failed with an out-of-memory error it could not describe.
   */
  @Test
  void aParallelismWhoseBuffersDoNotFitIsRefused() {
    FlinkPipelineOptions options = embedded(1000);
    long budget =
        EmbeddedFlinkConfig.directMemoryLimit() - EmbeddedFlinkConfig.DIRECT_MEMORY_HEADROOM;
    int fitting = 1;
    while (EmbeddedFlinkConfig.networkMemoryBytes(fitting + 1, 48) <= budget) {
      fitting++;
    }

    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> EmbeddedFlinkConfig.forStream(options));

    assertTrue(
        error
            .getMessage()
            .startsWith("--parallelism 1000: the embedded Flink cluster needs 1,500,064 MiB"),
        error.getMessage());
    assertTrue(
        error.getMessage().contains("use a parallelism of " + fitting + " or less"),
        error.getMessage());
  }

  /**
   * A configuration's {@code parallelism.default} counts as the job's (with a comment after it, as
   * Flink reads it), and is named when it cannot fit; a value that is no number is named.
   */
  @Test
  void aConfiguredParallelismIsReadAndNamed() throws Exception {
    Path conf = Files.createDirectories(dir.resolve("wide"));
    Files.writeString(conf.resolve("flink-conf.yaml"), "parallelism.default: 1000 # wide\n");
    Path odd = Files.createDirectories(dir.resolve("odd"));
    Files.writeString(odd.resolve("flink-conf.yaml"), "parallelism.default: abc\n");
    FlinkPipelineOptions wide = embedded(-1);
    wide.setFlinkConfDir(conf.toString());
    FlinkPipelineOptions unreadable = embedded(-1);
    unreadable.setFlinkConfDir(odd.toString());

    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> EmbeddedFlinkConfig.forBatch(wide));

    assertTrue(
        error.getMessage().startsWith("parallelism.default 1000 in " + conf + ": the embedded"),
        error.getMessage());
    IllegalArgumentException notANumber =
        assertThrows(
            IllegalArgumentException.class, () -> EmbeddedFlinkConfig.forBatch(unreadable));
    assertEquals(
        "parallelism.default in " + odd + ": 'abc' is not a whole number", notANumber.getMessage());
  }

  /**
   * Flink 1.19's {@code config.yaml} may nest its keys: a nested {@code parallelism.default} and
   * network memory were not seen (the file was read line by line), so the job got network memory
   * for one slot per core on top of its own setting.
   */
  @Test
  void aNestedConfigurationIsReadAsFlinkReadsIt() throws Exception {
    Path nested = Files.createDirectories(dir.resolve("nested"));
    Files.writeString(
        nested.resolve("config.yaml"),
        "parallelism:\n  default: 3\nstate:\n  checkpoints:\n    dir: /ckpt\n");
    Path sized = Files.createDirectories(dir.resolve("sized-nested"));
    Files.writeString(
        sized.resolve("config.yaml"), "taskmanager:\n  memory:\n    network:\n      max: 1gb\n");
    FlinkPipelineOptions stream = embedded(-1);
    stream.setFlinkConfDir(nested.toString());

    EmbeddedFlinkConfig.forStream(stream);

    assertEquals(3, FlinkConfDirs.defaultParallelism(nested));
    assertTrue(FlinkConfDirs.setsNetworkMemory(sized));
    Configuration loaded = GlobalConfiguration.loadConfiguration(stream.getFlinkConfDir());
    assertEquals("/ckpt", loaded.toMap().get("state.checkpoints.dir"));
    assertEquals((48 * 9 + 2048) * 32L << 10, networkMemory(stream));
  }

  /**
   * A configuration file Flink cannot parse is named (the error said only "Error parsing YAML").
   */
  @Test
  void anUnparsableConfigurationIsNamed() throws Exception {
    Path broken = Files.createDirectories(dir.resolve("broken"));
    Files.writeString(broken.resolve("config.yaml"), "a.b: 1\na.b: 2\n");
    FlinkPipelineOptions batch = embedded(2);
    batch.setFlinkConfDir(broken.toString());

    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> EmbeddedFlinkConfig.forBatch(batch));

    assertTrue(
        error.getMessage().startsWith("the Flink configuration in " + broken + " cannot be read: "),
        error.getMessage());
  }

  /**
   * A key that is the prefix of another ({@code state.backend}, {@code state.backend.incremental})
   * is kept beside it: written as nested YAML, one of the two was lost or the job failed ("String
   * cannot be cast to Map").
   */
  @Test
  void keysThatArePrefixesOfOthersAreKept() throws Exception {
    Path given = Files.createDirectories(dir.resolve("prefixes"));
    Files.writeString(
        given.resolve("config.yaml"),
        "state.backend: rocksdb\nstate.backend.incremental: true\nenv.java.opts: -Dx=1\n"
            + "env.java.opts.taskmanager: -Dy=2\n");
    FlinkPipelineOptions stream = embedded(2);
    stream.setFlinkConfDir(given.toString());

    EmbeddedFlinkConfig.forStream(stream);

    Configuration loaded = GlobalConfiguration.loadConfiguration(stream.getFlinkConfDir());
    assertEquals("rocksdb", loaded.toMap().get("state.backend"));
    assertEquals("true", loaded.toMap().get("state.backend.incremental"));
    assertEquals("-Dx=1", loaded.toMap().get("env.java.opts"));
    assertEquals("-Dy=2", loaded.toMap().get("env.java.opts.taskmanager"));
  }

  /**
   * The copy keeps every setting of the given configuration as written, secrets included (Flink
   * hides them when it logs a configuration), and adds to its job listeners instead of replacing
   * them.
   */
  @Test
  void aCopyKeepsTheGivenSettingsAndListeners() throws Exception {
    Path given = Files.createDirectories(dir.resolve("given"));
    Files.writeString(
        given.resolve("flink-conf.yaml"),
        "security.ssl.internal.keystore-password: s3cret\n"
            + "execution.job-listeners: org.example.Audit\n"
            + "taskmanager.memory.network.min: 64mb\n");
    Files.writeString(given.resolve("log4j.properties"), "rootLogger.level = WARN\n");
    Configuration listener = new Configuration();
    listener.set(
        DeploymentOptions.JOB_LISTENERS, List.of("org.example.Audit", "org.example.Timer"));

    Path copy = FlinkConfDirs.copyWith(given, listener, "for the test");

    Configuration loaded = GlobalConfiguration.loadConfiguration(copy.toString());
    assertEquals("s3cret", loaded.toMap().get("security.ssl.internal.keystore-password"));
    assertEquals(
        List.of("org.example.Audit", "org.example.Timer"),
        loaded.get(DeploymentOptions.JOB_LISTENERS));
    assertEquals("64mb", loaded.toMap().get("taskmanager.memory.network.min"));
    assertEquals("rootLogger.level = WARN\n", Files.readString(copy.resolve("log4j.properties")));
  }
}
