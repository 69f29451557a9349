package org.flowimpute.bundle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.flowimpute.table.IoErrors;

/**
 * A verified model bundle: its manifest and the bytes of model.onnx. The only way to get one is
 * {@link #load} (or {@link #fromFiles}), which refuses a bundle whose format version is not
 * readable, whose manifest is invalid, or whose files are missing or differ from the checksums in
 * the manifest (or, in a zip, from the CRC-32 the zip records), so code holding a {@code
 * ModelBundle} can trust it.
 *
 * <p>A bundle is a directory or a .zip file holding {@code manifest.json} and {@code model.onnx}
 * (in a zip, optionally inside one top-level directory). Files the manifest does not list are
 * ignored.
 */
public final class ModelBundle {
  /** Name of the manifest file. */
  public static final String MANIFEST_FILE = BundleFiles.MANIFEST;

  /** Name of the ONNX model file. */
  public static final String MODEL_FILE = BundleFiles.MODEL;

  /** Largest file a bundle may hold (a guard against zip bombs; ONNX models here are small). */
  static final long MAX_FILE_BYTES = 1L << 30;

  private final String location;
  private final Manifest manifest;
  private final byte[] model;
  private final Map<String, byte[]> verified;

  private ModelBundle(
      String location, Manifest manifest, byte[] model, Map<String, byte[]> verified) {
    this.location = location;
    this.manifest = manifest;
    this.model = model;
    this.verified = verified;
  }

  /**
   * Loads and verifies a bundle directory or .zip file.
   *
   * @throws BundleException naming the file and the problem if the bundle is missing, corrupted or
   *     incompatible
   */
  public static ModelBundle load(Path path) throws BundleException {
    if (Files.isDirectory(path)) {
      return loadDirectory(path);
    }
    if (Files.isRegularFile(path)) {
      return loadZip(path);
    }
    throw new BundleException(
        path + ": no such bundle (expected a directory or .zip with manifest.json and model.onnx)");
  }

  /**
   * Verifies a bundle whose files were fetched elsewhere (e.g. through Beam's FileSystems).
   *
   * @param location how to name the bundle in messages
   * @param files file name to contents; must contain manifest.json and every file it lists
   */
  public static ModelBundle fromFiles(String location, Map<String, byte[]> files)
      throws BundleException {
    byte[] manifestBytes = files.get(MANIFEST_FILE);
    if (manifestBytes == null) {
      throw new BundleException(where(location, MANIFEST_FILE) + ": missing");
    }
    Manifest manifest = ManifestJson.fromBytes(where(location, MANIFEST_FILE), manifestBytes);
    if (!manifest.checksums().containsKey(MODEL_FILE)) {
      throw new BundleException(
          where(location, MANIFEST_FILE) + ": field 'checksums' does not list " + MODEL_FILE);
    }
    for (Map.Entry<String, String> listed : manifest.checksums().entrySet()) {
      String file = listed.getKey();
      byte[] contents = files.get(file);
      if (contents == null) {
        throw new BundleException(
            where(location, file) + ": missing (listed in " + MANIFEST_FILE + ")");
      }
      String actual = Sha256.of(contents);
      if (!actual.equals(listed.getValue())) {
        throw new BundleException(
            where(location, file)
                + ": SHA-256 mismatch (manifest says "
                + listed.getValue()
                + ", file has "
                + actual
                + "): the file is corrupted or was changed after the bundle was written");
      }
    }
    Map<String, byte[]> verified = new HashMap<>();
    manifest.checksums().keySet().forEach(file -> verified.put(file, files.get(file).clone()));
    return new ModelBundle(location, manifest, verified.get(MODEL_FILE), verified);
  }

  /** Where the bundle was loaded from. */
  public String location() {
    return location;
  }

  /** How messages name {@code file} of this bundle: {@code DIR/file} or {@code ZIP!/file}. */
  public String where(String file) {
    return where(location, file);
  }

  /** The verified manifest. */
  public Manifest manifest() {
    return manifest;
  }

  /**
   * A copy of an optional verified file of the bundle (listed in the manifest's checksums), e.g.
   * {@code synthesis.json}; empty if the bundle does not have it.
   */
  public java.util.Optional<byte[]> file(String name) {
    byte[] contents = verified.get(name);
    return java.util.Optional.ofNullable(contents == null ? null : contents.clone());
  }

  /** A copy of the verified model.onnx bytes (e.g. for {@code OrtEnvironment.createSession}). */
  public byte[] modelBytes() {
    return model.clone();
  }

