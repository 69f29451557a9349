package org.flowimpute.pipelines.io;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.io.FileBasedSink;
import org.apache.beam.sdk.io.FileBasedSink.OutputFileHints;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.options.ValueProvider.StaticValueProvider;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;

/**
 * The names of the jobs' output files: Beam's {@code DefaultFilenamePolicy} names (prefix, shard
 * template, suffix), written with ASCII digits whatever the worker's locale. Beam formats shard and
 * pane numbers in the JVM's default locale, so on a worker whose locale has other digits (Arabic,
 * Persian, Marathi, …) files were named {@code imputed-٠٠٠٠٠-of-٠٠٠٠٣.avro}: no {@code
 * prefix-[0-9]*} glob found them, a re-run to the same prefix was not refused and left both runs'
 * files, and workers in different locales named the same window's files differently.
 *
 * <p>Template letters as Beam's: a run of {@code S} is the shard number and a run of {@code N} the
 * shard count, zero-padded to the run's length; {@code W} is the window ({@code start-end} of an
 * interval window) and {@code P} the pane ({@code pane-<index>[-late][-last]}).
 */
public final class ShardFileNames extends FileBasedSink.FilenamePolicy {

  /** {@code -SSSSS-of-NNNNN}: the files of a batch job. */
  public static final String UNWINDOWED = "-SSSSS-of-NNNNN";

  /**
   * {@code -<windowStart>-<windowEnd>-<pane>-SSSSS-of-NNNNN}: the files of a stream's windows.
   * Beam's default windowed template ({@code W-P-SSSSS-of-NNNNN}) has no dash before the window,
   * which glued the window start to the prefix, so {@code <prefix>-*} matched no record file.
   */
  public static final String WINDOWED = "-W-P-SSSSS-of-NNNNN";

  private static final long serialVersionUID = 1L;
  private static final Pattern TEMPLATE_PART = Pattern.compile("S+|N+|P|W");

  private final StaticValueProvider<ResourceId> prefix;
  private final String template;
  private final String suffix;

  private ShardFileNames(ResourceId prefix, String template, String suffix) {
    this.prefix = StaticValueProvider.of(prefix);
    this.template = template;
    this.suffix = suffix;
  }

  /** Files named {@code prefix + template + suffix} (a local path or any Beam file system's). */
  public static ShardFileNames of(String prefix, String template, String suffix) {
    return of(FileBasedSink.convertToFileResourceIfPossible(prefix), template, suffix);
  }

  /** Files named {@code prefix + template + suffix}. */
  public static ShardFileNames of(ResourceId prefix, String template, String suffix) {
    return new ShardFileNames(prefix, template, suffix);
  }

  /** The directory the files go to, where the sink also keeps its temporary files. */
  public ResourceId directory() {
    return prefix.get().getCurrentDirectory();
  }

  @Override
  public ResourceId windowedFilename(
      int shardNumber,
      int numShards,
      BoundedWindow window,
      PaneInfo paneInfo,
      OutputFileHints outputFileHints) {
    return resolve(name(shardNumber, numShards, pane(paneInfo), window(window), outputFileHints));
  }

  @Override
  public ResourceId unwindowedFilename(
      int shardNumber, int numShards, OutputFileHints outputFileHints) {
    return resolve(name(shardNumber, numShards, null, null, outputFileHints));
  }

  private ResourceId resolve(String fileName) {
    return directory().resolve(fileName, StandardResolveOptions.RESOLVE_FILE);
  }

  private String name(
      int shardNumber, int numShards, String pane, String window, OutputFileHints hints) {
    ResourceId base = prefix.get();
    String baseName = base.isDirectory() || base.getFilename() == null ? "" : base.getFilename();
    String hintSuffix = hints.getSuggestedFilenameSuffix();
    return baseName
        + expand(template, shardNumber, numShards, pane, window)
        + suffix
        + (hintSuffix == null ? "" : hintSuffix);
  }

  /** {@code template} with its letters replaced (a pane or window letter needs its value). */
  static String expand(String template, int shard, int shards, String pane, String window) {
    Matcher part = TEMPLATE_PART.matcher(template);
    StringBuilder out = new StringBuilder();
    while (part.find()) {
      String letters = part.group();
      String value =
          switch (letters.charAt(0)) {
            case 'S' -> String.format(Locale.ROOT, "%0" + letters.length() + "d", shard);
            case 'N' -> String.format(Locale.ROOT, "%0" + letters.length() + "d", shards);
            case 'P' -> required(pane, template);
            default -> required(window, template);
          };
      part.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    part.appendTail(out);
    return out.toString();
  }

  private static String required(String value, String template) {
    if (value == null) {
      throw new IllegalStateException(
          "file name template "
              + template
              + " names a window or pane, but the write is not windowed");
    }
    return value;
  }

  private static String window(BoundedWindow window) {
    if (window instanceof GlobalWindow) {
      return "GlobalWindow";
    }
    if (window instanceof IntervalWindow interval) {
      return interval.start() + "-" + interval.end();
    }
    return window.toString();
  }

  private static String pane(PaneInfo pane) {
    return "pane-"
        + pane.getIndex()
        + (pane.getTiming() == PaneInfo.Timing.LATE ? "-late" : "")
        + (pane.isLast() ? "-last" : "");
  }
}
