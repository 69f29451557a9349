package org.flowimpute.pipelines;

import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.VersionDependentFlinkPipelineOptions;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * The Flink runner's settings of the jobs, in a class of their own: it is loaded only when the
 * runner is Flink ({@link RunnerKinds#isFlink}, by the runner's name), so a jar without Flink (the
 * Dataflow job jar) runs the jobs. The pipelines compared {@code FlinkRunner.class} with the
 * runner, which made every runner load Flink's classes: the Dataflow jar failed at once with {@code
 * NoClassDefFoundError: org/apache/beam/runners/flink/FlinkRunner}.
 */
final class FlinkJobSetup {

  private FlinkJobSetup() {}

  /**
   * A batch job: {@code fasterCopy}, the embedded cluster's configuration (see {@link
   * ImputePipeline#run}) and the Flink API: the DataStream API in batch mode for person jobs, whose
   * steps with several outputs it chains; the DataSet API for household jobs, whose grouping of the
   * members by household it runs as a sorted group-reduce instead of the DataStream API's
   * per-element keyed state and timers (198,566 persons in 72,500 households, embedded, 2 slots,
   * alternating runs: 9.6–9.7 s against 10.4–11.7 s, and 11.6–13.5 s against 14.7–16.1 s with the
   * --key-field check; the same imputed records). {@code groupsRecords}: whether the job sorts its
   * records or their keys by a key (households, the --key-field check), which sizes the embedded
   * cluster's managed memory.
   */
  static void forBatch(PipelineOptions options, boolean households, boolean groupsRecords) {
    options.as(FlinkPipelineOptions.class).setFasterCopy(true);
    options.as(VersionDependentFlinkPipelineOptions.class).setUseDataStreamForBatch(!households);
    EmbeddedFlinkConfig.forBatch(options.as(FlinkPipelineOptions.class), groupsRecords);
  }

  /**
   * A streaming job: the embedded cluster's configuration, {@code fasterCopy} and the watermark
   * interval unless given (see {@link StreamPipeline#run}).
   */
  static void forStream(PipelineOptions options, long autoWatermarkIntervalMillis) {
    FlinkPipelineOptions flink = options.as(FlinkPipelineOptions.class);
    EmbeddedFlinkConfig.forStream(flink);
    flink.setFasterCopy(true);
    if (flink.getAutoWatermarkInterval() == null) {
      flink.setAutoWatermarkInterval(autoWatermarkIntervalMillis);
    }
  }

  /**
   * Sets Flink's {@code finishBundleBeforeCheckpointing}: several steps output at the end of a
   * bundle what they gathered during it ({@code ImputeBatches}, {@code KeyByGroup}, {@code
   * WriteCalibrated}). By default the Beam 2.70 Flink runner finishes an open bundle inside the
   * checkpoint, keeps its outputs in a buffer that it emits only when the next bundle starts, and
   * meanwhile lets its periodic bundle timer emit the watermark the bundle was holding back: the
   * buffered outputs then arrive behind that watermark and the window grouping drops them as late
   * (seen as records missing after a restore in {@code StreamPipelineKafkaTest}). Finishing the
   * bundle before the checkpoint barrier emits them in order.
   */
  static void finishBundlesBeforeCheckpoints(PipelineOptions options) {
    options.as(FlinkPipelineOptions.class).setFinishBundleBeforeCheckpointing(true);
  }
}
