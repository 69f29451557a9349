package org.flowimpute.pipelines;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;

/**
 * The job mains wait for their job but on Dataflow, whose Flex Template launcher must return once
 * the job is submitted (Dataflow's runner is not on this module's class path: it is named).
 */
class RunnerKindsTest {

  @Test
  void theMainsWaitOnTheDirectRunnerAndFlinkButNotOnDataflow() {
    assertTrue(RunnerKinds.mainWaitsForTheJob(options(DirectRunner.class)));
    assertTrue(RunnerKinds.mainWaitsForTheJob(options(FlinkRunner.class)));
    assertTrue(RunnerKinds.mainWaitsForTheJob(FlinkRunner.class.getName()));
    assertFalse(RunnerKinds.mainWaitsForTheJob("org.apache.beam.runners.dataflow.DataflowRunner"));
  }

  @Test
  void onlyFlinkIsFlink() {
    assertTrue(RunnerKinds.isFlink(options(FlinkRunner.class)));
    assertFalse(RunnerKinds.isFlink(options(DirectRunner.class)));
  }

  private static PipelineOptions options(
      Class<? extends org.apache.beam.sdk.PipelineRunner<?>> runner) {
    PipelineOptions options = PipelineOptionsFactory.create();
    options.setRunner(runner);
    return options;
  }
}
