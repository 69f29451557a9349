package org.flowimpute.pipelines.io.kafka;

import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.options.PipelineOptions;
import org.flowimpute.pipelines.options.StreamOptions;

/**
 * Whether the Kafka source may commit its offsets to the consumer group. KafkaIO commits the
 * offsets of a checkpoint when the runner finalizes it, and a job started afresh resumes after
 * them; but the records of the windows still open at that checkpoint live only in the job's state.
 * Where that state is kept only in memory (the DirectRunner, which finalizes at every bundle, and
 * the embedded Flink cluster without a checkpoint directory) a job that failed or was killed lost
 * it, and its rerun started after the committed offsets: a run that exited 1 without writing a file
 * had committed all 2,000 messages, and its rerun read none. Such jobs commit nothing, so a rerun
 * starts at {@code --kafkaStartOffset} again (at least once: windows may be written twice). The
 * embedded cluster with {@code --checkpointDir} keeps its checkpoints, and a cluster ({@code
 * --flinkMaster} not {@code [local]}) or another runner keeps them as it is configured: they
 * commit.
 */
public final class OffsetCommits {

  private static final String FLINK_RUNNER = "org.apache.beam.runners.flink.FlinkRunner";

  private OffsetCommits() {}

  /** Whether the job {@code options} describe keeps its checkpoints beyond its own run. */
  public static boolean allowed(PipelineOptions options) {
    Class<?> runner = options.getRunner();
    if (DirectRunner.class.equals(runner)) {
      return false;
    }
    if (runner != null && FLINK_RUNNER.equals(runner.getName())) {
      return !EmbeddedFlink.isEmbedded(options)
          || options.as(StreamOptions.class).getCheckpointDir() != null;
    }
    return true;
  }

  /**
   * The warning a job that does not commit prints once at its start, naming the consumer group,
   * where a rerun starts and what to give instead.
   */
  public static String warning(String group, StartOffset start) {
    return "this job keeps its checkpoints only in memory (DirectRunner, or the embedded Flink"
        + " cluster without --checkpoint-dir), so it commits no Kafka offsets to consumer group '"
        + group
        + "': a rerun starts again at --kafkaStartOffset "
        + start
        + " and may write windows again (at least once). To go on where a run stopped, give"
        + " --checkpoint-dir DIR (Beam option --checkpointDir) and rerun with --resume";
  }
}
