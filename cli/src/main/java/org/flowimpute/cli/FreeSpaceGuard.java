package org.flowimpute.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Stops a long write before it fills the disk: a run of {@code synthesize} with a huge {@code --n}
 * wrote until the file system was full, leaving the machine without space for anything else.
 * Checked between chunks; the command's partial output is then deleted ({@link PartialFile}).
 */
final class FreeSpaceGuard {

  /** The free space a write leaves at least: 1 GiB. */
  static final long RESERVE_BYTES = 1L << 30;

  private final String option;
  private final Path target;
  private final long reserveBytes;

  FreeSpaceGuard(String option, Path target, long reserveBytes) {
    this.option = option;
    this.target = target;
    this.reserveBytes = reserveBytes;
  }

  /** Throws if the file system holding the target has less than the reserve free. */
  void check(long written, long total) {
    long free = usableBytes();
    if (free < reserveBytes) {
      throw new IllegalStateException(
          String.format(
              Locale.ROOT,
              "%s %s: stopped after %d of %d records, with %d MiB left free on its file system"
                  + " (a write leaves at least %d MiB free); nothing was written",
              option,
              target,
              written,
              total,
              free >> 20,
              reserveBytes >> 20));
    }
  }

  private long usableBytes() {
    Path directory = target.toAbsolutePath().getParent();
    try {
      return Files.getFileStore(directory).getUsableSpace();
    } catch (IOException e) {
      throw new UncheckedIOException(option + " " + target + ": cannot read its free space", e);
    }
  }
}
