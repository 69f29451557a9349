package org.flowimpute.pipelines;

import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Which runner a job's options name, told by the runner's class name so that asking loads nothing
 * of that runner: a jar without Flink (the Dataflow job jar) must not touch Flink's classes.
 */
final class RunnerKinds {

  private static final String FLINK_RUNNER = "org.apache.beam.runners.flink.FlinkRunner";
  private static final String DATAFLOW_RUNNER = "org.apache.beam.runners.dataflow.DataflowRunner";

  private RunnerKinds() {}

  /** Whether {@code options} run on Flink. */
  static boolean isFlink(PipelineOptions options) {
    return options.getRunner() != null && FLINK_RUNNER.equals(options.getRunner().getName());
  }

  /**
   * Whether a job's main waits for the job to end: not on Dataflow, where a Flex Template's
   * launcher must return once the job is submitted (a streaming job never ends; Dataflow's console
   * and {@code gcloud dataflow jobs describe} report how a job ended).
   */
  static boolean mainWaitsForTheJob(PipelineOptions options) {
    return options.getRunner() == null || mainWaitsForTheJob(options.getRunner().getName());
  }

  /** {@link #mainWaitsForTheJob(PipelineOptions)} for the runner class named {@code runner}. */
  static boolean mainWaitsForTheJob(String runner) {
    return !DATAFLOW_RUNNER.equals(runner);
  }
}
