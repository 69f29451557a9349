package org.flowimpute.table;

import java.io.IOException;
import java.util.function.Supplier;
import org.apache.avro.AvroRuntimeException;

/**
 * Reads Avro data blocks so that one the process cannot hold is an error of its file, not of the
 * process. Avro allocates what a block's header claims (its size, or a compressed block's
 * uncompressed size) before reading it, so a damaged or hostile file of a few kilobytes claiming
 * gigabytes made the whole job fail with an {@link OutOfMemoryError} ("Java heap space", "Requested
 * array size exceeds VM limit"), good files and all. Such an error becomes an {@link
 * AvroRuntimeException} (or an {@link IOException}) that the readers turn into a dead letter or a
 * one-line error naming the file, but only when it was one impossible allocation: an array past the
 * VM's limit, or a request for more than a quarter of the heap while that much was still free. A
 * heap that is simply full is the process's problem and is rethrown, so that good records are not
 * dead-lettered under memory pressure.
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
      throw new AvroRuntimeException(oversizedBlock(e), e);
    }
  }

  /** {@code read}'s result; a block too large to hold is an {@link IOException}. */
  public static <T> T guardIo(IoRead<T> read) throws IOException {
    try {
      return read.read();
    } catch (OutOfMemoryError e) {
      throw new IOException(oversizedBlock(e), e);
    }
  }

  /** The message for a block too large to hold; rethrows {@code e} when the heap is just full. */
  private static String oversizedBlock(OutOfMemoryError e) {
    Runtime runtime = Runtime.getRuntime();
    long free = runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory());
    String reason = String.valueOf(e.getMessage());
    boolean pastVmLimit =
        reason.contains("Requested array size") || reason.contains("Required array length");
    if (!pastVmLimit && free < runtime.maxMemory() / 4) {
      throw e;
    }
    return String.format(
        "a data block is larger than this process can hold (%d MiB heap: %s): the file is damaged"
            + " or not what it claims to be",
        runtime.maxMemory() >> 20, reason);
  }
}
