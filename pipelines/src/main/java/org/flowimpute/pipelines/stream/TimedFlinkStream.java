package org.flowimpute.pipelines.stream;

import static java.util.concurrent.TimeUnit.MILLISECONDS;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.PipelineResult;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.client.JobCancellationException;
import org.apache.flink.util.ExceptionUtils;
import org.flowimpute.pipelines.EmbeddedFlinkConfig;
import org.flowimpute.pipelines.FlinkJobExceptions;
import org.flowimpute.pipelines.options.StreamOptions;
import org.joda.time.Duration;

/**
 * Runs a streaming job on Flink for a given time, then stops it with a drain: Flink takes a
 * savepoint, its sources emit the final watermark, every open window fires (so its records, reports
 * and files are written) and the job finishes, so its metrics are final and balance. Beam runs an
 * attached Flink streaming job inside {@code pipeline.run()}, which returns only when the job ends,
 * so the job runs on a thread of its own and is stopped through its {@link JobClient} ({@link
 * SubmittedFlinkJobs}). On the embedded cluster the savepoint goes to a temporary directory deleted
 * afterwards; on a cluster to its {@code state.savepoints.dir}. With a checkpoint directory ({@link
 * CheckpointDirectory}) the job is stopped with a savepoint there instead, without draining, so
 * that it can be resumed. A job that cannot be stopped so is cancelled, and the error says why. A
 * stop that comes before the job is submitted cancels it as soon as it is ({@link FlinkStreamEnd}).
 */
public final class TimedFlinkStream {

  /** How long a job whose savepoint failed is given to finish before it is cancelled. */
  private static final Duration FINISH_WAIT = Duration.standardSeconds(60);

  private TimedFlinkStream() {}

  /**
   * Runs {@code start} (which submits the job described by {@code options}) for {@code runFor}
   * after the job's submission (null: without a limit), or until {@code stopRequested} completes
   * with what asked for the stop (e.g. "SIGTERM"), then drains it (with a checkpoint directory:
   * stops it with a savepoint there) and returns how it ended once it has finished. A stop
   * requested before the job was submitted cancels it as soon as it is; a job that finished by
   * itself before a stop was acted on ends as finished.
   */
  public static FlinkStreamEnd run(
      StreamOptions options,
      Duration runFor,
      CompletableFuture<String> stopRequested,
      Function<StreamOptions, PipelineResult> start) {
    FlinkPipelineOptions flink = options.as(FlinkPipelineOptions.class);
    flink.setAttachedMode(true);
    String master = flink.getFlinkMaster();
    boolean embedded = "[local]".equals(master);
    EmbeddedFlinkConfig.forStream(flink);
    String checkpoints = options.getCheckpointDir();
    JobListenerConfig.apply(flink);
    CompletableFuture<JobClient> submitted = SubmittedFlinkJobs.expectNext();
    CompletableFuture<PipelineResult> finished = new CompletableFuture<>();
    Thread job =
        new Thread(
            () -> {
              try {
                finished.complete(start.apply(options));
              } catch (RuntimeException | Error e) {
                finished.completeExceptionally(e);
              }
            },
            "flowimpute-stream-job");
    job.setDaemon(true);
    job.start();
    try {
      Object beforeSubmission = CompletableFuture.anyOf(submitted, finished, stopRequested).get();
      if (finished.isDone()) {
        return FlinkStreamEnd.finished(finished.get());
      }
      if (!submitted.isDone()) {
        return cancelOnSubmission(submitted, finished, (String) beforeSubmission);
      }
      JobClient client = submitted.get();
      CompletableFuture<Object> stoppedOrFinished =
          CompletableFuture.anyOf(finished, stopRequested);
      if (runFor != null) {
        stoppedOrFinished.completeOnTimeout("--run-for", runFor.getMillis(), MILLISECONDS);
      }
      Object firstDone = stoppedOrFinished.get();
      if (finished.isDone()) {
        return FlinkStreamEnd.finished(finished.get());
      }
      String stopper = (String) firstDone;
      if (checkpoints == null) {
        drain(client, master, finished, stopper);
      } else {
        suspend(client, checkpoints, stopper);
      }
      return new FlinkStreamEnd(finished.get(), stopper);
    } catch (ExecutionException e) {
      throw unwrapped(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the streaming job ran", e);
    } finally {
      SubmittedFlinkJobs.forget(submitted);
    }
  }

  /**
   * Cancels the job that {@code stopper} stopped before it was submitted as soon as Flink has it
   * (building the job and starting the embedded cluster take seconds, and cannot be cut short): a
   * drain would wait for its tasks to start, and on a job that has read little there is little to
   * write. A job that ended before it was submitted (its start failed) ends as it did.
   */
  private static FlinkStreamEnd cancelOnSubmission(
      CompletableFuture<JobClient> submitted,
      CompletableFuture<PipelineResult> finished,
      String stopper)
      throws InterruptedException, ExecutionException {
    CompletableFuture.anyOf(submitted, finished).get();
    if (finished.isDone()) {
      return FlinkStreamEnd.finished(finished.get());
    }
    JobClient client = submitted.get();
    try {
      client.cancel().get();
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          stopper
              + " came before the Flink job was running, and cancelling it failed ("
              + e.getCause().getMessage()
              + "): on a cluster, cancel job "
              + client.getJobID().toHexString()
              + " in the Flink web UI or with 'flink cancel'",
          e.getCause());
    }
    try {
      return new FlinkStreamEnd(finished.get(), stopper);
    } catch (ExecutionException e) {
      if (ExceptionUtils.findThrowable(e, JobCancellationException.class).isPresent()) {
        return FlinkStreamEnd.cancelledBeforeRunning(stopper);
      }
      throw e;
    }
  }

