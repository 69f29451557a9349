package org.flowimpute.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * Submits a Beam pipeline to a {@link LocalFlinkCluster} the way a user does: FlinkRunner with
 * {@code --flinkMaster=127.0.0.1:PORT}, detached, staging the shaded job jar (and, for the smoke
 * jobs that live in test code, the test classes) as {@code --filesToStage}. Without filesToStage
 * FlinkRunner would upload every jar of the client's class path.
 */
final class ClusterSubmitter {

  /** The shaded job jar built by this module (system property set by the failsafe plugin). */
  static Path jobJar() {
    return requiredPath("flowimpute.jobJar");
  }

  /** The compiled test classes, staged next to the job jar for the smoke jobs. */
  static Path testClasses() {
    return requiredPath("flowimpute.testClasses");
  }

  /** The Flink cluster lib/ directory assembled by the flowimpute-flink-cluster module. */
  static Path flinkLib() {
    return requiredPath("flowimpute.flinkLib");
  }

  /** Where the cluster tests keep their clusters' files. */
  static Path clusterWork() {
    return Path.of(System.getProperty("flowimpute.clusterWork", "target/flink-cluster"));
  }

  private ClusterSubmitter() {}

  /** Options for a detached FlinkRunner submission of {@code jobName} to {@code cluster}. */
  static FlinkPipelineOptions options(
      LocalFlinkCluster cluster, String jobName, List<Path> filesToStage) {
    FlinkPipelineOptions options = PipelineOptionsFactory.as(FlinkPipelineOptions.class);
    options.setRunner(FlinkRunner.class);
    options.setFlinkMaster(cluster.flinkMaster());
    options.setJobName(jobName);
    options.setParallelism(2);
    options.setAttachedMode(false);
    options.setFilesToStage(filesToStage.stream().map(Path::toString).toList());
    return options;
  }

  /**
   * Makes {@code options} a checkpointed streaming submission: checkpoints every 2 s with at least
   * 1 s between them, and every element closing its bundle ({@code maxBundleSize=1}). With Beam's
   * default bundles (1000 elements or 1 s) the window operator's watermark stayed frozen for 78 s
   * to more than 120 s in 8 of 10 runs on this cluster (docs/operations.md, known issue).
   */
  static FlinkPipelineOptions streaming(FlinkPipelineOptions options) {
    options.setStreaming(true);
    options.setCheckpointingInterval(2000L);
    options.setMinPauseBetweenCheckpoints(1000L);
    options.setMaxBundleSize(1L);
    return options;
  }

  /**
   * Builds the pipeline with {@code graph} and submits it; returns once the job is accepted, with
   * the result that waits for it.
   */
  static PipelineResult submit(FlinkPipelineOptions options, Consumer<Pipeline> graph) {
    Pipeline pipeline = Pipeline.create(options);
    graph.accept(pipeline);
    return pipeline.run();
  }

  private static Path requiredPath(String property) {
    String value = System.getProperty(property);
    if (value == null || !Files.exists(Path.of(value))) {
      throw new IllegalStateException(
          "system property "
              + property
              + " must name an existing path (run through Maven: "
              + "mvn -pl deploy -am verify); got "
              + value);
    }
    return Path.of(value);
  }
}
