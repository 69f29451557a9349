package org.flowimpute.pipelines.stream;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.GenerateSequence;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.windowing.AfterProcessingTime;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Repeatedly;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollectionView;
import org.flowimpute.bundle.ModelBundle;
import org.flowimpute.pipelines.io.LocalLocations;
import org.flowimpute.pipelines.transforms.BundleModelProvider;
import org.flowimpute.pipelines.values.ModelVersion;
import org.joda.time.Duration;

/**
 * Model hot swap: watches a model directory and offers the newest usable bundle as a side input
 * ({@code ImputeRecords.withModelVersions}). Every {@code refresh} the directory is listed; bundles
 * are its sub-directories holding a {@code manifest.json} and its {@code .zip} files, and the
 * newest is the last by name (name bundles so that names sort by version, e.g. {@code
 * 2026-11-29T1500-income}). Hidden entries (names starting with {@code .}) are not bundles: a copy
 * made there under a temporary name such as {@code .new.tmp} and renamed when complete is not taken
 * under its temporary name. A bundle that does not load or verify, or whose conditions or targets
 * differ from the job's model, is skipped (logged, metric {@code model_bundles_rejected}) and the
 * next newest is used; with none usable, the job's own {@code --model}. A skipped bundle is checked
 * again once its files change ({@link BundleVerdicts}).
 *
 * <p>Steps: {@code Ticks}, {@code OnEveryTick}, {@code FindNewestBundle}, {@code AsIterable}.
 */
public final class LatestModel extends PTransform<PBegin, PCollectionView<Iterable<ModelVersion>>> {

  private static final long serialVersionUID = 1L;

  private final String directory;
  private final BundleModelProvider base;
  private final Duration refresh;

  private LatestModel(String directory, BundleModelProvider base, Duration refresh) {
    this.directory = directory;
    this.base = base;
    this.refresh = refresh;
  }

  /**
   * Watches {@code directory} every {@code refresh} for bundles compatible with {@code base} (a
   * relative local directory made absolute first: {@link LocalLocations}).
   *
   * @throws IllegalArgumentException for a local directory that does not exist, is a file, or is
   *     itself a bundle: the job listed it without a word and never swapped a model
   */
  public static LatestModel watching(String directory, BundleModelProvider base, Duration refresh) {
    requireWatchable(directory);
    return new LatestModel(LocalLocations.absolute(directory), base, refresh);
  }

  /** Refuses a local model directory that cannot hold the bundles it is watched for. */
  static void requireWatchable(String directory) {
    if (directory.contains("://")) {
      return;
    }
    Path path = Path.of(directory);
    String problem =
        !Files.exists(path)
            ? "does not exist"
            : !Files.isDirectory(path)
                ? "is not a directory"
                : Files.exists(path.resolve(ModelBundle.MANIFEST_FILE))
                    ? "is itself a model bundle; give the directory that holds the bundles (each a"
                        + " sub-directory or a .zip)"
                    : null;
    if (problem != null) {
      throw new IllegalArgumentException("--modelDirectory " + directory + ": " + problem);
    }
  }

  @Override
  public PCollectionView<Iterable<ModelVersion>> expand(PBegin begin) {
    return begin
        .apply("Ticks", GenerateSequence.from(0).withRate(1, refresh))
        .apply(
            "OnEveryTick",
            Window.<Long>into(new GlobalWindows())
                .triggering(Repeatedly.forever(AfterProcessingTime.pastFirstElementInPane()))
                .discardingFiredPanes())
        .apply("FindNewestBundle", ParDo.of(new FindNewestBundleFn(directory, base)))
        .setCoder(SerializableCoder.of(ModelVersion.class))
        .apply("AsIterable", View.asIterable());
  }

  /** Lists the directory and names the newest compatible bundle. */
  private static final class FindNewestBundleFn extends DoFn<Long, ModelVersion> {
    private final String directory;
    private final BundleModelProvider base;
    private transient BundleVerdicts verdicts;

    FindNewestBundleFn(String directory, BundleModelProvider base) {
      this.directory = directory.endsWith("/") ? directory : directory + "/";
      this.base = base;
    }

    @Setup
    public void setup() {
      verdicts = new BundleVerdicts(new UsableBundle(base));
    }

    @ProcessElement
    public void processElement(OutputReceiver<ModelVersion> out) throws IOException {
      List<String> bundles = bundlesIn(directory);
      verdicts.retainOnly(bundles);
      for (String bundle : bundles) {
        if (verdicts.usable(bundle)) {
          out.output(new ModelVersion(bundle, System.currentTimeMillis()));
          return;
        }
      }
      out.output(new ModelVersion(base.bundlePath(), System.currentTimeMillis()));
    }
  }

  /**
   * The bundles in {@code directory} (ending in {@code /}), newest first: sub-directories holding a
   * {@code manifest.json} and {@code .zip} files (any case, as {@code train --out} writes them),
   * hidden ones (name starting with {@code .}) left out.
   */
  static List<String> bundlesIn(String directory) throws IOException {
    List<String> bundles = new ArrayList<>();
    for (MatchResult.Metadata manifest : match(directory + "*/manifest.json")) {
      String path = manifest.resourceId().getCurrentDirectory().toString();
      bundles.add(path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
    }
    for (MatchResult.Metadata file : match(directory + "*")) {
      String name = file.resourceId().toString();
      if (name.toLowerCase(Locale.ROOT).endsWith(".zip")) {
        bundles.add(name);
      }
    }
    bundles.removeIf(bundle -> bundle.substring(bundle.lastIndexOf('/') + 1).startsWith("."));
    bundles.sort(Comparator.reverseOrder());
    return bundles;
  }

  private static List<MatchResult.Metadata> match(String glob) throws IOException {
    return FileSystems.match(List.of(glob), EmptyMatchTreatment.ALLOW).get(0).metadata();
  }
}
