package org.flowimpute.pipelines;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.flink.api.common.BatchShuffleMode;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ClusterOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.SecurityOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.jobgraph.SavepointConfigOptions;
import org.flowimpute.pipelines.options.StreamOptions;
import org.flowimpute.pipelines.stream.CheckpointDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Configures the embedded Flink cluster of a job ({@code --flinkMaster [local]}). Beam's only hook
 * into that cluster's configuration is a configuration directory, so this writes one. Both kinds of
 * job get {@code security.delegation.tokens.enabled: false}: Flink's Hadoop delegation-token
 * provider calls {@code Subject.getSubject}, which Java 23 and later refuse ("getSubject is not
 * supported"), so every Flink job failed on a newer {@code java}; the embedded cluster has no
 * Kerberos to take tokens from.
 *
 * <p>A batch job also gets pipelined exchanges: in batch mode Flink 1.19 defaults to blocking
 * exchanges under the adaptive batch scheduler, so the reading stage ran to the end before
 * imputation started and for most of the job one of two cores had nothing to do ({@code
 * execution.batch-shuffle-mode: ALL_EXCHANGES_PIPELINED}, {@code jobmanager.scheduler: Default},
 * which pipelined exchanges require); and a fixed managed memory size: without one, Beam sizes the
 * embedded task manager's managed memory from the free heap after a {@code System.gc()}, a full
 * collection that took 0.4–0.6 s at the start of every job (JFR, 2.4 GB heap). The size here is
 * Beam's default fraction (0.4) of the heap not in use, read without collecting, for jobs that sort
 * their records (households); other jobs sort only their sinks' file lists and get a few MiB per
 * slot ({@link #UNGROUPED_MANAGED_BYTES_PER_SLOT}).
 *
 * <p>Every embedded job gets network memory for its parallelism ({@link #networkMemoryBytes}): the
 * embedded cluster's default, 64 MiB (2,048 buffers), lasts only up to a parallelism of about 12,
 * and the default parallelism is the number of cores, so on a 16-core machine every batch job
 * failed ("Insufficient number of network buffers") and a streaming job stalled without output.
 *
 * <p>A job that names a Flink master (or {@code [auto]}, which may be a cluster's context) keeps
 * its configuration: a cluster is configured by its operators (docs/operations.md). An embedded job
 * given a configuration directory ({@code --flinkConfDir} or {@code FLINK_CONF_DIR}, e.g. for
 * {@code state.checkpoints.dir}) keeps it, with the network memory added if it sets none.
 */
public final class EmbeddedFlinkConfig {

  /** Beam's default share of the free heap for the embedded cluster's managed memory. */
  static final double MANAGED_MEMORY_FRACTION = 0.4;

  /**
   * Managed memory per slot of a job that groups no records (no households): its only sorted inputs
   * are the file sinks' lists of written files, a few entries per worker. Flink allocates a sorted
   * input's whole share up front, in 32 KiB pages, and frees it when the task ends: with 40 % of
   * the free heap (about 2.3 GB on a 5.8 GB heap) that was 0.1 CPU seconds of {@code malloc} in
   * every job, a sixth of a small job's CPU outside the compilers.
   */
  static final long UNGROUPED_MANAGED_BYTES_PER_SLOT = 16L << 20;

  /** Flink's network buffer size ({@code taskmanager.memory.segment-size}). */
  static final long NETWORK_BUFFER_BYTES = 32L << 10;

  /**
   * Network buffers per slot pair (p² for parallelism p) of a batch job, measured: with every
   * exchange pipelined each task holds its buffers at once, p·(p + 1) for an exchange's outputs and
   * up to p·(2p + 8) for its inputs, so the need grows with p². Person jobs needed 9–12·p² at p =
   * 16 and 32; household jobs (more exchanges) more than 12·p² at 16, and 16·p² + 2,048 sufficed at
   * 16 and 32, on Avro and CSV input.
   */
  static final int BATCH_BUFFERS_PER_SLOT_PAIR = 16;

  /**
   * The same for a streaming job, which holds every input channel's buffers (Flink's streaming
   * default): it needed 24–40·p² at p = 12, 16 and 24 (with 14·p², at p = 12, it stalled).
   */
  static final int STREAM_BUFFERS_PER_SLOT_PAIR = 48;

  /** Buffers on top of the quadratic term: Flink's embedded default. */
  static final int BASE_NETWORK_BUFFERS = 2048;

  /** Direct memory left to the rest of the job (ONNX Runtime's tensors, file channels). */
  static final long DIRECT_MEMORY_HEADROOM = 128L << 20;

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedFlinkConfig.class);

  private EmbeddedFlinkConfig() {}

  /**
   * Points a batch job's {@code options} at a generated configuration when Flink runs embedded; a
   * configuration directory the job names ({@code --flinkConfDir}, {@code FLINK_CONF_DIR}) gets
   * only the network memory, if it does not set one. Same as {@link #forBatch(FlinkPipelineOptions,
   * boolean)} for a job that groups records.
   *
   * @throws IllegalArgumentException if the given parallelism's network memory cannot fit
   */
  static void forBatch(FlinkPipelineOptions options) {
    forBatch(options, true);
  }

  /**
   * Points a batch job's {@code options} at a generated configuration when Flink runs embedded; a
   * configuration directory the job names ({@code --flinkConfDir}, {@code FLINK_CONF_DIR}) gets
   * only the network memory, if it does not set one.
   *
   * @param groupsRecords whether the job sorts its records or their keys by a key (household jobs,
   *     jobs that check {@code --key-field} for repeated keys): those get {@link
   *     #MANAGED_MEMORY_FRACTION} of the free heap as managed memory for the sort; other jobs get
   *     at most {@link #UNGROUPED_MANAGED_BYTES_PER_SLOT} per slot
   * @throws IllegalArgumentException if the given parallelism's network memory cannot fit
   */
  static void forBatch(FlinkPipelineOptions options, boolean groupsRecords) {
    if (!"[local]".equals(options.getFlinkMaster())) {
      return;
    }
    Path given = FlinkConfDirs.given(options.getFlinkConfDir());
    if (given == null) {
      Configuration settings = common();
      settings.set(ExecutionOptions.BATCH_SHUFFLE_MODE, BatchShuffleMode.ALL_EXCHANGES_PIPELINED);
      settings.set(JobManagerOptions.SCHEDULER, JobManagerOptions.SchedulerType.Default);
      settings.addAll(networkMemoryFor(options, BATCH_BUFFERS_PER_SLOT_PAIR));
      long managed = managedMemoryBytes();
      if (!groupsRecords) {
        managed = Math.min(managed, UNGROUPED_MANAGED_BYTES_PER_SLOT * parallelism(options));
      }
      settings.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, new MemorySize(managed));
      options.setFlinkConfDir(
          FlinkConfDirs.copyWith(null, settings, "of the embedded cluster").toString());
    } else if (!FlinkConfDirs.setsNetworkMemory(given)) {
      options.setFlinkConfDir(
          FlinkConfDirs.copyWith(
                  given,
                  networkMemoryFor(options, BATCH_BUFFERS_PER_SLOT_PAIR),
                  "with network memory for the parallelism")
              .toString());
    }
  }

  /**
   * Points a streaming job's {@code options} at a generated configuration when Flink runs embedded.
   * With {@code --savepointPath} the configuration also restores the job from that savepoint or
   * retained checkpoint ({@code execution.savepoint.path}): Beam passes the option only to a
   * cluster, so on the embedded one it was ignored without a word and a "resumed" job read its
   * whole input again. With a checkpoint directory ({@link CheckpointDirectory}) the configuration
   * writes the checkpoints there.
   *
   * @throws IllegalArgumentException if a local savepoint path does not exist
   */
  public static void forStream(FlinkPipelineOptions options) {
    CheckpointDirectory.apply(options);
    if (!"[local]".equals(options.getFlinkMaster())) {
      return;
    }
    String savepoint = options.getSavepointPath();
    String checkpoints = options.as(StreamOptions.class).getCheckpointDir();
    Path given = FlinkConfDirs.given(options.getFlinkConfDir());
    Configuration settings = given == null ? common() : new Configuration();
    if (!FlinkConfDirs.setsNetworkMemory(given)) {
      settings.addAll(networkMemoryFor(options, STREAM_BUFFERS_PER_SLOT_PAIR));
    }
    if (savepoint != null) {
      requireLocalSavepoint(savepoint);
      settings.set(SavepointConfigOptions.SAVEPOINT_PATH, savepoint);
    }
    if (checkpoints != null) {
      settings.set(
          CheckpointingOptions.CHECKPOINTS_DIRECTORY,
          CheckpointDirectory.uri(checkpoints).toString());
    }
    if (given == null || !settings.keySet().isEmpty()) {
      options.setFlinkConfDir(
          FlinkConfDirs.copyWith(given, settings, "of the embedded cluster").toString());
    }
  }

  private static void requireLocalSavepoint(String savepoint) {
    if (savepoint.indexOf('#') >= 0 || savepoint.indexOf('\n') >= 0) {
      throw new IllegalArgumentException(
          "--savepointPath "
              + savepoint
              + ": a path holding '#' or a line break cannot be passed to the embedded cluster"
              + " (Flink's configuration file reads '#' as the start of a comment, so the job"
              + " would be restored from another path); give a symbolic link to it instead");
    }
    Path path;
    if (savepoint.startsWith("file:")) {
      path = Path.of(URI.create(savepoint));
    } else if (savepoint.contains("://")) {
      return;
    } else {
      path = Path.of(savepoint);
    }
    if (!Files.exists(path)) {
      throw new IllegalArgumentException(
          "--savepointPath "
              + savepoint
              + ": no such savepoint or retained checkpoint (a directory such as"
              + " <state.checkpoints.dir>/<job id>/chk-N)");
    }
  }

  /**
   * Network memory of an embedded job of {@code parallelism} p: {@code perSlotPair}·p² + 2,048
   * buffers of 32 KiB (a batch job: 64.5 MiB at p = 1, 192 MiB at p = 16, 576 MiB at p = 32).
   */
  static long networkMemoryBytes(int parallelism, int perSlotPair) {
    long buffers = (long) perSlotPair * parallelism * parallelism + BASE_NETWORK_BUFFERS;
    return buffers * NETWORK_BUFFER_BYTES;
  }

  /**
   * The network memory settings for the job's parallelism. Flink allocates the buffers up front as
   * direct memory, which Java limits ({@code -XX:MaxDirectMemorySize}, by default the heap's
   * maximum): past the limit the job failed with an out-of-memory error that Flink could not even
   * describe. A default parallelism (one slot per core) is lowered to the largest that fits, with a
   * warning; a given one that does not fit is refused with what to do.
   */
  static Configuration networkMemoryFor(FlinkPipelineOptions options, int perSlotPair) {
    int parallelism = parallelism(options);
    long budget = directMemoryLimit() - DIRECT_MEMORY_HEADROOM;
    if (parallelism > 1 && networkMemoryBytes(parallelism, perSlotPair) > budget) {
      int fitting = parallelism;
      while (fitting > 1 && networkMemoryBytes(fitting, perSlotPair) > budget) {
        fitting--;
      }
      String need =
          String.format(
              Locale.ROOT,
              "the embedded Flink cluster needs %,d MiB of network buffers at parallelism %d, and"
                  + " %,d MiB of the %,d MiB of direct memory Java allows here are left for them",
              networkMemoryBytes(parallelism, perSlotPair) >> 20,
              parallelism,
              budget >> 20,
              directMemoryLimit() >> 20);
      if (!isOnePerCore(options)) {
        String source =
            options.getParallelism() > 0
                ? "--parallelism " + parallelism
                : "parallelism.default " + parallelism + " in " + options.getFlinkConfDir();
        throw new IllegalArgumentException(
            source
                + ": "
                + need
                + "; use a parallelism of "
                + fitting
                + " or less, or give Java more (FLOWIMPUTE_JAVA_OPTS=-XX:MaxDirectMemorySize=..."
                + " or -Xmx...)");
      }
      LOG.warn(
          "{} (one slot per core); running with parallelism {} (set --parallelism, or give Java"
              + " more with FLOWIMPUTE_JAVA_OPTS=-XX:MaxDirectMemorySize=...)",
          need,
          fitting);
      options.setParallelism(fitting);
      parallelism = fitting;
    }
    MemorySize size = new MemorySize(networkMemoryBytes(parallelism, perSlotPair));
    Configuration settings = new Configuration();
    settings.set(TaskManagerOptions.NETWORK_MEMORY_MIN, size);
    settings.set(TaskManagerOptions.NETWORK_MEMORY_MAX, size);
    return settings;
  }

  /** What every embedded job gets. */
  private static Configuration common() {
    Configuration settings = new Configuration();
    settings.set(SecurityOptions.DELEGATION_TOKENS_ENABLED, false);
    settings.set(
        ClusterOptions.PROCESS_WORKING_DIR_BASE, EmbeddedWorkingDirectory.path().toString());
    return settings;
  }

  /** The direct memory Java allows: {@code -XX:MaxDirectMemorySize}, or the heap's maximum. */
  static long directMemoryLimit() {
    HotSpotDiagnosticMXBean hotSpot =
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    long configured =
        hotSpot == null ? 0 : Long.parseLong(hotSpot.getVMOption("MaxDirectMemorySize").getValue());
    return configured > 0 ? configured : Runtime.getRuntime().maxMemory();
  }

  /**
   * The job's parallelism: the option, else its configuration's {@code parallelism.default}, else
   * the embedded cluster's default, one slot per core.
   */
  static int parallelism(FlinkPipelineOptions options) {
    if (options.getParallelism() > 0) {
      return options.getParallelism();
    }
    int configured =
        FlinkConfDirs.defaultParallelism(FlinkConfDirs.given(options.getFlinkConfDir()));
    return configured > 0 ? configured : Runtime.getRuntime().availableProcessors();
  }

  /** Whether the job's parallelism is the embedded default, neither an option nor configured. */
  private static boolean isOnePerCore(FlinkPipelineOptions options) {
    return options.getParallelism() <= 0
        && FlinkConfDirs.defaultParallelism(FlinkConfDirs.given(options.getFlinkConfDir())) <= 0;
  }

  /** {@link #MANAGED_MEMORY_FRACTION} of the heap this JVM may still use, without a collection. */
  static long managedMemoryBytes() {
    Runtime runtime = Runtime.getRuntime();
    long used = runtime.totalMemory() - runtime.freeMemory();
    return (long) (MANAGED_MEMORY_FRACTION * (runtime.maxMemory() - used));
  }
}