  private static ModelBundle loadDirectory(Path directory) throws BundleException {
    Map<String, byte[]> files = new HashMap<>();
    byte[] manifestBytes = readFile(directory.resolve(MANIFEST_FILE));
    files.put(MANIFEST_FILE, manifestBytes);
    Manifest manifest =
        ManifestJson.fromBytes(directory.resolve(MANIFEST_FILE).toString(), manifestBytes);
    for (String file : manifest.checksums().keySet()) {
      files.put(file, readFile(directory.resolve(file)));
    }
    return fromFiles(directory.toString(), files);
  }

  private static byte[] readFile(Path file) throws BundleException {
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw new BundleException(file + ": larger than " + MAX_FILE_BYTES + " bytes");
      }
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new BundleException(file + ": missing", e);
    } catch (IOException e) {
      throw new BundleException(file + ": cannot read: " + IoErrors.describe(e), e);
    }
  }

  /**
   * Reads manifest.json, then only the files it lists: other entries (a 1 GB data file zipped with
   * the bundle) are never read.
   */
  private static ModelBundle loadZip(Path zip) throws BundleException {
    String location = zip.toString();
    try (ZipFile zipFile = new ZipFile(zip.toFile())) {
      String prefix = manifestDirectory(checkedEntries(location, zipFile));
      ZipEntry manifestEntry = zipFile.getEntry(prefix + MANIFEST_FILE);
      if (manifestEntry == null || manifestEntry.isDirectory()) {
        throw new BundleException(where(location, MANIFEST_FILE) + ": missing");
      }
      byte[] manifestBytes = readEntry(location, zipFile, manifestEntry);
      Manifest manifest = ManifestJson.fromBytes(where(location, MANIFEST_FILE), manifestBytes);
      Map<String, byte[]> files = new HashMap<>();
      files.put(MANIFEST_FILE, manifestBytes);
      for (String file : manifest.checksums().keySet()) {
        ZipEntry entry = zipFile.getEntry(prefix + file);
        if (entry != null && !entry.isDirectory()) {
          files.put(file, readEntry(location, zipFile, entry));
        }
      }
      return fromFiles(location, files);
    } catch (ZipException e) {
      throw CheckedZipEntries.unreadable(zip, e);
    } catch (IOException e) {
      if (e instanceof BundleException bundleException) {
        throw bundleException;
      }
      throw new BundleException(location + ": cannot read: " + IoErrors.describe(e), e);
    }
  }

  private static List<ZipEntry> checkedEntries(String location, ZipFile zipFile)
      throws BundleException {
    List<ZipEntry> entries = new ArrayList<>();
    Set<String> names = new HashSet<>();
    Enumeration<? extends ZipEntry> all = zipFile.entries();
    while (all.hasMoreElements()) {
      ZipEntry entry = all.nextElement();
      String name = entry.getName();
      if (!isSafeEntryName(name)) {
        throw new BundleException(
            location + ": unsafe entry name '" + name + "' (absolute path or parent reference)");
      }
      if (!names.add(name)) {
        throw new BundleException(location + ": duplicate entry '" + name + "'");
      }
      entries.add(entry);
    }
    return entries;
  }

  private static boolean isSafeEntryName(String name) {
    if (name.isEmpty() || name.startsWith("/") || name.contains("\\") || name.contains(":")) {
      return false;
    }
    for (String segment : name.split("/", -1)) {
      if (segment.equals("..") || segment.equals(".")) {
        return false;
      }
    }
    return true;
  }

  /**
   * Where manifest.json is: "" at the root, else "dir/" when exactly one top-level directory holds
   * one (so a zip made by compressing the bundle's directory loads even with what the archiver adds
   * beside it, such as macOS's {@code __MACOSX/} or {@code .DS_Store}).
   */
  private static String manifestDirectory(List<ZipEntry> entries) {
    List<String> candidates = new ArrayList<>();
    for (ZipEntry entry : entries) {
      String name = entry.getName();
      if (name.equals(MANIFEST_FILE)) {
        return "";
      }
      int slash = name.indexOf('/');
      if (slash > 0 && name.substring(slash + 1).equals(MANIFEST_FILE)) {
        candidates.add(name.substring(0, slash + 1));
      }
    }
    return candidates.size() == 1 ? candidates.get(0) : "";
  }

  private static byte[] readEntry(String location, ZipFile zipFile, ZipEntry entry)
      throws IOException {
    return CheckedZipEntries.read(
        location + "!/" + entry.getName(), zipFile, entry, MAX_FILE_BYTES);
  }

  private static String where(String location, String file) {
    return location.endsWith(".zip") ? location + "!/" + file : location + "/" + file;
  }
}
