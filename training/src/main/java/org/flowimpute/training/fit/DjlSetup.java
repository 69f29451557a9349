package org.flowimpute.training.fit;

import java.nio.file.Path;

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
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null && System.getenv(key) == null) {
      System.setProperty(key, value);
    }
  }
}
