package org.flowimpute.pipelines.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.flowimpute.bundle.ModelBundle;
import org.flowimpute.pipelines.testing.ContractModels;
import org.flowimpute.pipelines.testing.TestBundles;
import org.flowimpute.pipelines.transforms.BundleModelProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bundle the hot swap saw while it was still being copied in is used once complete, and an
 * unchanged bundle is not loaded again on every tick.
 */
class BundleVerdictsTest {

  @TempDir Path dir;

  private final List<String> checked = new ArrayList<>();

  private final BundleVerdicts verdicts =
      new BundleVerdicts(
          bundle -> {
            checked.add(bundle);
            try {
              BundleModelProvider.load(bundle, "cpu", 1, 16, 0, null);
              return true;
            } catch (IllegalArgumentException e) {
              return false;
            }
          });

  @Test
  void bundleRejectedWhileCopiedInIsUsedOnceComplete() throws Exception {
    Path complete = dir.resolve("complete");
    ContractModels.writeBundle(complete, TestBundles.peopleManifest("people-v2"));
    Path copying = Files.createDirectories(dir.resolve("2026-02-people"));
    Files.copy(
        complete.resolve(ModelBundle.MANIFEST_FILE), copying.resolve(ModelBundle.MANIFEST_FILE));
    String bundle = copying.toString();

    assertFalse(verdicts.usable(bundle), "a manifest without its model is not usable");
    assertFalse(verdicts.usable(bundle));
    assertEquals(1, checked.size(), "an unchanged bundle is checked once");

    Files.copy(complete.resolve(ModelBundle.MODEL_FILE), copying.resolve(ModelBundle.MODEL_FILE));
    assertTrue(verdicts.usable(bundle), "the completed bundle is used");
    assertTrue(verdicts.usable(bundle));
    assertEquals(List.of(bundle, bundle), checked);
  }

  @Test
  void truncatedZipIsCheckedAgainWhenRewritten() throws Exception {
    Path complete = dir.resolve("complete.zip");
    ContractModels.writeBundle(complete, TestBundles.peopleManifest("people-v3"));
    Path zip = dir.resolve("2026-03-people.zip");
    byte[] bytes = Files.readAllBytes(complete);
    Files.write(zip, Arrays.copyOf(bytes, bytes.length / 2));

    assertFalse(verdicts.usable(zip.toString()), "half a zip is not usable");
    Files.write(zip, bytes);
    assertTrue(verdicts.usable(zip.toString()), "the rewritten zip is used");
    assertEquals(2, checked.size());
  }
}
