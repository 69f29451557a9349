package org.flowimpute.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelBundleTest {
  @TempDir Path temp;

  @Test
  void roundTripsADirectory() throws Exception {
    Path directory = temp.resolve("bundle");

    Manifest written =
        BundleWriter.write(directory, SampleManifests.sample(), SampleManifests.MODEL_BYTES);
    ModelBundle loaded = ModelBundle.load(directory);

    assertEquals(written, loaded.manifest());
    assertArrayEquals(SampleManifests.MODEL_BYTES, loaded.modelBytes());
    assertEquals(Sha256.of(SampleManifests.MODEL_BYTES), written.checksums().get("model.onnx"));
  }

  @Test
  void roundTripsAZipReproducibly() throws Exception {
    Path first = temp.resolve("first.zip");
    Path second = temp.resolve("second.zip");

    BundleWriter.write(first, SampleManifests.sample(), SampleManifests.MODEL_BYTES);
    BundleWriter.write(second, SampleManifests.sample(), SampleManifests.MODEL_BYTES);
    ModelBundle loaded = ModelBundle.load(first);

    assertEquals("demo-model-1", loaded.manifest().modelId());
    assertArrayEquals(SampleManifests.MODEL_BYTES, loaded.modelBytes());
    assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));
  }

  @Test
  void aZipGetsThePermissionsOfANewFileLikeADirectoryBundle() throws Exception {
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
    Path zip = temp.resolve("readable.zip");
    Path directory = temp.resolve("readable");
    Path plain = Files.createFile(temp.resolve("plain"));

    BundleWriter.write(zip, SampleManifests.sample(), SampleManifests.MODEL_BYTES);
    BundleWriter.write(directory, SampleManifests.sample(), SampleManifests.MODEL_BYTES);

    // Under the usual umask 022 all three are rw-r--r--; Files.createTempFile made the zip
    // rw-------.
    Set<PosixFilePermission> expected = Files.getPosixFilePermissions(plain);
    assertEquals(expected, Files.getPosixFilePermissions(zip));
    assertEquals(expected, Files.getPosixFilePermissions(directory.resolve("model.onnx")));
    try (Stream<Path> files = Files.list(temp)) {
      assertEquals(
          Set.of("readable.zip", "readable", "plain"),
          files.map(f -> f.getFileName().toString()).collect(Collectors.toSet()));
    }
  }

  @Test
  void refusesAModelWithOneFlippedByteNamingTheFile() throws Exception {
    Path directory = written("flipped");
    Path model = directory.resolve("model.onnx");
    byte[] bytes = Files.readAllBytes(model);
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(model, bytes);

    BundleException error = assertThrows(BundleException.class, () -> ModelBundle.load(directory));

    assertTrue(
        error.getMessage().startsWith(model + ": SHA-256 mismatch (manifest says "),
        error.getMessage());
  }

  @Test
  void refusesAFlippedByteInsideAZip() throws Exception {
    Path zip = temp.resolve("b.zip");
    Manifest manifest =
        BundleWriter.write(zip, SampleManifests.sample(), SampleManifests.MODEL_BYTES);
    byte[] corrupted = SampleManifests.MODEL_BYTES.clone();
    corrupted[0] ^= 0x01;
    writeZip(zip, Map.of("manifest.json", ManifestJson.toBytes(manifest), "model.onnx", corrupted));

    BundleException error = assertThrows(BundleException.class, () -> ModelBundle.load(zip));

    assertTrue(
        error.getMessage().startsWith(zip + "!/model.onnx: SHA-256 mismatch"), error.getMessage());
  }

  @Test
  void refusesAMissingModel() throws Exception {
    Path directory = written("no-model");
    Files.delete(directory.resolve("model.onnx"));

    BundleException error = assertThrows(BundleException.class, () -> ModelBundle.load(directory));

    assertEquals(directory.resolve("model.onnx") + ": missing", error.getMessage());
  }

  /**
   * A bundle file that cannot be read is named once with the reason: the message was built from the
   * exception's text, which for a denied read is only the path ("cannot read: DIR/model.onnx").
   */
  @Test
  void aFileThatCannotBeReadIsNamedOnceWithTheReason() throws Exception {
    Path directory = written("unreadable");
    Path model = directory.resolve("model.onnx");
    Files.delete(model);
    Files.createSymbolicLink(model, model.getFileName());

    BundleException loop = assertThrows(BundleException.class, () -> ModelBundle.load(directory));

    assertEquals(
        model
            + ": cannot read: Too many levels of symbolic links or unable to access attributes of"
            + " symbolic link",
        loop.getMessage());
  }

  @Test
  void refusesAMissingManifest() throws Exception {
    Path directory = written("no-manifest");
    Files.delete(directory.resolve("manifest.json"));

    BundleException error = assertThrows(BundleException.class, () -> ModelBundle.load(directory));

    assertEquals(directory.resolve("manifest.json") + ": missing", error.getMessage());
  }

  @Test
  void refusesATruncatedManifest() throws Exception {
    Path directory = written("truncated");
    Path manifest = directory.resolve("manifest.json");
    byte[] bytes = Files.readAllBytes(manifest);
    Files.write(manifest, java.util.Arrays.copyOf(bytes, bytes.length - 40));

    BundleException error = assertThrows(BundleException.class, () -> ModelBundle.load(directory));

    assertTrue(error.getMessage().startsWith(manifest + ": malformed JSON"), error.getMessage());
  }

  @Test
  void refusesAManifestThatDoesNotListTheModel() throws Exception {
    Path directory = written("unlisted");
    Manifest withoutChecksums = SampleManifests.sample();
    Files.write(directory.resolve("manifest.json"), ManifestJson.toBytes(withoutChecksums));

    BundleException error = assertThrows(BundleException.class, () -> ModelBundle.load(directory));

    assertEquals(
        directory.resolve("manifest.json") + ": field 'checksums' does not list model.onnx",
        error.getMessage());
  }

  @Test
  void refusesAFileThatIsNotAZip() throws Exception {
    Path notZip = temp.resolve("bundle.zip");
    Files.writeString(notZip, "this is plain text");

    BundleException error = assertThrows(BundleException.class, () -> ModelBundle.load(notZip));

    assertTrue(error.getMessage().startsWith(notZip + ": not a zip file"), error.getMessage());
  }

  /**
   * A stored manifest.json with one digit changed and its CRC-32 left as it was is refused, naming
   * the entry: {@link java.util.zip.ZipFile} does not check CRCs, so the bundle loaded with the age
   * condition's mean 47.5 instead of 41.5 (the manifest has no checksum of its own).
   */
  @Test
  void refusesAStoredManifestWhoseBytesDoNotMatchItsCrc() throws Exception {
    Path zip = temp.resolve("digit.zip");
    DamagedZips.writeSampleWithChangedDigit(zip, SampleManifests.MODEL_BYTES);

    BundleException error = assertThrows(BundleException.class, () -> ModelBundle.load(zip));

    assertTrue(
        error
            .getMessage()
            .matches(
                java.util.regex.Pattern.quote(zip + "!/manifest.json")
                    + " is damaged: CRC-32 mismatch \\(the zip records [0-9a-f]{8}, the data has"
                    + " [0-9a-f]{8}\\); copy or download the bundle again"),
        error.getMessage());
  }

  /**
   * A deflated manifest.json with one bit flipped that still inflates (to text that is not JSON) is
   * named as a damaged entry, not as malformed JSON.
   */
  @Test
  void refusesADamagedDeflatedManifestNamingTheEntry() throws Exception {
    Path zip = temp.resolve("deflated.zip");
    BundleWriter.write(zip, SampleManifests.sample(), SampleManifests.MODEL_BYTES);
    byte[] bytes = Files.readAllBytes(zip);
    int name = indexOf(bytes, "manifest.json".getBytes(StandardCharsets.UTF_8));
    int extraLength = (bytes[name - 2] & 0xff) | (bytes[name - 1] & 0xff) << 8;
    bytes[name + "manifest.json".length() + extraLength + 72] ^= 0x04;
    Files.write(zip, bytes);

    BundleException error = assertThrows(BundleException.class, () -> ModelBundle.load(zip));

    assertTrue(
        error.getMessage().startsWith(zip + "!/manifest.json is damaged: CRC-32 mismatch"),
        error.getMessage());
  }

  /** A zip cut short (an interrupted copy) is called truncated, not "not a zip file". */
  @Test
  void refusesATruncatedZipAsTruncated() throws Exception {
    Path zip = temp.resolve("cut.zip");
    BundleWriter.write(zip, SampleManifests.sample(), SampleManifests.MODEL_BYTES);
    byte[] bytes = Files.readAllBytes(zip);
    Files.write(zip, Arrays.copyOf(bytes, bytes.length / 2));

    BundleException error = assertThrows(BundleException.class, () -> ModelBundle.load(zip));

    assertEquals(
        zip
            + ": truncated or damaged zip file (zip END header not found); copy or download the"
            + " bundle again",
        error.getMessage());
  }

  @Test
  void refusesZipEntriesThatTraverseOutOfTheBundle() throws Exception {
    Path zip = temp.resolve("evil.zip");
    Manifest manifest =
        BundleWriter.write(zip, SampleManifests.sample(), SampleManifests.MODEL_BYTES);
    writeZip(
        zip,
        Map.of(
            "manifest.json",
            ManifestJson.toBytes(manifest),
            "model.onnx",
            SampleManifests.MODEL_BYTES,
            "../../etc/evil",
            new byte[] {1}));

    BundleException error = assertThrows(BundleException.class, () -> ModelBundle.load(zip));

    assertEquals(
        zip + ": unsafe entry name '../../etc/evil' (absolute path or parent reference)",
        error.getMessage());
  }

  @Test
  void refusesAbsoluteZipEntries() throws Exception {
    Path zip = temp.resolve("absolute.zip");
    writeZip(zip, Map.of("/tmp/model.onnx", SampleManifests.MODEL_BYTES));

    BundleException error = assertThrows(BundleException.class, () -> ModelBundle.load(zip));

    assertTrue(
        error.getMessage().contains("unsafe entry name '/tmp/model.onnx'"), error.getMessage());
  }

  @Test
  void acceptsAZipWhoseFilesSitInOneTopLevelDirectory() throws Exception {
    Manifest manifest = writtenSample("x");
    Path zip = temp.resolve("nested.zip");
    writeZip(zip, entries("bundle/", manifest));

    ModelBundle loaded = ModelBundle.load(zip);

    assertEquals(manifest, loaded.manifest());
  }

  /**
   * Only the files the manifest lists are read from a zip: an unlisted entry whose data cannot be
   * inflated (it stands for a large file zipped with the bundle, which used to be read in full)
   * does not stop the bundle from loading.
   */
  @Test
  void readsOnlyTheListedEntriesOfAZip() throws Exception {
    Manifest manifest = writtenSample("y");
    Path zip = temp.resolve("with-data.zip");
    Map<String, byte[]> entries = entries("", manifest);
    entries.put("training-data.csv", "a,b\n1,2\n".repeat(100).getBytes(StandardCharsets.UTF_8));
    writeZip(zip, entries);
    byte[] bytes = Files.readAllBytes(zip);
    int name = indexOf(bytes, "training-data.csv".getBytes(StandardCharsets.UTF_8));
    int extraLength = (bytes[name - 2] & 0xff) | (bytes[name - 1] & 0xff) << 8;
    bytes[name + "training-data.csv".length() + extraLength] = (byte) 0xff;
    Files.write(zip, bytes);

    assertEquals(manifest, ModelBundle.load(zip).manifest());
  }

  /** An entry whose declared size is over the limit is refused before anything is inflated. */
  @Test
  void refusesAZipEntryDeclaredLargerThanTheLimitWithoutReadingIt() throws Exception {
    Path zip = temp.resolve("declared-huge.zip");
    writeZip(zip, entries("", writtenSample("d")));
    byte[] bytes = Files.readAllBytes(zip);
    byte[] name = "model.onnx".getBytes(StandardCharsets.UTF_8);
    int centralHeader = lastIndexOf(bytes, name) - 46;
    bytes[centralHeader + 24] = (byte) 0xff;
    bytes[centralHeader + 25] = (byte) 0xff;
    bytes[centralHeader + 26] = (byte) 0xff;
    bytes[centralHeader + 27] = (byte) 0x7f;
    Files.write(zip, bytes);

    BundleException error = assertThrows(BundleException.class, () -> ModelBundle.load(zip));

    assertEquals(
        zip + "!/model.onnx: larger than 1073741824 bytes (2147483647 inflated)",
        error.getMessage());
  }

  private static int lastIndexOf(byte[] bytes, byte[] wanted) {
    for (int i = bytes.length - wanted.length; i >= 0; i--) {
      if (Arrays.equals(bytes, i, i + wanted.length, wanted, 0, wanted.length)) {
        return i;
      }
    }
    throw new AssertionError("not in the zip");
  }

  /** A zip made by compressing the bundle's directory on macOS (with __MACOSX/ and .DS_Store). */
  @Test
  void acceptsAZipWithArchiverFilesBesideTheBundleDirectory() throws Exception {
    Manifest manifest = writtenSample("z");
    Path zip = temp.resolve("mac.zip");
    Map<String, byte[]> entries = entries("bundle/", manifest);
    entries.put("__MACOSX/bundle/._model.onnx", new byte[] {0, 5, 22, 7});
    entries.put(".DS_Store", new byte[] {0, 0, 0, 1});
    writeZip(zip, entries);

    assertEquals(manifest, ModelBundle.load(zip).manifest());
  }

  /** The sample bundle written as a directory named {@code name}; its manifest. */
  private Manifest writtenSample(String name) throws IOException {
    return BundleWriter.write(
        temp.resolve(name), SampleManifests.sample(), SampleManifests.MODEL_BYTES);
  }

  /** The bundle's two files as zip entries under {@code prefix}, in a map more can be added to. */
  private static Map<String, byte[]> entries(String prefix, Manifest manifest) {
    Map<String, byte[]> entries = new HashMap<>();
    entries.put(prefix + "manifest.json", ManifestJson.toBytes(manifest));
    entries.put(prefix + "model.onnx", SampleManifests.MODEL_BYTES);
    return entries;
  }

  private static int indexOf(byte[] bytes, byte[] wanted) {
    for (int i = 0; i + wanted.length <= bytes.length; i++) {
      if (Arrays.equals(bytes, i, i + wanted.length, wanted, 0, wanted.length)) {
        return i;
      }
    }
    throw new AssertionError("not in the zip");
  }

  @Test
  void refusesAPathThatDoesNotExist() {
    Path missing = temp.resolve("nothing-here");

    BundleException error = assertThrows(BundleException.class, () -> ModelBundle.load(missing));

    assertTrue(error.getMessage().startsWith(missing + ": no such bundle"), error.getMessage());
  }

  @Test
  void ignoresFilesTheManifestDoesNotList() throws Exception {
    Path directory = written("extra");
    Files.writeString(directory.resolve("README.txt"), "notes");

    ModelBundle loaded = ModelBundle.load(directory);

    assertEquals("demo-model-1", loaded.manifest().modelId());
  }

  @Test
  void rewritingADirectoryReplacesTheBundle() throws Exception {
    Path directory = written("rewrite");
    byte[] newModel = "another model".getBytes();

    BundleWriter.write(directory, SampleManifests.sample(), newModel);

    assertArrayEquals(newModel, ModelBundle.load(directory).modelBytes());
  }

  /**
   * Rewriting a directory bundle without a file the old one listed removes it: re-training without
   * --synthesis left the old synthesis.json beside the new model. Files the bundle never listed are
   * left alone.
   */
  @Test
  void rewritingADirectoryRemovesTheOldBundlesFilesThatTheNewOneLacks() throws Exception {
    Path directory = temp.resolve("stale");
    BundleWriter.write(
        directory,
        SampleManifests.sample(),
        SampleManifests.MODEL_BYTES,
        Map.of("synthesis.json", "{}".getBytes(StandardCharsets.UTF_8)));
    Files.writeString(directory.resolve("notes.txt"), "mine");

    BundleWriter.write(directory, SampleManifests.sample(), "another model".getBytes());

    try (Stream<Path> files = Files.list(directory)) {
      assertEquals(
          Set.of("manifest.json", "model.onnx", "notes.txt"),
          files.map(f -> f.getFileName().toString()).collect(Collectors.toSet()));
    }
  }

  private Path written(String name) throws BundleException {
    Path directory = temp.resolve(name);
    BundleWriter.write(directory, SampleManifests.sample(), SampleManifests.MODEL_BYTES);
    return directory;
  }

  private static void writeZip(Path zip, Map<String, byte[]> entries) throws IOException {
    try (OutputStream out = Files.newOutputStream(zip);
        ZipOutputStream zipOut = new ZipOutputStream(out)) {
      for (Map.Entry<String, byte[]> entry : new java.util.TreeMap<>(entries).entrySet()) {
        zipOut.putNextEntry(new ZipEntry(entry.getKey()));
        zipOut.write(entry.getValue());
        zipOut.closeEntry();
      }
    }
  }
}
