package org.flowimpute.pipelines.stream;

/**
 * What the counts of a stream resumed from a savepoint or checkpoint ({@code stream --resume}, or
 * {@code --savepointPath}) cover: Flink's metrics start again at 0 in the resumed job, so that a
 * resumed run that wrote the 300 records its savepoint held printed "read 0 records, imputed 0, 0
 * dead letters" as if nothing had happened. The counters of the restored state are not kept in the
 * savepoint; what the run can tell is how many calibrated records it wrote, restored ones included.
 *
 * @param savepoint the savepoint or checkpoint the run resumed from
 * @param calibrated records handed out by this run's window calibration ({@link
 *     UnwrittenRecords#calibrated})
 * @param sliding whether windows overlap, so that {@code calibrated} counts copies
 */
public record ResumedRunCounts(String savepoint, long calibrated, boolean sliding) {

  /** The line that follows the summary of a resumed run. */
  public String note() {
    return "note: this run resumed from "
        + savepoint
        + " and its counts start at 0 (Flink keeps no metrics in a savepoint): they leave out the"
        + " records and dead letters the savepoint held in open windows, read and counted by the"
        + " run that took it. This run wrote "
        + calibrated
        + (sliding ? " calibrated record copies" : " calibrated records")
        + " (metric records_calibrated), those restored records included; how many of its"
        + " records wait in open windows cannot be told from these counts";
  }
}
