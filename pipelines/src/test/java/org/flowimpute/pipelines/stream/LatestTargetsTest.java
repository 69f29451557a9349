package org.flowimpute.pipelines.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.GenerateSequence;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.options.StreamingOptions;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollectionView;
import org.flowimpute.pipelines.testing.Await;
import org.flowimpute.pipelines.transforms.DeadLetters;
import org.joda.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The targets side input while the job runs (DirectRunner, streaming): a targets file that breaks
 * is skipped (metric {@code targets_rejected}) and the windows keep the last usable targets, the
 * job goes on, and a repaired file is picked up; a file broken at start fails the job's build with
 * one line naming the file.
 */
class LatestTargetsTest {

  private static final String MEAN_AGE_40 =
      "targets:\n  - name: mean_age\n    statistic: mean\n    column: age\n    value: 40\n";

  private static final String MEAN_AGE_50 =
      "targets:\n  - name: mean_age\n    statistic: mean\n    column: age\n    value: 50\n";

  private static final String BROKEN = "targets:\n  - name: [mean_age\n    statistic: mean\n";

  /** The targets versions the probe step saw, in order (the DirectRunner runs it in this JVM). */
  private static final List<String> SEEN = new CopyOnWriteArrayList<>();

  @TempDir Path dir;

  @Test
  void fileBrokenWhileRunningIsSkippedAndTheLastUsableTargetsStayInForce() throws Exception {
    Path targets = Files.writeString(dir.resolve("targets.yaml"), MEAN_AGE_40);
    String first = TargetsSnapshot.read(targets.toString()).version();
    SEEN.clear();
    Pipeline pipeline = Pipeline.create(streamingOptions());
    LatestTargets latest = LatestTargets.of(targets.toString(), Duration.millis(200));
    PCollectionView<Iterable<TargetsSnapshot>> view = pipeline.apply("LatestTargets", latest);
    pipeline
        .apply("Probes", GenerateSequence.from(0).withRate(1, Duration.millis(100)))
        .apply(
            "SeeTargets", ParDo.of(new SeeTargetsFn(view, latest.initial())).withSideInputs(view));

    PipelineResult result = pipeline.run();
    try {
      Await.until(
          () -> Await.running(result) && SEEN.contains(first), 60_000, () -> "seen " + SEEN);
      Files.writeString(targets, BROKEN);
      Await.until(
          () -> Await.running(result) && rejected(result) >= 3,
          60_000,
          () -> "rejected " + rejected(result));
      int seenWhileBroken = SEEN.size();
      Await.until(
          () -> Await.running(result) && SEEN.size() >= seenWhileBroken + 5,
          60_000,
          () -> "seen " + SEEN);
      assertEquals(Set.of(first), Set.copyOf(SEEN), "only the usable version was ever in force");

      Files.writeString(targets, MEAN_AGE_50);
      String repaired = TargetsSnapshot.read(targets.toString()).version();
      Await.until(
          () -> Await.running(result) && SEEN.contains(repaired), 60_000, () -> "seen " + SEEN);
    } finally {
      result.cancel();
    }
    assertTrue(rejected(result) >= 3);
  }

  @Test
  void fileBrokenAtStartFailsTheBuildWithOneLineNamingTheFile() throws Exception {
    Path targets = Files.writeString(dir.resolve("targets.yaml"), BROKEN);

    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () -> LatestTargets.of(targets.toString(), Duration.standardMinutes(1)));

    assertTrue(error.getMessage().startsWith("targets file " + targets + ": "), error.getMessage());
    assertEquals(1, error.getMessage().lines().count(), error.getMessage());
  }

  @Test
  void ungroupedTargetsWithAGroupFieldFailTheBuildNamingTheFile() throws Exception {
    Path targets = Files.writeString(dir.resolve("targets.yaml"), MEAN_AGE_40);

    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                LatestTargets.of(targets.toString(), Duration.standardMinutes(1))
                    .withGroupField("region"));

    assertEquals(
        "targets file "
            + targets
            + ": target 'mean_age' is not by 'region': with --groupField every target needs it"
            + " in 'by' (targets are per group)",
        error.getMessage());
  }

  private static PipelineOptions streamingOptions() {
    PipelineOptions options = PipelineOptionsFactory.create();
    options.setRunner(DirectRunner.class);
    options.as(DirectOptions.class).setBlockOnRun(false);
    options.as(StreamingOptions.class).setStreaming(true);
    return options;
  }

  private static long rejected(PipelineResult result) {
    long rejected = 0;
    for (MetricResult<Long> counter :
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(
                        MetricNameFilter.named(DeadLetters.METRICS_NAMESPACE, "targets_rejected"))
                    .build())
            .getCounters()) {
      rejected += counter.getAttempted();
    }
    return rejected;
  }

  /** Notes the version of the targets in force for each probe element. */
  private static final class SeeTargetsFn extends DoFn<Long, Void> {
    private final PCollectionView<Iterable<TargetsSnapshot>> targets;

    private final TargetsSnapshot initial;

    SeeTargetsFn(PCollectionView<Iterable<TargetsSnapshot>> targets, TargetsSnapshot initial) {
      this.targets = targets;
      this.initial = initial;
    }

    @ProcessElement
    public void processElement(ProcessContext context) {
      SEEN.add(TargetsSnapshot.newest(context.sideInput(targets), initial).version());
    }
  }
}
