package org.flowimpute.bundle;

/** File names of a bundle and the rule for names the manifest may list. */
final class BundleFiles {
  static final String MANIFEST = "manifest.json";
  static final String MODEL = "model.onnx";

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
