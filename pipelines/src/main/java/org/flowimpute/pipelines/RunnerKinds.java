package org.flowimpute.pipelines;

import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Which runner a job's options name, told by the runner's class name so that asking loads nothing
 * of that runner: a jar without Flink (the Dataflow job jar) must not touch Flink's classes.
 */
final class RunnerKinds {

  private static final String FLINK_RUNNER = "org.apache.beam.runners.flink.FlinkRunner";

  private RunnerKinds() {}

  /** Whether {@code options} run on Flink. */
  static boolean isFlink(PipelineOptions options) {
    return options.getRunner() != null && FLINK_RUNNER.equals(options.getRunner().getName());
  }
}
