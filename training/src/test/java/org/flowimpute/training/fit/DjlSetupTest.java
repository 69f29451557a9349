package org.flowimpute.training.fit;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A DJL cache nothing can be written to is named, with the setting that moves it. */
class DjlSetupTest {

  @TempDir Path dir;

  @Test
  void anUnwritableCacheIsNamedWithTheSettingThatMovesIt() throws Exception {
    Path file = Files.writeString(dir.resolve("not-a-directory"), "x");
    String before = System.getProperty("DJL_CACHE_DIR");
    try {
      System.setProperty("DJL_CACHE_DIR", file.resolve("djl").toString());

      IllegalStateException error =
          assertThrows(IllegalStateException.class, DjlSetup::applyDefaults);

      assertTrue(
          error
              .getMessage()
              .startsWith(
                  "cannot use " + file.resolve("djl") + " as DJL's cache, where the PyTorch"),
          error.getMessage());
      assertTrue(
          error
              .getMessage()
              .endsWith(
                  "set FLOWIMPUTE_CACHE_DIR (bin/flowimpute) or"
                      + " -DDJL_CACHE_DIR to a writable directory"),
          error.getMessage());
    } finally {
      if (before == null) {
        System.clearProperty("DJL_CACHE_DIR");
      } else {
        System.setProperty("DJL_CACHE_DIR", before);
      }
    }
  }
}
