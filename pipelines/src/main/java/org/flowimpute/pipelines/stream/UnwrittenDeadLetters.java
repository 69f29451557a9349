package org.flowimpute.pipelines.stream;

import org.apache.beam.sdk.PipelineResult;
import org.flowimpute.pipelines.JobCounts;

/**
 * The dead letters a cancelled stream (the DirectRunner's end of {@code --run-for}) did not write
 * to its dead-letter files, or a stream stopped with a savepoint kept in its open windows: dead
 * letters are windowed like records (a late record's by the watermark when it came, near the clock
 * once the source is idle), and the summary said "16 dead letters" for a job whose files held 6,
 * the other 10 in a window still open at the cancel.
 *
 * @param deadLetters dead letters of every stage ({@link JobCounts#deadLetters})
 * @param inClosedWindows dead letters whose window closed, so that their file was written ({@link
 *     CountClosedDeadLetterWindows})
 */
public record UnwrittenDeadLetters(long deadLetters, long inClosedWindows) {

  static final String DEAD_LETTERS_IN_CLOSED_WINDOWS = "closed_window_dead_letters";

  /** The counts of {@code result} (attempted values). */
  public static UnwrittenDeadLetters of(PipelineResult result, JobCounts counts) {
    long closed = StreamCounter.total(result, DEAD_LETTERS_IN_CLOSED_WINDOWS);
    return new UnwrittenDeadLetters(counts.deadLetters(), closed);
  }

  /** A warning naming the dead letters the cancelled job did not write, or null when none. */
  public String warning() {
    return describe(
        "warning: ",
        " were in dead-letter windows still open when the job was cancelled, which are not written"
            + " (the DirectRunner discards them): let the job run until a window length after"
            + " the last input has passed (once --idle-timeout has, the watermark follows the"
            + " clock), or use --runner FlinkRunner, whose --run-for drains the job and writes"
            + " them");
  }

  /**
   * A note naming the dead letters a job stopped with a savepoint under {@code checkpointDir} kept
   * in its open windows, or null when it wrote them all.
   */
  public String keptInSavepoint(String checkpointDir) {
    return describe(
        "note: ",
        " were in dead-letter windows still open when the job stopped, which the savepoint under "
            + checkpointDir
            + " keeps: --resume goes on with them and writes them when their windows close");
  }

  private String describe(String kind, String cause) {
    long unwritten = deadLetters - inClosedWindows;
    if (unwritten <= 0) {
      return null;
    }
    return kind
        + unwritten
        + " of the "
        + deadLetters
        + " dead letters were not written to the dead-letter files ("
        + inClosedWindows
        + " were): they"
        + cause;
  }
}
