package org.flowimpute.pipelines.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.util.Locale;
import org.apache.beam.sdk.io.DefaultFilenamePolicy;
import org.apache.beam.sdk.io.FileBasedSink;
import org.apache.beam.sdk.io.FileBasedSink.FilenamePolicy;
import org.apache.beam.sdk.io.FileBasedSink.OutputFileHints;
import org.apache.beam.sdk.options.ValueProvider.StaticValueProvider;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Output files are named as Beam names them, but with ASCII digits on a worker whose locale has
 * other digits (where Beam's names broke the shard globs and the re-run guard).
 */
class ShardFileNamesTest {

  private static final Locale ARABIC_EGYPT = Locale.forLanguageTag("ar-EG");
  private static final OutputFileHints NO_HINTS =
      new OutputFileHints() {
        @Override
        public String getMimeType() {
          return null;
        }

        @Override
        public String getSuggestedFilenameSuffix() {
          return "";
        }
      };
  private static final IntervalWindow HOUR =
      new IntervalWindow(Instant.parse("2026-01-01T00:00:00Z"), Duration.standardHours(1));
  private static final PaneInfo LAST_PANE =
      PaneInfo.createPane(true, true, PaneInfo.Timing.ON_TIME, 0, 0);

  private final Locale defaultFormat = Locale.getDefault(Locale.Category.FORMAT);

  @TempDir Path dir;

  @AfterEach
  void restoreLocale() {
    Locale.setDefault(Locale.Category.FORMAT, defaultFormat);
  }

  @Test
  void namesAreBeamsInAnyLocale() {
    String prefix = dir.resolve("imputed").toString();
    Locale.setDefault(Locale.Category.FORMAT, Locale.ROOT);
    String beamBatch = batchName(beam(prefix, ShardFileNames.UNWINDOWED, false));
    String beamWindowed = windowedName(beam(prefix, ShardFileNames.WINDOWED, true));

    Locale.setDefault(Locale.Category.FORMAT, ARABIC_EGYPT);
    String batch = batchName(ShardFileNames.of(prefix, ShardFileNames.UNWINDOWED, ".avro"));
    String windowed = windowedName(ShardFileNames.of(prefix, ShardFileNames.WINDOWED, ".avro"));

    assertEquals("imputed-00001-of-00012.avro", batch);
    assertEquals(
        "imputed-2026-01-01T00:00:00.000Z-2026-01-01T01:00:00.000Z-pane-0-last-00001-of-00012.avro",
        windowed);
    assertEquals(beamBatch, batch, "the names Beam gives in an ASCII-digit locale");
    assertEquals(beamWindowed, windowed);
    assertNotEquals(
        batch,
        batchName(beam(prefix, ShardFileNames.UNWINDOWED, false)),
        "Beam's own names follow the locale's digits (what this class exists for)");
  }

  private static FilenamePolicy beam(String prefix, String template, boolean windowed) {
    return DefaultFilenamePolicy.fromStandardParameters(
        StaticValueProvider.of(FileBasedSink.convertToFileResourceIfPossible(prefix)),
        template,
        ".avro",
        windowed);
  }

  private static String batchName(FilenamePolicy names) {
    return names.unwindowedFilename(1, 12, NO_HINTS).getFilename();
  }

  private static String windowedName(FilenamePolicy names) {
    return names.windowedFilename(1, 12, HOUR, LAST_PANE, NO_HINTS).getFilename();
  }
}
