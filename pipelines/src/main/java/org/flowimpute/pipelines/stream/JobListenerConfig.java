package org.flowimpute.pipelines.stream;

import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.flowimpute.pipelines.FlinkConfDirs;

/**
 * Registers {@link SubmittedFlinkJobs} with the Flink environment Beam creates for a job: a copy of
 * the job's configuration directory with {@code execution.job-listeners} added ({@link
 * FlinkConfDirs}).
 */
final class JobListenerConfig {

  static final String KEY = "execution.job-listeners";

  private JobListenerConfig() {}

  /** Points {@code options} at a copy of their configuration that registers the listener. */
  static void apply(FlinkPipelineOptions options) {
    options.setFlinkConfDir(
        FlinkConfDirs.copyWith(
                FlinkConfDirs.given(options.getFlinkConfDir()),
                KEY + ": " + SubmittedFlinkJobs.class.getName() + "\n",
                "that lets --run-for stop the job")
            .toString());
  }
}
