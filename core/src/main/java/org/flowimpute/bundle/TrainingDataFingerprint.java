package org.flowimpute.bundle;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Which data a model was trained on, without storing any of it: the SHA-256 of the training file's
 * bytes and the number of rows used. Lets an auditor check that a bundle came from a given file.
 *
 * @param sha256 lower-case hex SHA-256 of the training data file
 * @param rows number of training rows (before the validation split)
 */
public record TrainingDataFingerprint(String sha256, long rows) {

  /** Checks the hash format and the row count. */
  public TrainingDataFingerprint {
    Fields.required(sha256, "sha256");
    if (!Sha256.isHex(sha256)) {
      throw new IllegalArgumentException(
          "field 'sha256' must be 64 lower-case hex digits, got '" + sha256 + "'");
    }
    if (rows < 1) {
      throw new IllegalArgumentException("field 'rows' must be >= 1, got " + rows);
    }
  }

  /** Fingerprints a training data file (streams it; any size). */
  public static TrainingDataFingerprint ofFile(Path file, long rows) throws IOException {
    return new TrainingDataFingerprint(Sha256.of(file), rows);
  }

  /**
   * Fingerprints training data of several files (a table named by a glob): the SHA-256 of their
   * bytes one after another, in the given (name) order; of one file, its own hash.
   */
  public static TrainingDataFingerprint ofFiles(List<Path> files, long rows) throws IOException {
    return new TrainingDataFingerprint(Sha256.of(files), rows);
  }

  /** Fingerprints training data held in memory. */
  public static TrainingDataFingerprint ofBytes(byte[] data, long rows) {
    return new TrainingDataFingerprint(Sha256.of(data), rows);
  }
}
