package org.flowimpute.bundle;

import java.io.IOException;

/**
 * A model bundle could not be read or written: missing, corrupted or incompatible. The message is
 * one line that names the file and the problem, e.g. {@code "bundle/model.onnx: SHA-256 mismatch
 * (manifest says ab12..., file has cd34...)"}, so the CLI can print it as is.
 */
public final class BundleException extends IOException {
  private static final long serialVersionUID = 1L;

  /** A problem with no underlying exception. */
  public BundleException(String message) {
    super(message);
  }

  /** A problem caused by another exception (kept for {@code --verbose}). */
  public BundleException(String message, Throwable cause) {
    super(message, cause);
  }
}
