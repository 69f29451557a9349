package org.flowimpute.pipelines.testing;

import java.nio.file.Path;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.flowimpute.pipelines.ImputePipeline;
import org.flowimpute.pipelines.options.ImputeOptions;

/**
 * Batch imputation jobs of the people model ({@link TestData#MODEL}, a {@link FakeModelProvider})
 * on the DirectRunner, for tests of how the job reads its input: files in a directory, imputed
 * shards {@code out/imputed-*}, dead letters {@code out/imputed-dead-letters-*}.
 */
public final class FakeModelJobs {

  private FakeModelJobs() {}

  /**
   * Options reading {@code input} (a name or glob in {@code dir}), writing into {@code dir/out}.
   */
  public static ImputeOptions options(Path dir, String input) {
    ImputeOptions options = PipelineOptionsFactory.create().as(ImputeOptions.class);
    options.setModel("unused-by-the-fake-model");
    options.setInput(dir.resolve(input).toString());
    options.setOutput(dir.resolve("out").resolve("imputed").toString());
    return options;
  }

  /** Builds the job of {@code options} with the fake people model and runs it to its end. */
  public static void run(ImputeOptions options) {
    Pipeline pipeline = Pipeline.create(options);
    ImputePipeline.build(pipeline, options, model());
    pipeline.run().waitUntilFinish();
  }

  /** The fake people model. */
  public static FakeModelProvider model() {
    return new FakeModelProvider(TestData.MODEL);
  }
}
