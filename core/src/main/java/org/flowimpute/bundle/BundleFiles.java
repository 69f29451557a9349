package org.flowimpute.bundle;

/** File names of a bundle and the rule for names the manifest may list. */
final class BundleFiles {
  static final String MANIFEST = "manifest.json";
  static final String MODEL = "model.onnx";

  /**
   * The optional files flowimpute writes into bundles (today {@code synthesis.json}, {@code
   * ConditionSynthesis.FILE}): removed when a directory bundle is rewritten without them, even if
   * the old manifest cannot be read.
   */
  static final java.util.Set<String> OPTIONAL = java.util.Set.of("synthesis.json");

  private BundleFiles() {}

  /** A name without directories, parent references or platform tricks. */
  static boolean isPlainFileName(String name) {
    return name != null
        && !name.isEmpty()
        && name.length() <= 255
        && !name.equals(".")
        && !name.equals("..")
        && name.chars().noneMatch(c -> c == '/' || c == '\\' || c == ':' || c < 0x20);
  }
}
