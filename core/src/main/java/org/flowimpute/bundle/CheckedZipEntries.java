package org.flowimpute.bundle;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.flowimpute.table.IoErrors;

/**
 * Reads the entries of a bundle zip as {@code java.util.zip.ZipInputStream} does, checked: {@link
 * ZipFile#getInputStream} does not compare an entry's bytes with the CRC-32 the zip records, so a
 * stored manifest.json with one digit changed was read as valid and every command used the wrong
 * value. Also says whether a file that {@link ZipFile} cannot open is a damaged zip or no zip.
 */
final class CheckedZipEntries {

  /** The signature a zip file starts with (a local file header, "PK\3\4"). */
  private static final byte[] ZIP_SIGNATURE = {0x50, 0x4b, 0x03, 0x04};

  private CheckedZipEntries() {}

  /**
   * The bytes of {@code entry}, refused if it is larger than {@code maxBytes} or its bytes are not
   * what the zip recorded (CRC-32 mismatch, compressed data that does not inflate or ends early).
   *
   * @param where how messages name the entry ({@code ZIP!/name})
   */
  static byte[] read(String where, ZipFile zipFile, ZipEntry entry, long maxBytes)
      throws IOException {
    if (entry.getSize() > maxBytes) {
      throw new BundleException(
          where + ": larger than " + maxBytes + " bytes (" + entry.getSize() + " inflated)");
    }
    CRC32 crc = new CRC32();
    byte[] bytes;
    try (InputStream in = new CheckedInputStream(zipFile.getInputStream(entry), crc)) {
      bytes = in.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8));
    } catch (EOFException e) {
      throw new BundleException(where + " is damaged: its compressed data ends early", e);
    } catch (ZipException e) {
      throw new BundleException(where + " is damaged: " + e.getMessage(), e);
    }
    if (bytes.length > maxBytes) {
      throw new BundleException(where + ": larger than " + maxBytes + " bytes");
    }
    if (entry.getCrc() != -1 && crc.getValue() != entry.getCrc()) {
      throw new BundleException(
          where
              + " is damaged: CRC-32 mismatch (the zip records "
              + hex(entry.getCrc())
              + ", the data has "
              + hex(crc.getValue())
              + "); copy or download the bundle again");
    }
    return bytes;
  }

  /**
   * The error for a file {@link ZipFile} could not open: a truncated or damaged zip when the file
   * starts as a zip does, else not a zip file.
   */
  static BundleException unreadable(Path zip, ZipException cause) {
    String reason = " (" + cause.getMessage() + ")";
    try {
      return new BundleException(
          startsAsZip(zip)
              ? zip
                  + ": truncated or damaged zip file"
                  + reason
                  + "; copy or download the bundle again"
              : zip + ": not a zip file" + reason,
          cause);
    } catch (IOException e) {
      return new BundleException(zip + ": cannot read: " + IoErrors.describe(e), e);
    }
  }

  private static boolean startsAsZip(Path zip) throws IOException {
    try (InputStream in = Files.newInputStream(zip)) {
      return Arrays.equals(in.readNBytes(ZIP_SIGNATURE.length), ZIP_SIGNATURE);
    }
  }

  private static String hex(long crc) {
    return String.format(Locale.ROOT, "%08x", crc);
  }
}
