package org.flowimpute.pipelines.io.kafka;

import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Whether a Flink job runs on the embedded cluster, in a class of its own so that only Flink jobs
 * load Flink's classes (a jar without Flink, the Dataflow job jar, runs {@link OffsetCommits}).
 */
final class EmbeddedFlink {

  private EmbeddedFlink() {}

  /** Whether {@code options} (of a Flink job) name the embedded cluster, {@code [local]}. */
  static boolean isEmbedded(PipelineOptions options) {
    return "[local]".equals(options.as(FlinkPipelineOptions.class).getFlinkMaster());
  }
}
