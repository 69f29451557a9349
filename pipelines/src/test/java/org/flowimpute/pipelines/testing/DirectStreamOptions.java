package org.flowimpute.pipelines.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.options.StreamingOptions;
import org.flowimpute.pipelines.StreamPipeline;
import org.flowimpute.pipelines.io.DirectoryWatchSource;
import org.flowimpute.pipelines.options.StreamOptions;
import org.flowimpute.pipelines.values.ModelFields;
import org.joda.time.Duration;

/**
 * The options the streaming tests share: the DirectRunner in streaming mode, not blocking on run, a
 * watched input directory, 10 s windows with 1 s out-of-orderness, targets refreshed every second,
 * and imputed files, reports and dead letters under {@code out}, {@code reports} and {@code dead}
 * of the test's directory (each with the prefix {@code part}); and the directory source they build
 * the job with. Tests set what they vary.
 */
public final class DirectStreamOptions {

  private DirectStreamOptions() {}

  /** Options watching {@code in}, calibrating to {@code targets}, writing under {@code dir}. */
  public static StreamOptions watching(Path in, Path targets, Path dir) throws IOException {
    StreamOptions options = PipelineOptionsFactory.create().as(StreamOptions.class);
    options.setRunner(DirectRunner.class);
    options.as(DirectOptions.class).setBlockOnRun(false);
    options.as(StreamingOptions.class).setStreaming(true);
    options.setModel("unused: the test passes its model");
    options.setSource("dir://" + in);
    options.setTargets(targets.toString());
    options.setWindow("10s");
    options.setMaxOutOfOrderness("1s");
    options.setIdleTimeout("3s");
    options.setOutput(Files.createDirectories(dir.resolve("out")).resolve("part").toString());
    options.setReportOutput(
        Files.createDirectories(dir.resolve("reports")).resolve("part").toString());
    options.setDeadLetterOutput(
        Files.createDirectories(dir.resolve("dead")).resolve("part").toString());
    options.setTargetsRefresh("1s");
    return options;
  }

  /**
   * The source the tests build the job with: the directory {@code in}, records of {@code fields},
   * the event-time policy of {@code options}, polled every 200 ms, not redistributed.
   */
  public static DirectoryWatchSource source(Path in, ModelFields fields, StreamOptions options) {
    return DirectoryWatchSource.watching(in.toString())
        .withModel(fields)
        .withPolicy(StreamPipeline.policy(options))
        .withPollInterval(Duration.millis(200))
        .withoutRedistribution();
  }
}
