package org.flowimpute.bundle;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Bundle zips damaged as a copy or a download damages them, for tests (also used by the CLI tests
 * through the test jar): entries stored uncompressed, then bytes changed with the CRC-32 the zip
 * records left as it was.
 */
public final class DamagedZips {

  private DamagedZips() {}

  /** Writes {@code entries} (name to bytes) to {@code zip}, stored uncompressed, in name order. */
  public static void writeStored(Path zip, Map<String, byte[]> entries) throws IOException {
    try (OutputStream out = Files.newOutputStream(zip);
        ZipOutputStream zipOut = new ZipOutputStream(out)) {
      for (Map.Entry<String, byte[]> file : new TreeMap<>(entries).entrySet()) {
        byte[] bytes = file.getValue();
        CRC32 crc = new CRC32();
        crc.update(bytes);
        ZipEntry entry = new ZipEntry(file.getKey());
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(bytes.length);
        entry.setCompressedSize(bytes.length);
        entry.setCrc(crc.getValue());
        zipOut.putNextEntry(entry);
        zipOut.write(bytes);
        zipOut.closeEntry();
      }
    }
  }

  /**
   * The sample bundle ({@link SampleManifests#sample()} with {@code model}) as a zip of stored
   * entries whose manifest.json then had the age condition's mean 41.5 changed to 47.5 in place,
   * its CRC-32 kept: valid JSON with a wrong value.
   */
  public static void writeSampleWithChangedDigit(Path zip, byte[] model) throws IOException {
    Manifest manifest = BundleWriter.write(zip, SampleManifests.sample(), model);
    writeStored(zip, Map.of("manifest.json", ManifestJson.toBytes(manifest), "model.onnx", model));
    replaceOnce(zip, "41.5", "47.5");
  }

  /** Replaces the only occurrence of {@code from} in the bytes of {@code file} by {@code to}. */
  public static void replaceOnce(Path file, String from, String to) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    byte[] wanted = from.getBytes(StandardCharsets.UTF_8);
    byte[] replacement = to.getBytes(StandardCharsets.UTF_8);
    if (wanted.length != replacement.length) {
      throw new IllegalArgumentException("'" + from + "' and '" + to + "' differ in length");
    }
    int at = -1;
    for (int i = 0; i + wanted.length <= bytes.length; i++) {
      if (Arrays.equals(bytes, i, i + wanted.length, wanted, 0, wanted.length)) {
        if (at >= 0) {
          throw new IllegalArgumentException("'" + from + "' occurs more than once in " + file);
        }
        at = i;
      }
    }
    if (at < 0) {
      throw new IllegalArgumentException("'" + from + "' is not in " + file);
    }
    System.arraycopy(replacement, 0, bytes, at, replacement.length);
    Files.write(file, bytes);
  }
}
