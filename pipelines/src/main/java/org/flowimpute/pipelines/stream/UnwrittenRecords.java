package org.flowimpute.pipelines.stream;

import org.apache.beam.sdk.PipelineResult;
import org.flowimpute.pipelines.JobCounts;

/**
 * What a cancelled stream (the DirectRunner's end of {@code --run-for}) left unwritten: records
 * imputed into windows that were still open, which the runner discards; and what a stream stopped
 * with a savepoint (Flink, {@code --run-for} with {@code --checkpoint-dir}) kept in its open
 * windows. The summary said "imputed 1200" for a job that had written 400 of them, without a word
 * about the other 800.
 *
 * @param imputed records imputed ({@link JobCounts#imputed})
 * @param calibrated records handed out by the window calibration ({@link CalibrateWindowFn}'s
 *     {@code records_calibrated}): with sliding windows one copy per window a record falls in
 * @param sliding whether windows overlap, so that {@code calibrated} counts copies
 */
public record UnwrittenRecords(long imputed, long calibrated, boolean sliding) {

  static final String RECORDS_CALIBRATED = "records_calibrated";

  /** The counts of {@code result} (attempted values), of a job with {@code windows}. */
  public static UnwrittenRecords of(
      PipelineResult result, JobCounts counts, StreamWindows windows) {
    long calibrated = StreamCounter.total(result, RECORDS_CALIBRATED);
    return new UnwrittenRecords(counts.imputed(), calibrated, windows.sliding());
  }

  /**
   * A warning naming the imputed records the cancelled job did not write, or null when it wrote
   * them all; with sliding windows, whose copies cannot be matched to records, the copies written.
   */
  public String warning() {
    return describe(
        "warning: ",
        " were in windows still open when the job was cancelled, which are not written (the"
            + " DirectRunner discards them; on Flink --run-for drains the job and writes them)");
  }

  /**
   * A note naming the imputed records a job stopped with a savepoint under {@code checkpointDir}
   * kept in its open windows, or null when it wrote them all: the summary read "imputed 900" for a
   * job that had written 600, the other 300 waiting in the savepoint for {@code --resume}.
   */
  public String keptInSavepoint(String checkpointDir) {
    return describe(
        "note: ",
        " were in windows still open when the job stopped, which the savepoint under "
            + checkpointDir
            + " keeps: --resume goes on with them and writes them when their windows close");
  }

  private String describe(String kind, String cause) {
    if (sliding) {
      return imputed == 0
          ? null
          : kind
              + calibrated
              + " calibrated record copies of "
              + imputed
              + " imputed records were written (one copy per sliding window a record falls in);"
              + " the records of the other windows"
              + cause;
    }
    long unwritten = imputed - calibrated;
    if (unwritten <= 0) {
      return null;
    }
    return kind
        + unwritten
        + " of the "
        + imputed
        + " imputed records were not written ("
        + calibrated
        + " were): they"
        + cause;
  }
}
