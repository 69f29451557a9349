package org.flowimpute.pipelines.io;

import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

/**
 * A Parquet {@link InputFile} over a seekable channel from Beam's file systems, so Parquet files
 * are read the same way from local disk, GCS, S3 or HDFS without a Hadoop file system. Closing a
 * stream leaves the channel open, for whoever opened the channel closes it: Parquet closes its
 * stream when it finds no footer, and the channel must still be read to say why ({@link
 * org.flowimpute.table.ParquetFileDamage}).
 */
final class ChannelInputFile implements InputFile {

  private final SeekableByteChannel channel;
  private final String name;

  /**
   * @param channel the file's bytes
   * @param name the file's path, by which Parquet's errors name it ({@link #toString})
   */
  ChannelInputFile(SeekableByteChannel channel, String name) {
    this.channel = channel;
    this.name = name;
  }

  @Override
  public String toString() {
    return name;
  }

  @Override
  public long getLength() throws IOException {
    return channel.size();
  }

  @Override
  public SeekableInputStream newStream() {
    return new DelegatingSeekableInputStream(Channels.newInputStream(channel)) {
      @Override
      public long getPos() throws IOException {
        return channel.position();
      }

      @Override
      public void seek(long newPos) throws IOException {
        channel.position(newPos);
      }

      /** Leaves the channel open: its opener closes it. */
      @Override
      public void close() {}
    };
  }
}
