package org.flowimpute.table;

import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

/**
 * Says in words that a Parquet file was cut short, for local tables and Beam jobs alike. Parquet
 * writes a file's footer (its schema and where its row groups are) last, so a copy interrupted or a
 * file still being written has none, and parquet-mr said only "… is not a Parquet file. Expected
 * magic number at tail, but found [...]", as for a file of another format.
 */
public final class ParquetFileDamage {

  private ParquetFileDamage() {}

  /**
   * Why {@code file} cannot be read, if it starts as a Parquet file does ({@code PAR1}) but does
   * not end as one: its footer is missing. Empty for a file that does not start as Parquet, or that
   * ends as Parquet does (a damaged footer, which parquet-mr describes).
   */
  public static Optional<String> missingFooter(InputFile file) throws IOException {
    byte[] magic = ParquetFileWriter.MAGIC;
    long length = file.getLength();
    if (length < magic.length) {
      return Optional.empty();
    }
    byte[] head = new byte[magic.length];
    byte[] tail = new byte[magic.length];
    try (SeekableInputStream in = file.newStream()) {
      in.seek(0);
      in.readFully(head);
      in.seek(length - magic.length);
      in.readFully(tail);
    }
    if (!Arrays.equals(head, magic)
        || (length >= 2L * magic.length + 4 && Arrays.equals(tail, magic))) {
      return Optional.empty();
    }
    return Optional.of(
        "not a complete Parquet file: its footer, which Parquet writes last, is missing (the file"
            + " ends after "
            + length
            + " bytes: cut short while being written or copied?): write or copy the file again");
  }
}
