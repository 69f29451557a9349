package org.flowimpute.pipelines.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import org.apache.avro.file.Codec;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileConstants;
import org.xerial.snappy.Snappy;

/**
 * Avro's snappy codec ({@code CodecFactory.snappyCodec()}: the block compressed with snappy, then
 * the CRC-32 of the uncompressed block, big-endian) writing the same bytes, but into one output
 * buffer reused from block to block instead of a new one per block. Avro's file writer writes a
 * compressed block out before it compresses the next ({@code DataFileWriter.writeBlock}), so the
 * buffer is free again by then. The new buffer per block (about 64 KB, zeroed) was a tenth of the
 * imputation threads' allocations. One instance per file writer (not thread-safe).
 */
final class ReusingSnappyCodec extends Codec {

  private final CRC32 crc32 = new CRC32();
  private byte[] compressed = new byte[0];

  /** A factory of these codecs, for {@code DataFileWriter.setCodec}. */
  static CodecFactory factory() {
    return new CodecFactory() {
      @Override
      protected Codec createInstance() {
        return new ReusingSnappyCodec();
      }
    };
  }

  @Override
  public String getName() {
    return DataFileConstants.SNAPPY_CODEC;
  }

  /**
   * The compressed block and its checksum; the buffer is overwritten by the next call (the same
   * bytes as Avro's snappy codec gives).
   */
  @Override
  public ByteBuffer compress(ByteBuffer in) throws IOException {
    int offset = computeOffset(in);
    int length = in.remaining();
    int needed = Snappy.maxCompressedLength(length) + 4;
    if (compressed.length < needed) {
      compressed = new byte[needed];
    }
    int size = Snappy.compress(in.array(), offset, length, compressed, 0);
    crc32.reset();
    crc32.update(in.array(), offset, length);
    ByteBuffer out = ByteBuffer.wrap(compressed, 0, size + 4);
    out.putInt(size, (int) crc32.getValue());
    return out;
  }

  /** As Avro's snappy codec decompresses: a new buffer, the checksum checked. */
  @Override
  public ByteBuffer decompress(ByteBuffer in) throws IOException {
    int offset = computeOffset(in);
    int length = in.remaining() - 4;
    ByteBuffer out = ByteBuffer.allocate(Snappy.uncompressedLength(in.array(), offset, length));
    int size = Snappy.uncompress(in.array(), offset, length, out.array(), 0);
    out.limit(size);
    crc32.reset();
    crc32.update(out.array(), 0, size);
    if (in.getInt(in.limit() - 4) != (int) crc32.getValue()) {
      throw new IOException("Checksum failure");
    }
    return out;
  }

  @Override
  public boolean equals(Object other) {
    return this == other || (other != null && other.getClass() == getClass());
  }

  @Override
  public int hashCode() {
    return getName().hashCode();
  }
}
