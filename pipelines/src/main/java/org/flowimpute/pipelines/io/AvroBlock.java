package org.flowimpute.pipelines.io;

import java.util.Arrays;
import java.util.Objects;

/**
 * One data block of an Avro object container file, uncompressed but not decoded: what the reader
 * hands to the workers so that redistributing a file's records costs one copy of its bytes, not an
 * encode and a decode of every record.
 *
 * @param path the file the block was read from
 * @param firstRecord the number (from 1, in file order) of the block's first record
 * @param count how many records the block holds
 * @param writerSchema the file's writer schema (JSON), to resolve the records to the input schema
 * @param data the block's records in Avro binary encoding, back to back
 * @param unreadable null for a block of records; else why the file could not be read from {@code
 *     firstRecord} on (not an Avro file, a damaged block, cut inside a block): such a block stands
 *     for the rest of its file and becomes one dead letter
 */
public record AvroBlock(
    String path, long firstRecord, int count, String writerSchema, byte[] data, String unreadable) {

  /** Checks that every part is present. */
  public AvroBlock {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(writerSchema, "writerSchema");
    Objects.requireNonNull(data, "data");
  }

  /** A block of {@code count} records. */
  public AvroBlock(String path, long firstRecord, int count, String writerSchema, byte[] data) {
    this(path, firstRecord, count, writerSchema, data, null);
  }

  /** The rest of {@code path}, from record {@code firstRecord} on, that could not be read. */
  public static AvroBlock unreadable(String path, long firstRecord, String why) {
    return new AvroBlock(path, firstRecord, 1, "", new byte[0], Objects.requireNonNull(why));
  }

  /** {@code path:number} of the block's record {@code index} (from 0), as dead letters name it. */
  public String source(int index) {
    return path + ":" + (firstRecord + index);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof AvroBlock that
        && path.equals(that.path)
        && firstRecord == that.firstRecord
        && count == that.count
        && writerSchema.equals(that.writerSchema)
        && Arrays.equals(data, that.data)
        && Objects.equals(unreadable, that.unreadable);
  }

  @Override
  public int hashCode() {
    return Objects.hash(path, firstRecord, count, writerSchema, Arrays.hashCode(data), unreadable);
  }

  @Override
  public String toString() {
    return unreadable != null
        ? "AvroBlock[" + source(0) + ", unreadable: " + unreadable + "]"
        : "AvroBlock[" + source(0) + ", " + count + " records, " + data.length + " bytes]";
  }
}
