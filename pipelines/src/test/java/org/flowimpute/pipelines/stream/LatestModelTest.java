package org.flowimpute.pipelines.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which entries of a watched model directory are bundles: a copy made in the directory under a
 * hidden temporary name ({@code .new.tmp}) was taken as a bundle while it was being copied, then
 * vanished at its rename; a {@code .ZIP} (which {@code train --out} writes as a zip) was not seen.
 */
class LatestModelTest {

  @TempDir Path dir;

  @Test
  void bundlesAreVisibleSubDirectoriesWithAManifestAndZipsNewestFirst() throws Exception {
    bundleDirectory("2026-01-people");
    bundleDirectory("2026-03-people");
    bundleDirectory(".2026-04-people.tmp");
    Files.createDirectories(dir.resolve("2026-05-empty"));
    Files.writeString(dir.resolve("2026-02-people.zip"), "zip");
    Files.writeString(dir.resolve(".2026-06-people.zip"), "zip");
    Files.writeString(dir.resolve("2026-04-people.ZIP"), "zip");
    Files.writeString(dir.resolve("notes.txt"), "not a bundle");

    List<String> bundles = LatestModel.bundlesIn(dir + "/");

    assertEquals(
        List.of(
            dir.resolve("2026-04-people.ZIP").toString(),
            dir.resolve("2026-03-people").toString(),
            dir.resolve("2026-02-people.zip").toString(),
            dir.resolve("2026-01-people").toString()),
        bundles);
  }

  @Test
  void aModelDirectoryThatCannotHoldBundlesIsRefusedNamingTheOption() throws Exception {
    Path missing = dir.resolve("does/not/exist");
    Path file = Files.writeString(dir.resolve("file"), "x");
    bundleDirectory("bundle");
    Path bundle = dir.resolve("bundle");

    assertEquals(
        "--modelDirectory " + missing + ": does not exist",
        refusal(missing.toString()).getMessage());
    assertEquals(
        "--modelDirectory " + file + ": is not a directory", refusal(file.toString()).getMessage());
    assertEquals(
        "--modelDirectory "
            + bundle
            + ": is itself a model bundle; give the directory that holds the bundles (each a"
            + " sub-directory or a .zip)",
        refusal(bundle.toString()).getMessage());
    LatestModel.requireWatchable(dir.toString());
  }

  private static IllegalArgumentException refusal(String directory) {
    return assertThrows(
        IllegalArgumentException.class, () -> LatestModel.requireWatchable(directory));
  }

  private void bundleDirectory(String name) throws Exception {
    Files.writeString(Files.createDirectories(dir.resolve(name)).resolve("manifest.json"), "{}");
  }
}
