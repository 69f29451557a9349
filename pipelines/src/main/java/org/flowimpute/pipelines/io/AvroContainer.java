package org.flowimpute.pipelines.io;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.util.Optional;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.file.DataFileConstants;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.file.SeekableInput;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.table.AvroFileDamage;
import org.flowimpute.table.FileHead;
import org.flowimpute.table.TableException;

/**
 * An Avro object container file opened for reading, block by block or record by record, that can
 * tell whether it was read to its end. Avro's {@link DataFileStream} takes a file cut inside a data
 * block (a copy still being written, a full disk) for the file's end and drops that block's records
 * without a word; here the reader checks that the last block it read ended where the file does. The
 * check needs a seekable channel (local files, GCS, S3, HDFS); others are read without it.
 */
final class AvroContainer implements Closeable {

  /** Why the records after the last whole block of a file that {@link #endedEarly} are lost. */
  static final String ENDED_EARLY =
      "the file ends inside a data block (cut short, or still being written): the records from"
          + " here on cannot be read";

  private final DataFileStream<GenericRecord> records;
  private final long length;

  /** Where the data block being read starts, and its number (1-based), for {@link #afterRecord}. */
  private long blockStart;

  private long blockNumber = 1;

  private AvroContainer(DataFileStream<GenericRecord> records, long length) {
    this.records = records;
    this.length = length;
    this.blockStart = previousSync();
  }

  /**
   * Opens {@code channel} (closed by {@link #close}), reading records in their writer schema.
   *
   * @throws TableException if the file does not start with Avro's magic bytes, saying what it holds
   *     instead ({@link AvroFileDamage#notAvro})
   * @throws IOException if its header is damaged
   */
  static AvroContainer open(ReadableByteChannel channel) throws IOException {
    try {
      if (channel instanceof SeekableByteChannel seekable) {
        refuseOtherFormats(headOf(seekable));
        return new AvroContainer(
            new DataFileReader<>(new ChannelInput(seekable), new GenericDatumReader<>()),
            seekable.size());
      }
      InputStream bytes = new BufferedInputStream(Channels.newInputStream(channel));
      refuseOtherFormats(FileHead.peek(bytes));
      return new AvroContainer(new DataFileStream<>(bytes, new GenericDatumReader<>()), -1);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** The first bytes of {@code channel}, which is then positioned at its start again. */
  private static FileHead headOf(SeekableByteChannel channel) throws IOException {
    // not closed: closing the stream would close the channel
    FileHead head = FileHead.of(Channels.newInputStream(channel).readNBytes(FileHead.LENGTH));
    channel.position(0);
    return head;
  }

  private static void refuseOtherFormats(FileHead head) {
    Optional<String> other = AvroFileDamage.notAvro(head);
    if (other.isPresent()) {
      throw new TableException(other.get());
    }
  }

  /**
   * Why a file of {@code length} bytes (-1: not known) that {@link #open} refused with {@code
   * error} cannot be read: another format, its header cut short ({@link AvroFileDamage#cutHeader})
   * or Avro's words.
   */
  static String whyUnreadable(Exception error, long length) {
    if (error instanceof TableException otherFormat) {
      return otherFormat.getMessage();
    }
    return AvroFileDamage.cutHeader(error, length)
        .orElse("cannot read as Avro: " + error.getMessage());
  }

  /**
   * Counts the data blocks read, for {@link #damagedBlock}; call after each record read with {@link
   * #records}. Avro's reader moves to the next block's start once a block's last record was read.
   */
  void afterRecord() {
    long start = previousSync();
    if (start != blockStart) {
      blockStart = start;
      blockNumber++;
    }
  }

  /**
   * Why the records from the block being loaded on cannot be read, if {@code error} (thrown by
   * {@link DataFileStream#hasNext}) says its bytes do not decompress or its sync marker is off
   * ({@link AvroFileDamage#damagedBlock}); empty for other errors, and without a seekable channel,
   * where the blocks cannot be counted.
   */
  Optional<String> damagedBlock(RuntimeException error) {
    if (previousSync() < 0
        || !(error instanceof AvroRuntimeException)
        || !(error.getCause() instanceof IOException damage)) {
      return Optional.empty();
    }
    return Optional.of(
        AvroFileDamage.damagedBlock(
            blockNumber, records.getMetaString(DataFileConstants.CODEC), damage, "records"));
  }

  /** Where the data block being read starts; -1 without a seekable channel. */
  private long previousSync() {
    return records instanceof DataFileReader<GenericRecord> reader ? reader.previousSync() : -1;
  }

  /** The file's records and blocks. */
  DataFileStream<GenericRecord> records() {
    return records;
  }

  /**
   * Once {@link DataFileStream#hasNext} is false: whether the file ended inside a data block, so
   * that the records from that block on could not be read (always false without a seekable
   * channel).
   */
  boolean endedEarly() throws IOException {
    return records instanceof DataFileReader<GenericRecord> reader
        && reader.previousSync() < length;
  }

  /**
   * Before any record is read: whether a data block follows the header (true without a seekable
   * channel). Decodes nothing, so an oversized block is not read here.
   */
  boolean hasBlocks() throws IOException {
    return !(records instanceof DataFileReader<GenericRecord> reader)
        || reader.previousSync() < length;
  }

  @Override
  public void close() throws IOException {
    records.close();
  }

  /** Avro's random-access input over a seekable channel. */
  private static final class ChannelInput implements SeekableInput {
    private final SeekableByteChannel channel;

    ChannelInput(SeekableByteChannel channel) {
      this.channel = channel;
    }

    @Override
    public void seek(long position) throws IOException {
      channel.position(position);
    }

    @Override
    public long tell() throws IOException {
      return channel.position();
    }

    @Override
    public long length() throws IOException {
      return channel.size();
    }

    @Override
    public int read(byte[] bytes, int offset, int count) throws IOException {
      return channel.read(ByteBuffer.wrap(bytes, offset, count));
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }
}
