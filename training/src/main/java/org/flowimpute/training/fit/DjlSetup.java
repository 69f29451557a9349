package org.flowimpute.training.fit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.flowimpute.table.OutputDirectory;

/**
 * Makes DJL work offline with the PyTorch native library from Maven Central (see STACK.md): sets
 * {@code ai.djl.offline}, the cache directories (under the user's cache unless given) and one
 * PyTorch thread per process, each only if the user has not set it already.
 */
public final class DjlSetup {

  private DjlSetup() {}

  /** Applies the defaults; call before the first DJL engine use. */
  public static void applyDefaults() {
    setIfAbsent("ai.djl.offline", "true");
    String cache =
        Path.of(System.getProperty("user.home"), ".cache", "flowimpute", "djl").toString();
    setIfAbsent("DJL_CACHE_DIR", cache);
    setIfAbsent("ENGINE_CACHE_DIR", cache);
    setIfAbsent("ai.djl.pytorch.num_threads", "1");
    setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
    requireWritable("DJL_CACHE_DIR");
  }

  /**
   * Refuses an empty or missing cache directory nothing can be written to: DJL unpacks the PyTorch
   * native library there, and failed with only "Failed to extract PyTorch native library" (a home
   * directory that is read-only, as for some service accounts and containers).
   */
  private static void requireWritable(String key) {
    String value = System.getProperty(key) != null ? System.getProperty(key) : System.getenv(key);
    Path directory = Path.of(value).toAbsolutePath();
    if (holdsFiles(directory)) {
      return;
    }
    OutputDirectory.problem(directory)
        .ifPresent(
            problem -> {
              throw new IllegalStateException(
                  "cannot use "
                      + directory
                      + " as DJL's cache, where the PyTorch native library is unpacked: "
                      + problem
                      + "; set FLOWIMPUTE_CACHE_DIR (bin/flowimpute) or -D"
                      + key
                      + " to a writable directory");
            });
  }

  /**
   * Whether the cache already holds files (the unpacked library, e.g. baked into a read-only
   * container image): then DJL reads it and need not write.
   */
  private static boolean holdsFiles(Path directory) {
    if (!Files.isDirectory(directory)) {
      return false;
    }
    try (Stream<Path> entries = Files.list(directory)) {
      return entries.findAny().isPresent();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list DJL's cache " + directory, e);
    }
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null && System.getenv(key) == null) {
      System.setProperty(key, value);
    }
  }
}
