package org.flowimpute.pipelines;

import java.util.Optional;

/**
 * Runs a job jar's main so that, when the JVM started the process with it ({@code java -cp ...
 * org.flowimpute.pipelines.ImputePipeline ...}), a failure ends the process with exit code 1 after
 * the error is printed as the JVM prints an uncaught exception. An embedded Flink cluster whose
 * start fails (an HA storage path on {@code s3://} without Flink's S3 plugin) leaves its RPC
 * threads ({@code flink-scheduler-1}, {@code flink-metrics-scheduler-1}) running: Flink's {@code
 * MiniCluster} closes nothing it started before it counted as running, and the threads are not
 * daemons, so the JVM ran on for more than 10 minutes after the error.
 *
 * <p>A main called by other code gets the exception as before: Flink's application mode calls it
 * inside the JobManager ({@code entryClass} of the Kubernetes manifests), where ending the JVM
 * would end the JobManager, and tests call it too.
 */
final class ProcessEntryPoint {

  /** The exit code of a failed main. */
  static final int FAILED = 1;

  /** A main's body. */
  @FunctionalInterface
  interface Body {
    void run() throws Exception;
  }

  private ProcessEntryPoint() {}

  /**
   * Runs {@code body}, the body of {@code mainClass}'s {@code main}; when it fails and that main is
   * the process's entry point, prints the error and ends the JVM with {@link #FAILED}, otherwise
   * rethrows.
   */
  static void run(Class<?> mainClass, Body body) throws Exception {
    try {
      body.run();
    } catch (Exception | Error e) {
      if (!isEntryPoint(mainClass)) {
        throw e;
      }
      Thread thread = Thread.currentThread();
      thread.getUncaughtExceptionHandler().uncaughtException(thread, e);
      System.exit(FAILED);
    }
  }

  /**
   * Whether the outermost frame of this thread's stack is {@code mainClass}'s {@code main}: the JVM
   * called it, nothing else did.
   */
  static boolean isEntryPoint(Class<?> mainClass) {
    Optional<StackWalker.StackFrame> outermost =
        StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
            .walk(frames -> frames.reduce((inner, outer) -> outer));
    return outermost.isPresent()
        && outermost.get().getDeclaringClass() == mainClass
        && outermost.get().getMethodName().equals("main");
  }
}
