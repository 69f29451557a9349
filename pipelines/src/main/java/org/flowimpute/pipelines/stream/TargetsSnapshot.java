package org.flowimpute.pipelines.stream;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import org.apache.beam.sdk.io.FileSystems;
import org.flowimpute.calibrate.targets.TargetsFile;
import org.flowimpute.calibrate.targets.TargetsReader;

/**
 * One reading of the targets file, as the side input carries it: the text, whether it is YAML, and
 * a version (the first 12 hex digits of its SHA-256) that each window report names, so a report
 * says exactly which targets it met.
 *
 * @param location where it was read
 * @param text the file's content
 * @param yaml whether to parse it as YAML (else JSON)
 * @param version content hash
 * @param readAtMillis when it was read (wall clock), to tell the newest reading
 */
public record TargetsSnapshot(
    String location, String text, boolean yaml, String version, long readAtMillis)
    implements Serializable {

  /** Reads {@code location} on any Beam file system. */
  public static TargetsSnapshot read(String location) {
    String text;
    try (InputStream in =
        Channels.newInputStream(
            FileSystems.open(FileSystems.matchSingleFileSpec(location).resourceId()))) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "targets file " + location + ": cannot read: " + e.getMessage(), e);
    }
    String lower = location.toLowerCase(Locale.ROOT);
    return new TargetsSnapshot(
        location, text, !lower.endsWith(".json"), sha256(text), System.currentTimeMillis());
  }

  /**
   * The newest of {@code readings} (a side input may hold more than one pane's readings), or {@code
   * initial} (the reading taken when the job was built) when there is none yet: on Flink a drain
   * can fire the last windows before the side input's first pane arrived, and the job failed with
   * "no reading of the targets file yet" and lost those windows.
   */
  public static TargetsSnapshot newest(
      Iterable<TargetsSnapshot> readings, TargetsSnapshot initial) {
    TargetsSnapshot newest = null;
    for (TargetsSnapshot reading : readings) {
      if (newest == null || reading.readAtMillis() > newest.readAtMillis()) {
        newest = reading;
      }
    }
    return newest == null ? initial : newest;
  }

  /** The parsed targets; errors name the file. */
  public TargetsFile targets() {
    try {
      return TargetsReader.parse(text, yaml);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("targets file " + location + ": " + e.getMessage(), e);
    }
  }

  private static String sha256(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
