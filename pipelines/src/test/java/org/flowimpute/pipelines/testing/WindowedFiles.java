package org.flowimpute.pipelines.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.joda.time.Instant;

/**
 * The windowed Avro files a streaming job wrote, as a user finds them: by the globs the {@code
 * stream} command prints, and the window each file's name carries ({@code
 * <prefix>-<windowStart>-<windowEnd>-pane-…}).
 */
public final class WindowedFiles {

  private static final Pattern WINDOW =
      Pattern.compile("-(\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z)-(\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z)-pane-");

  private WindowedFiles() {}

  /** The finished files (not Beam's hidden temporary ones) in {@code directory}. */
  public static List<Path> finished(Path directory) {
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .filter(Files::isRegularFile)
          .filter(f -> !f.getFileName().toString().startsWith("."))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The finished files in {@code directory} whose path matches the file-system glob. */
  public static List<Path> matching(Path directory, String glob) {
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
    return finished(directory).stream().filter(matcher::matches).toList();
  }

  /** The window in {@code file}'s name; fails naming the file when it carries none. */
  public static IntervalWindow windowOf(Path file) {
    Matcher matcher = WINDOW.matcher(file.getFileName().toString());
    if (!matcher.find()) {
      throw new AssertionError(file + " does not name a window");
    }
    return new IntervalWindow(Instant.parse(matcher.group(1)), Instant.parse(matcher.group(2)));
  }

  /** The records of {@code files} by the window their file names carry. */
  public static Map<IntervalWindow, List<GenericRecord>> readByWindow(List<Path> files) {
    Map<IntervalWindow, List<GenericRecord>> byWindow = new LinkedHashMap<>();
    for (Path file : files) {
      List<GenericRecord> records =
          byWindow.computeIfAbsent(windowOf(file), w -> new ArrayList<>());
      try (DataFileReader<GenericRecord> reader =
          new DataFileReader<>(file.toFile(), new GenericDatumReader<>())) {
        reader.forEach(records::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return byWindow;
  }

  /** How many records {@code files} hold in all. */
  public static int count(List<Path> files) {
    return readByWindow(files).values().stream().mapToInt(List::size).sum();
  }
}
