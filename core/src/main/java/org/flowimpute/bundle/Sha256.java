package org.flowimpute.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * SHA-256 as lower-case hex, the checksum format of manifest.json; also what names a graph in the
 * ONNX Runtime session cache.
 */
public final class Sha256 {
  private Sha256() {}

  /** The SHA-256 of {@code bytes} as 64 lower-case hex digits. */
  public static String of(byte[] bytes) {
    return HexFormat.of().formatHex(digest().digest(bytes));
  }

  static String of(Path file) throws IOException {
    return of(List.of(file));
  }

  /** The SHA-256 of the bytes of {@code files}, one after another. */
  static String of(List<Path> files) throws IOException {
    MessageDigest digest = digest();
    byte[] buffer = new byte[1 << 16];
    for (Path file : files) {
      try (InputStream in = Files.newInputStream(file)) {
        for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
          digest.update(buffer, 0, read);
        }
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  static boolean isHex(String value) {
    return value != null && value.matches("[0-9a-f]{64}");
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
