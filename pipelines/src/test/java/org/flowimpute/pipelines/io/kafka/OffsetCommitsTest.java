package org.flowimpute.pipelines.io.kafka;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.flowimpute.pipelines.options.StreamOptions;
import org.junit.jupiter.api.Test;

/**
 * Offsets are committed only by jobs whose checkpoints outlive them: a run on the embedded cluster
 * that kept its checkpoints in memory committed all 2,000 messages and exited 1 without a file, and
 * its rerun read nothing.
 */
class OffsetCommitsTest {

  @Test
  void jobsWhoseCheckpointsLiveInMemoryCommitNothing() {
    assertFalse(OffsetCommits.allowed(options(DirectRunner.class, null, null)));
    assertFalse(OffsetCommits.allowed(options(FlinkRunner.class, "[local]", null)));
  }

  @Test
  void theEmbeddedClusterWithACheckpointDirectoryAndAClusterCommit() {
    assertTrue(OffsetCommits.allowed(options(FlinkRunner.class, "[local]", "/tmp/checkpoints")));
    assertTrue(OffsetCommits.allowed(options(FlinkRunner.class, "jobmanager:8081", null)));
    assertTrue(OffsetCommits.allowed(options(FlinkRunner.class, "[auto]", null)));
  }

  private static StreamOptions options(Class<?> runner, String master, String checkpointDir) {
    StreamOptions options = PipelineOptionsFactory.create().as(StreamOptions.class);
    if (runner == FlinkRunner.class) {
      options.setRunner(FlinkRunner.class);
      options.as(FlinkPipelineOptions.class).setFlinkMaster(master);
    } else {
      options.setRunner(DirectRunner.class);
    }
    options.setCheckpointDir(checkpointDir);
    return options;
  }
}
