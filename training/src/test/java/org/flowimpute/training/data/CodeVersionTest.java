package org.flowimpute.training.data;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Bundles record the build's version even when the code runs from class directories (the CLI's
 * launcher, the tests): the jar manifest it was read from before is absent there, and every bundle
 * said "development".
 */
class CodeVersionTest {

  @Test
  void theCodeVersionIsTheBuildsProjectVersion() {
    String version = BundleTrainer.codeVersion();

    assertTrue(version.matches("\\d+\\.\\d+\\.\\d+([-.][A-Za-z0-9.]+)?"), version);
  }
}
