package org.flowimpute.table;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

/** File errors are described by their problem, not by the path Java puts in their message. */
class IoErrorsTest {

  @Test
  void describesTheProblem() {
    assertEquals("permission denied", IoErrors.describe(new AccessDeniedException("/sys/r.json")));
    assertEquals(
        "no such file or directory", IoErrors.describe(new NoSuchFileException("/nowhere/x")));
    assertEquals(
        "Is a directory", IoErrors.describe(new FileSystemException("a", "b", "Is a directory")));
    assertEquals("disk full", IoErrors.describe(new IOException("disk full")));
  }
}
