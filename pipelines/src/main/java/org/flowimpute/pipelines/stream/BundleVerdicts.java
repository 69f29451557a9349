package org.flowimpute.pipelines.stream;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;

/**
 * Whether each bundle in a watched model directory is usable, remembered until its files change.
 * Loading and verifying a bundle reads its whole model, so a verdict is kept between ticks; but a
 * bundle rejected while it was still being copied in (a manifest without its model, a truncated
 * {@code .zip}) is checked again as soon as its files' names, sizes or modification times differ,
 * so it is used once complete instead of staying rejected until the job restarts.
 */
final class BundleVerdicts {

  private final Predicate<String> check;
  private final Map<String, Verdict> verdicts = new HashMap<>();

  /** Verdicts given by {@code check} (true when the bundle at the path is usable). */
  BundleVerdicts(Predicate<String> check) {
    this.check = check;
  }

  /**
   * Whether the bundle at {@code bundle} (a directory or a {@code .zip}) is usable: the last
   * verdict if its files are as they were then, else a new one.
   */
  boolean usable(String bundle) throws IOException {
    Map<String, String> files = filesOf(bundle);
    Verdict last = verdicts.get(bundle);
    if (last != null && last.files().equals(files)) {
      return last.usable();
    }
    boolean usable = check.test(bundle);
    verdicts.put(bundle, new Verdict(files, usable));
    return usable;
  }

  /**
   * Forgets bundles no longer in the directory (so the map holds at most what the directory does).
   */
  void retainOnly(List<String> bundles) {
    verdicts.keySet().retainAll(bundles);
  }

  /** Each file of the bundle (the zip itself, or the directory's files) with its size and time. */
  private static Map<String, String> filesOf(String bundle) throws IOException {
    String glob = bundle.endsWith(".zip") ? bundle : bundle + "/*";
    Map<String, String> files = new TreeMap<>();
    for (MatchResult.Metadata file :
        FileSystems.match(List.of(glob), EmptyMatchTreatment.ALLOW).get(0).metadata()) {
      files.put(file.resourceId().toString(), file.sizeBytes() + "@" + file.lastModifiedMillis());
    }
    return files;
  }

  /** A verdict and the files it was given for. */
  private record Verdict(Map<String, String> files, boolean usable) {}
}
