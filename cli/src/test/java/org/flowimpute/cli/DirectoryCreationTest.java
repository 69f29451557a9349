package org.flowimpute.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The reason a directory could not be created is words, with the path it failed on. */
class DirectoryCreationTest {

  /** /proc refuses a new directory with ENOENT, which Java reports as the path alone. */
  @Test
  void anExceptionWithoutAReasonIsDescribedByItsKind() {
    Path directory = Path.of("/proc/evx");

    assertEquals(
        "no such file or directory",
        DirectoryCreation.reason(new NoSuchFileException("/proc/evx"), directory));
  }

  /** A parent that could not be made is named beside the reason. */
  @Test
  void aParentThatFailedIsNamed() {
    FileSystemException e = new FileSystemException("/sys/evx", null, "Operation not permitted");

    assertEquals(
        "/sys/evx: Operation not permitted", DirectoryCreation.reason(e, Path.of("/sys/evx/y")));
  }
}
