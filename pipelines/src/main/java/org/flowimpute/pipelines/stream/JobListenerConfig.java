package org.flowimpute.pipelines.stream;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.flowimpute.pipelines.FlinkConfDirs;

/**
 * Registers {@link SubmittedFlinkJobs} with the Flink environment Beam creates for a job: a copy of
 * the job's configuration directory with it added to {@code execution.job-listeners} ({@link
 * FlinkConfDirs}), after the listeners the configuration names.
 */
final class JobListenerConfig {

  private JobListenerConfig() {}

  /** Points {@code options} at a copy of their configuration that registers the listener. */
  static void apply(FlinkPipelineOptions options) {
    Path given = FlinkConfDirs.given(options.getFlinkConfDir());
    List<String> listeners =
        new ArrayList<>(
            FlinkConfDirs.read(given)
                .getOptional(DeploymentOptions.JOB_LISTENERS)
                .orElse(List.of()));
    if (!listeners.contains(SubmittedFlinkJobs.class.getName())) {
      listeners.add(SubmittedFlinkJobs.class.getName());
    }
    Configuration settings = new Configuration();
    settings.set(DeploymentOptions.JOB_LISTENERS, listeners);
    options.setFlinkConfDir(
        FlinkConfDirs.copyWith(given, settings, "that lets --run-for stop the job").toString());
  }
}
