package org.flowimpute.table;

import java.io.IOException;
import java.util.function.Supplier;
import org.apache.avro.AvroRuntimeException;

/**
 * Reads Avro data blocks so that one the process cannot hold is an error of its file, not of the
 * process. Avro allocates what a block's header claims (its size, or a compressed block's
 * uncompressed size) before reading it, so a damaged or hostile file of a few kilobytes claiming
 * gigabytes made the whole job fail with an {@link OutOfMemoryError} ("Java heap space", "Required
 * array length ... is too large"), good files and all. Such a failure is a single huge allocation
 * that never happened, so the process is unharmed; the read becomes an {@link AvroRuntimeException}
 * (or an {@link IOException}) that the readers turn into a dead letter or a one-line error naming
 * the file.
 */
public final class AvroBlockMemory {

  /** A read that may throw {@link IOException}. */
  @FunctionalInterface
  public interface IoRead<T> {
    /** Reads. */
    T read() throws IOException;
  }

  private AvroBlockMemory() {}

  /** {@code read}'s result; a block too large to hold is an {@link AvroRuntimeException}. */
  public static <T> T guard(Supplier<T> read) {
    try {
      return read.get();
    } catch (OutOfMemoryError e) {
      throw new AvroRuntimeException(message(e), e);
    }
  }

  /** {@code read}'s result; a block too large to hold is an {@link IOException}. */
  public static <T> T guardIo(IoRead<T> read) throws IOException {
    try {
      return read.read();
    } catch (OutOfMemoryError e) {
      throw new IOException(message(e), e);
    }
  }

  private static String message(OutOfMemoryError e) {
    return String.format(
        "a data block is larger than this process can hold (%d MiB heap: %s): the file is damaged"
            + " or not what it claims to be",
        Runtime.getRuntime().maxMemory() >> 20, e.getMessage());
  }
}