  private static void drain(
      JobClient client, String master, CompletableFuture<PipelineResult> finished, String stopper)
      throws InterruptedException, ExecutionException {
    boolean embedded = "[local]".equals(master);
    Path savepoints = embedded ? temporaryDirectory() : null;
    try {
      client
          .stopWithSavepoint(
              true,
              savepoints == null ? null : savepoints.toUri().toString(),
              SavepointFormatType.CANONICAL)
          .get();
    } catch (ExecutionException e) {
      JobStatus atFailure = status(client);
      if (endedMeanwhile(client, finished)) {
        return;
      }
      IllegalStateException failure =
          new IllegalStateException(
              savepointFailure(
                  stopper,
                  atFailure,
                  e.getCause().getMessage(),
                  embedded,
                  taskFailure(client, master)),
              e.getCause());
      throw cancelled(client, failure);
    } finally {
      if (savepoints != null) {
        delete(savepoints);
      }
    }
  }

  /**
   * The error of a drain whose savepoint failed while the job was in {@code status} (null if the
   * cluster no longer answered). A job that is not running is recovering from a failure of one of
   * its tasks (with checkpoints Flink restarts it from its last one, again and again), and the
   * savepoint's own error ("Checkpoint Coordinator is suspending.") hid that failure: the error
   * says what the job was doing and what failed: {@code taskFailure}, read from the job's exception
   * history on a cluster's REST API ({@link #taskFailure}; the {@link JobClient} does not give a
   * restarting job's failure), or, when that is null (embedded), the log above, where Flink logs
   * it.
   */
  static String savepointFailure(
      String stopper,
      JobStatus status,
      String savepointError,
      boolean embedded,
      String taskFailure) {
    String prefix = stopper + " could not stop the Flink job with a savepoint";
    if (status != null && status != JobStatus.RUNNING) {
      return prefix
          + ": the job was "
          + status.name().toLowerCase(Locale.ROOT)
          + " after a failure of one of its tasks, not running (Flink: "
          + savepointError
          + (taskFailure != null
              ? "); the failure: " + taskFailure + "."
              : "); the first warning or error above names the failure (for a Kafka source or"
                  + " sink, a broker that stopped answering: 'Failed to get offsets', 'not present"
                  + " in metadata').")
          + " The job was cancelled, its open windows not written";
    }
    return prefix
        + (embedded ? "" : " (is state.savepoints.dir set in the cluster's configuration?)")
        + ": "
        + savepointError;
  }

