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
 * Default}, which pipelined exchanges require) when the master is {@code [local]}. A job that names
 * a Flink master (or {@code [auto]}, which may be a cluster's context), a configuration directory
 * ({@code --flinkConfDir}) or {@code FLINK_CONF_DIR} keeps that configuration: a cluster is
 * configured by its operators (docs/operations.md).
 */
final class EmbeddedFlinkBatchConfig {

  static final String FLINK_CONF = "flink-conf.yaml";

  static final String SETTINGS =
      "execution.batch-shuffle-mode: ALL_EXCHANGES_PIPELINED\njobmanager.scheduler: Default\n";

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

  private static Path write() {
    try {
      Path dir = Files.createTempDirectory("flowimpute-flink-conf");
      Files.writeString(dir.resolve(FLINK_CONF), SETTINGS, StandardCharsets.UTF_8);
      dir.resolve(FLINK_CONF).toFile().deleteOnExit();
      dir.toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the embedded Flink configuration", e);
    }
  }
}
