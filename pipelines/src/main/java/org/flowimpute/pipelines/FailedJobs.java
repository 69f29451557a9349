package org.flowimpute.pipelines;

import java.io.IOException;
import java.util.Optional;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * The error of a job that ended in a state it should not have (FAILED, CANCELLED, ...), naming the
 * cause when a Flink cluster recorded one: a job on a cluster named by {@code
 * --flinkMaster=host:port} is looked up by its name and its newest failure read from the cluster's
 * REST API ({@link FlinkJobExceptions}); on other runners the state is all there is to say.
 */
public final class FailedJobs {

  private FailedJobs() {}

  /**
   * "{@code job} ended in state {@code state}", then on a Flink cluster ": cause (full trace: GET
   * http://host:port/jobs/ID/exceptions)", or why the cause could not be read.
   */
  public static IllegalStateException ended(
      PipelineOptions options, String job, PipelineResult.State state) throws InterruptedException {
    String ended = job + " ended in state " + state;
    if (!RunnerKinds.isFlink(options)) {
      return new IllegalStateException(ended);
    }
    String master = options.as(FlinkPipelineOptions.class).getFlinkMaster();
    if (!FlinkJobExceptions.isRemote(master)) {
      return new IllegalStateException(ended);
    }
    return new IllegalStateException(ended + cause(master, options.getJobName()));
  }

  private static String cause(String master, String jobName) throws InterruptedException {
    FlinkJobExceptions cluster = new FlinkJobExceptions(master);
    try {
      Optional<String> jobId = cluster.jobNamed(jobName);
      if (jobId.isEmpty()) {
        return " (the Flink cluster at " + master + " lists no job named " + jobName + ")";
      }
      return cluster
          .newestCauseWithTrace(jobId.get())
          .map(cause -> ": " + cause)
          .orElse(
              ", with no exception in its history (GET " + cluster.historyUri(jobId.get()) + ")");
    } catch (IOException e) {
      return " (its cause could not be read from the JobManager at "
          + master
          + ": "
          + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
          + "; the Flink web UI's Exceptions tab of job "
          + jobName
          + " has it)";
    }
  }
}
