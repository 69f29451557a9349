package org.flowimpute.pipelines;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.beam.runners.flink.FlinkPipelineOptions;

/**
 * Gives the embedded Flink cluster of a batch job pipelined exchanges. In batch mode Flink 1.19
 * defaults to blocking exchanges under the adaptive batch scheduler: the reading stage runs to the
 * end before imputation starts, so for most of the job one of two cores has nothing to do. Beam's
 * only hook into the embedded cluster's configuration is a configuration directory, so this writes
 * one ({@code execution.batch-shuffle-mode: ALL_EXCHANGES_PIPELINED}, {@code jobmanager.scheduler:
 * Default}, which pipelined exchanges require) when the master is {@code [local]}, and a fixed
 * managed memory size: without one, Beam sizes the embedded task manager's managed memory from the
 * free heap after a {@code System.gc()}, a full collection that took 0.4–0.6 s at the start of
 * every job (JFR, 2.4 GB heap). The size here is Beam's default fraction (0.4) of the heap not in
 * use, read without collecting. A job that names a Flink master (or {@code [auto]}, which may be a
 * cluster's context), a configuration directory ({@code --flinkConfDir}) or {@code FLINK_CONF_DIR}
 * keeps that configuration: a cluster is configured by its operators (docs/operations.md).
 */
final class EmbeddedFlinkBatchConfig {

  static final String FLINK_CONF = "flink-conf.yaml";

  static final String SETTINGS =
      "execution.batch-shuffle-mode: ALL_EXCHANGES_PIPELINED\njobmanager.scheduler: Default\n";

  static final String MANAGED_MEMORY_SIZE = "taskmanager.memory.managed.size";

  /** Beam's default share of the free heap for the embedded cluster's managed memory. */
  static final double MANAGED_MEMORY_FRACTION = 0.4;

  private EmbeddedFlinkBatchConfig() {}

  /** Points {@code options} at a generated configuration directory when Flink runs embedded. */
  static void apply(FlinkPipelineOptions options) {
    if (!"[local]".equals(options.getFlinkMaster())
        || options.getFlinkConfDir() != null
        || System.getenv("FLINK_CONF_DIR") != null) {
      return;
    }
    options.setFlinkConfDir(write().toString());
  }

  /** {@link #MANAGED_MEMORY_FRACTION} of the heap this JVM may still use, without a collection. */
  static long managedMemoryBytes() {
    Runtime runtime = Runtime.getRuntime();
    long used = runtime.totalMemory() - runtime.freeMemory();
    return (long) (MANAGED_MEMORY_FRACTION * (runtime.maxMemory() - used));
  }

  private static Path write() {
    try {
      Path dir = Files.createTempDirectory("flowimpute-flink-conf");
      Files.writeString(
          dir.resolve(FLINK_CONF),
          SETTINGS + MANAGED_MEMORY_SIZE + ": " + managedMemoryBytes() + "b\n",
          StandardCharsets.UTF_8);
      dir.resolve(FLINK_CONF).toFile().deleteOnExit();
      dir.toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the embedded Flink configuration", e);
    }
  }
}
