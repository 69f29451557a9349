package org.flowimpute.pipelines.stream;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.JobListener;

/**
 * Hands the {@link JobClient} of a submitted Flink job to the code that started it. Beam's Flink
 * runner runs an attached streaming job inside {@code pipeline.run()}, which returns only when the
 * job ends, and keeps the job's client to itself; stopping the job with a drain ({@link
 * TimedFlinkStream}) needs that client. Flink instantiates this class by name from the
 * configuration key {@code execution.job-listeners} and calls it on submission.
 */
public final class SubmittedFlinkJobs implements JobListener {

  private static final AtomicReference<CompletableFuture<JobClient>> EXPECTED =
      new AtomicReference<>();

  /** Instantiated by Flink (a public no-argument constructor is required). */
  public SubmittedFlinkJobs() {}

  /** The client of the next job submitted with this listener in its configuration. */
  static CompletableFuture<JobClient> expectNext() {
    CompletableFuture<JobClient> next = new CompletableFuture<>();
    if (!EXPECTED.compareAndSet(null, next)) {
      throw new IllegalStateException("another timed Flink stream is being started in this JVM");
    }
    return next;
  }

  /** Stops waiting for a job (its start failed, or the client arrived). */
  static void forget(CompletableFuture<JobClient> expected) {
    EXPECTED.compareAndSet(expected, null);
  }

  @Override
  public void onJobSubmitted(JobClient jobClient, Throwable throwable) {
    CompletableFuture<JobClient> expected = EXPECTED.getAndSet(null);
    if (expected == null) {
      return;
    }
    if (throwable != null) {
      expected.completeExceptionally(throwable);
    } else {
      expected.complete(jobClient);
    }
  }

  @Override
  public void onJobExecuted(JobExecutionResult result, Throwable throwable) {}
}
