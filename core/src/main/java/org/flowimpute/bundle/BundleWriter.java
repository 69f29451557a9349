package org.flowimpute.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.flowimpute.table.IoErrors;

/**
 * Writes a model bundle: computes the SHA-256 of model.onnx into the manifest's checksums and
 * writes both files to a directory, or to a .zip file when the target name ends in ".zip" (any
 * case). The manifest is written last (directory) or the zip is moved into place at the end, so a
 * crash never leaves a bundle that looks complete. Zip output is byte-for-byte reproducible (fixed
 * entry order and times). A zip gets the permissions of any new file (the umask applies), as the
 * files of a directory bundle do, so a service running as another user can read it.
 */
public final class BundleWriter {
  private BundleWriter() {}

  /**
   * Writes the bundle and returns the manifest as written (with checksums).
   *
   * @param target a directory (created if needed) or a file name ending in ".zip"
   * @param manifest the manifest; its checksums are replaced
   * @param model the bytes of model.onnx
   */
  public static Manifest write(Path target, Manifest manifest, byte[] model)
      throws BundleException {
    return write(target, manifest, model, Map.of());
  }

  /**
   * Writes the bundle with optional extra files (e.g. {@code synthesis.json}), each listed in the
   * manifest's checksums and verified on load.
   */
  public static Manifest write(
      Path target, Manifest manifest, byte[] model, Map<String, byte[]> extraFiles)
      throws BundleException {
    Map<String, byte[]> files = new TreeMap<>(extraFiles);
    files.put(ModelBundle.MODEL_FILE, model);
    Map<String, String> checksums = new LinkedHashMap<>();
    files.forEach((name, bytes) -> checksums.put(name, Sha256.of(bytes)));
    Manifest written = manifest.withChecksums(checksums);
    byte[] manifestBytes = ManifestJson.toBytes(written);
    try {
      if (target.getFileName() != null
          && target.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip")) {
        writeZip(target, written, files, manifestBytes);
      } else {
        writeDirectory(target, files, manifestBytes);
      }
    } catch (IOException e) {
      throw new BundleException(target + ": cannot write bundle: " + IoErrors.describe(e), e);
    }
    return written;
  }

  /**
   * Writes the files, then the manifest. A bundle already there loses the files its manifest listed
   * (and the optional files flowimpute writes) that the new bundle does not have: re-training
   * without {@code --synthesis} left the old synthesis.json beside the new model. Other files are
   * left alone.
   */
  private static void writeDirectory(Path directory, Map<String, byte[]> files, byte[] manifest)
      throws IOException {
    Files.createDirectories(directory);
    Set<String> stale = new TreeSet<>(BundleFiles.OPTIONAL);
    stale.addAll(listedFiles(directory.resolve(ModelBundle.MANIFEST_FILE)));
    stale.removeAll(files.keySet());
    stale.remove(ModelBundle.MANIFEST_FILE);
    Files.deleteIfExists(directory.resolve(ModelBundle.MANIFEST_FILE));
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      Files.write(directory.resolve(file.getKey()), file.getValue());
    }
    for (String file : stale) {
      Path path = directory.resolve(file);
      if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
        Files.delete(path);
      }
    }
    Files.write(directory.resolve(ModelBundle.MANIFEST_FILE), manifest);
  }

  /**
   * The plain file names the {@code checksums} of the manifest at {@code manifest} lists; none when
   * there is no manifest or it cannot be read (any version: only the field names are read).
   */
  private static Set<String> listedFiles(Path manifest) {
    Set<String> listed = new TreeSet<>();
    if (!Files.isRegularFile(manifest)) {
      return listed;
    }
    try {
      JsonNode checksums = new ObjectMapper().readTree(manifest.toFile()).path("checksums");
      checksums
          .fieldNames()
          .forEachRemaining(
              name -> {
                if (BundleFiles.isPlainFileName(name)) {
                  listed.add(name);
                }
              });
    } catch (IOException | RuntimeException e) {
      // an unreadable old manifest: only the known optional files are removed
    }
    return listed;
  }

  private static void writeZip(
      Path zip, Manifest written, Map<String, byte[]> files, byte[] manifest) throws IOException {
    Path parent = zip.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path temporary = newTemporaryFile(parent);
    try {
      long time = written.createdAt().toEpochMilli();
      try (OutputStream out = Files.newOutputStream(temporary);
          ZipOutputStream zipOut = new ZipOutputStream(out)) {
        putEntry(zipOut, ModelBundle.MANIFEST_FILE, manifest, time);
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
          putEntry(zipOut, file.getKey(), file.getValue(), time);
        }
      }
      Files.move(
          temporary, zip, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /**
   * A new empty hidden file in {@code directory}, created as any new file is (the umask applies);
   * not {@link Files#createTempFile}, whose file is owner-only (0600), which the move would keep.
   * The name is random, so another writer's temporary file is never taken.
   */
  private static Path newTemporaryFile(Path directory) throws IOException {
    return Files.createFile(directory.resolve(".bundle-" + UUID.randomUUID() + ".zip.tmp"));
  }

  private static void putEntry(ZipOutputStream zipOut, String name, byte[] bytes, long time)
      throws IOException {
    ZipEntry entry = new ZipEntry(name);
    entry.setTime(time);
    zipOut.putNextEntry(entry);
    zipOut.write(bytes);
    zipOut.closeEntry();
  }
}
