package org.flowimpute.table;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * Says in words why a file operation failed. Java's file-system exceptions often carry only the
 * path as their message ({@code AccessDeniedException: /sys/r.json}), so a message built from
 * {@code getMessage()} named the file twice and the problem not at all.
 */
public final class IoErrors {

  private IoErrors() {}

  /** The problem {@code error} reports: "permission denied", "no such file or directory", … */
  public static String describe(IOException error) {
    if (error instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (error instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    if (error instanceof FileAlreadyExistsException) {
      return "a file of that name exists";
    }
    if (error instanceof FileSystemException fileSystem && fileSystem.getReason() != null) {
      return fileSystem.getReason();
    }
    return error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
  }
}