  /**
   * The newest failure of the job in the exception history of the cluster at {@code master}
   * (host:port; {@link FlinkJobExceptions}), or why it could not be read; null for the embedded
   * cluster, whose failures are in this process's log, and when the history is empty.
   */
  private static String taskFailure(JobClient client, String master) throws InterruptedException {
    if (!FlinkJobExceptions.isRemote(master)) {
      return null;
    }
    try {
      return new FlinkJobExceptions(master)
          .newestCauseWithTrace(client.getJobID().toHexString())
          .orElse(null);
    } catch (IOException e) {
      return "unknown, the JobManager at "
          + master
          + " did not give the job's exception history ("
          + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
          + "); the Flink web UI's Exceptions tab has it";
    }
  }

  /** The job's status, or null when the cluster no longer answers for it. */
  private static JobStatus status(JobClient client) throws InterruptedException {
    try {
      return client.getJobStatus().get();
    } catch (ExecutionException | IllegalStateException e) {
      return null;
    }
  }

  /**
   * Stops the job with a savepoint in {@code checkpoints} and without the final watermark: the
   * windows still open stay in the savepoint, not written, and a job resumed from it goes on with
   * them. Draining would fire them half full, and the rest of their records, read after a resume,
   * would be calibrated apart from the first part.
   */
  private static void suspend(JobClient client, String checkpoints, String stopper)
      throws InterruptedException, ExecutionException {
    try {
      client
          .stopWithSavepoint(
              false, CheckpointDirectory.uri(checkpoints).toString(), SavepointFormatType.CANONICAL)
          .get();
    } catch (ExecutionException e) {
      IllegalStateException failure =
          new IllegalStateException(
              stopper
                  + " could not stop the Flink job with a savepoint in "
                  + checkpoints
                  + ": "
                  + e.getCause().getMessage(),
              e.getCause());
      throw cancelled(client, failure);
    }
  }

  /**
   * Whether the job ended although its savepoint failed. Flink aborts the savepoint ("Checkpoint
   * Coordinator shutdown") when the drained job's tasks all end before it completes, and a finished
   * job has processed every record and fired every window, which is what the drain is for; a job
   * that failed meanwhile ended too, and the caller reports its own error (not the savepoint's, nor
   * that the embedded cluster was already shut down). A job still running (a savepoint that failed
   * for another reason) is not waited for.
   */
  private static boolean endedMeanwhile(
      JobClient client, CompletableFuture<PipelineResult> finished)
      throws InterruptedException, ExecutionException {
    if (!finished.isDone() && isRunning(client)) {
      return false;
    }
    try {
      return finished.handle((result, failure) -> true).get(FINISH_WAIT.getMillis(), MILLISECONDS);
    } catch (TimeoutException e) {
      return false;
    }
  }

  /** Cancels the job that could not be stopped, and returns {@code failure}. */
  private static IllegalStateException cancelled(JobClient client, IllegalStateException failure)
      throws InterruptedException {
    try {
      client.cancel().get();
    } catch (ExecutionException | IllegalStateException cancelFailed) {
      failure.addSuppressed(cancelFailed);
    }
    return failure;
  }

  /**
   * Whether the cluster reports the job running; false when it reports another state or no longer
   * answers for it (the embedded cluster is shut down as soon as its job has ended, and then
   * refuses the question with an {@link IllegalStateException}).
   */
  private static boolean isRunning(JobClient client) throws InterruptedException {
    return status(client) == JobStatus.RUNNING;
  }

  private static Path temporaryDirectory() {
    try {
      return Files.createTempDirectory("flowimpute-savepoint");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a directory for the final savepoint", e);
    }
  }

  private static void delete(Path directory) {
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the final savepoint " + directory, e);
    }
  }

  private static RuntimeException unwrapped(Throwable cause) {
    if (cause instanceof RuntimeException runtime) {
      return runtime;
    }
    if (cause instanceof Error error) {
      throw error;
    }
    return new IllegalStateException(cause.getMessage(), cause);
  }
}
