package org.flowimpute.table;

import java.io.EOFException;
import java.io.IOException;
import java.util.Optional;
import org.apache.avro.file.DataFileConstants;

/**
 * Says in words how an Avro container file is damaged, for local tables and Beam jobs alike. Avro
 * reports a header cut short as an {@link EOFException} without a message (the errors read "null"),
 * and a data block whose compressed bytes are damaged by the codec's bare text ({@code
 * FAILED_TO_UNCOMPRESS(5)}), naming neither the file nor the block; a file of another format only
 * by "Not an Avro data file".
 */
public final class AvroFileDamage {

  private AvroFileDamage() {}

  /**
   * Why a file of {@code length} bytes that starts like an Avro file could not be opened, if its
   * header was cut short: Avro ran out of bytes ({@code openError} is or holds an {@link
   * EOFException}) after the magic bytes. Empty otherwise (a file shorter than the magic bytes:
   * {@link #notAvro}).
   */
  public static Optional<String> cutHeader(Throwable openError, long length) {
    if (length < DataFileConstants.MAGIC.length || !ranOutOfBytes(openError)) {
      return Optional.empty();
    }
    return Optional.of(
        "not a complete Avro file: the header ends after "
            + length
            + " bytes (cut short while being written or copied?): write or copy the file again");
  }

  /**
   * Why a file whose first bytes are {@code head} cannot be read as Avro, if it does not start with
   * Avro's magic bytes: what it holds instead ({@link FileHead#describe}), or that it ends within
   * them. Empty for a file that starts as Avro files do.
   */
  public static Optional<String> notAvro(FileHead head) {
    if (head.startsWith(DataFileConstants.MAGIC)) {
      return Optional.empty();
    }
    if (head.endsWithin(DataFileConstants.MAGIC)) {
      return Optional.of(
          "not a complete Avro file: it ends after "
              + head.length()
              + " bytes, inside Avro's magic bytes (cut short while being written or copied?):"
              + " write or copy the file again");
    }
    return Optional.of("not an Avro data file: " + head.describe());
  }

  private static boolean ranOutOfBytes(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof EOFException) {
        return true;
      }
    }
    return false;
  }

  /**
   * Why the rows (or records: {@code unit}) from data block {@code block} (1-based) on cannot be
   * read, when loading that block failed with {@code error}: its bytes do not decompress with the
   * file's {@code codec} ({@code avro.codec}; null or "null": uncompressed) or do not end in the
   * file's sync marker.
   */
  public static String damagedBlock(long block, String codec, IOException error, String unit) {
    String compression =
        codec == null || DataFileConstants.NULL_CODEC.equals(codec)
            ? "uncompressed"
            : codec + "-compressed";
    return String.format(
        "data block %d (%s) is damaged: %s; the %s from here on cannot be read (write or copy the"
            + " file again)",
        block, compression, IoErrors.describe(error), unit);
  }
}
