package org.flowimpute.pipelines.stream;

import org.apache.beam.sdk.PipelineResult;

/**
 * How a Flink stream run by {@link TimedFlinkStream} ended, so that the command can say it and exit
 * with a code that says what ended the job: the job finished by itself, a stop (--run-for, a
 * signal) stopped it, or a stop that came before the job was running cancelled it as soon as Flink
 * had it, with no drain and no result (Beam's Flink runner gives none for a cancelled job, so no
 * counts either).
 *
 * @param result the job's result; null when it was cancelled before it ran
 * @param stoppedBy what stopped the job (e.g. "--run-for", "SIGTERM"); null when it finished by
 *     itself before a stop was acted on
 */
public record FlinkStreamEnd(PipelineResult result, String stoppedBy) {

  /** A job that finished by itself. */
  static FlinkStreamEnd finished(PipelineResult result) {
    return new FlinkStreamEnd(result, null);
  }

  /** A job that {@code stopper} cancelled before it ran. */
  static FlinkStreamEnd cancelledBeforeRunning(String stopper) {
    return new FlinkStreamEnd(null, stopper);
  }

  /** Whether a stop that came before the job was running cancelled it. */
  public boolean cancelledBeforeRunning() {
    return result == null;
  }
}
