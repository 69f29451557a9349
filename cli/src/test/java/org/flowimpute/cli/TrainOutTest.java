package org.flowimpute.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.flowimpute.bundle.ModelBundle;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --out} is checked before training, so a bad bundle location fails at once with the
 * reason (it failed after training with "error: afile: cannot write bundle: afile"), and a
 * directory of the user's own files is not written into.
 */
class TrainOutTest {

  @TempDir Path temp;

  private Path data;

  @BeforeEach
  void writeData() throws Exception {
    data = temp.resolve("data.csv");
    Files.writeString(data, TrainGenerateCommandTest.table(80, 3, true));
  }

  private CommandRun train(Path out) {
    return TrainGenerateCommandTest.trainSmall(data, out, "--no-progress");
  }

  private static void assertRefused(CommandRun result, String... parts) {
    assertEquals(ExitCodes.FAILURE, result.exitCode(), result.out());
    String line = result.err().strip();
    assertEquals(1, line.lines().count(), result.err());
    assertTrue(line.startsWith("error: --out: "), line);
    for (String part : parts) {
      assertTrue(line.contains(part), "'" + part + "' missing in: " + line);
    }
  }

  @Test
  void anExistingFileWithoutZipIsRefusedWithTheReason() throws Exception {
    Path file = Files.writeString(temp.resolve("afile"), "mine");

    assertRefused(train(file), "is an existing file, not a bundle directory", ".zip");
    assertEquals("mine", Files.readString(file));
  }

  @Test
  void aDirectoryNamedLikeAZipIsRefused() throws Exception {
    Path directory = Files.createDirectory(temp.resolve("x.zip"));

    assertRefused(train(directory), "x.zip is a directory");
  }

  @Test
  void aDirectoryUnderAFileIsRefused() throws Exception {
    Files.writeString(temp.resolve("afile"), "mine");

    assertRefused(train(temp.resolve("afile").resolve("bundle")), "afile is a file");
  }

  /**
   * A directory where no file can be created is refused before the data is read, also for root,
   * whom permission bits do not stop: {@code --out /proc/y.zip} trained every epoch and then failed
   * with "cannot write bundle: /proc/.bundle-….zip.tmp", no reason given.
   */
  @Test
  void aDirectoryWhereNoFileCanBeCreatedIsRefusedBeforeTraining() {
    CommandRun result = train(Path.of("/proc/y.zip"));

    assertRefused(result, "--out: cannot write /proc/y.zip: ");
    assertTrue(
        result.err().contains("cannot create files in /proc: ")
            || result.err().contains("directory /proc is not writable"),
        result.err());
    assertFalse(result.err().contains("epoch"), result.err());
  }

  @Test
  void aDirectoryOfOtherFilesIsNotWrittenInto() throws Exception {
    Path directory = Files.createDirectory(temp.resolve("work"));
    Files.writeString(directory.resolve("notes.txt"), "mine");

    assertRefused(train(directory), "directory of other files", "notes.txt", "not a bundle");
    try (var entries = Files.list(directory)) {
      assertEquals(List.of(directory.resolve("notes.txt")), entries.toList());
    }
  }

  @Test
  void anEmptyDirectoryAndAnExistingBundleAreWritten() throws Exception {
    Path directory = Files.createDirectory(temp.resolve("empty"));

    train(directory).assertOk();
    train(directory).assertOk();
    ModelBundle.load(directory);
  }

  private CommandRun train(String out) {
    return TrainGenerateCommandTest.trainSmall(data, out, "--no-progress");
  }

  private static void assertUsageError(CommandRun result, String firstLine) {
    assertEquals(ExitCodes.USAGE, result.exitCode(), result.out() + result.err());
    assertEquals(firstLine, result.err().lines().findFirst().orElse(""), result.err());
  }

  /** {@code --out model.zip/} replaced the zip bundle there: the '/' was dropped. */
  @Test
  void aTrailingSlashOnAnExistingZipIsAUsageErrorAndLeavesTheZip() throws Exception {
    Path zip = temp.resolve("model.zip");
    train(zip).assertOk();
    byte[] before = Files.readAllBytes(zip);

    CommandRun result = train(zip + "/");

    assertUsageError(
        result,
        "--out "
            + zip
            + "/: ends in '/', so it names a bundle directory, but "
            + zip
            + " is an existing file (left unchanged): give --out "
            + zip
            + " without the '/' to replace the zip bundle");
    assertArrayEquals(before, Files.readAllBytes(zip));
  }

  @Test
  void aTrailingSlashOnAnExistingFileIsAUsageError() throws Exception {
    Path file = Files.writeString(temp.resolve("afile"), "mine");

    CommandRun result = train(file + "/");

    assertUsageError(
        result,
        "--out "
            + file
            + "/: ends in '/', so it names a bundle directory, but "
            + file
            + " is an existing file (left unchanged): name a new or empty directory, or a file"
            + " ending in .zip");
    assertEquals("mine", Files.readString(file));
  }

  @Test
  void aNewZipNameWithATrailingSlashIsAUsageError() {
    Path zip = temp.resolve("new.zip");

    CommandRun result = train(zip + "/");

    assertUsageError(
        result,
        "--out "
            + zip
            + "/: ends in '/', so it names a bundle directory, but a bundle directory's name must"
            + " not end in .zip (stream reads such a name as a zip file): give --out "
            + zip
            + " without the '/' to write a zip bundle, or a directory name without .zip");
    assertFalse(Files.exists(zip));
  }

  @Test
  void aNameWithATrailingSlashWritesABundleDirectory() throws Exception {
    Path directory = temp.resolve("bundle");

    train(directory + "/").assertOk();

    assertTrue(Files.isRegularFile(directory.resolve("manifest.json")));
    ModelBundle.load(directory);
  }

  @Test
  void anUpperCaseZipNameWritesAZip() throws Exception {
    Path zip = temp.resolve("model.ZIP");

    train(zip).assertOk();

    assertTrue(Files.isRegularFile(zip));
    assertFalse(Files.isDirectory(zip));
    ModelBundle.load(zip);
  }
}
