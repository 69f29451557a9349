package org.flowimpute.table;

import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

/**
 * Says in words that a Parquet file was cut short, or is not a Parquet file, for local tables and
 * Beam jobs alike. Parquet writes a file's footer (its schema and where its row groups are) last,
 * so a copy interrupted or a file still being written has none, and parquet-mr said only "… is not
 * a Parquet file. Expected magic number at tail, but found [...]", as for a file of another format;
 * and for a file of another format (CSV text, Avro, gzip) it said no more.
 */
public final class ParquetFileDamage {

  private ParquetFileDamage() {}

  /**
   * Why {@code file} cannot be read, if its first or last bytes tell: it does not start as a
   * Parquet file does ({@code PAR1}), and its first bytes say what it holds instead ({@link
   * FileHead}); or it starts as one but does not end as one: its footer is missing. Empty for a
   * file that starts and ends as Parquet does (a damaged footer, which parquet-mr describes).
   */
  public static Optional<String> whyUnopenable(InputFile file) throws IOException {
    byte[] magic = ParquetFileWriter.MAGIC;
    long length = file.getLength();
    byte[] head = new byte[(int) Math.min(length, FileHead.LENGTH)];
    byte[] tail = new byte[magic.length];
    try (SeekableInputStream in = file.newStream()) {
      in.seek(0);
      in.readFully(head);
      if (length >= magic.length) {
        in.seek(length - magic.length);
        in.readFully(tail);
      }
    }
    FileHead start = FileHead.of(head);
    if (!start.startsWith(magic)) {
      return Optional.of("not a Parquet file: " + start.describe());
    }
    if (length >= 2L * magic.length + 4 && Arrays.equals(tail, magic)) {
      return Optional.empty();
    }
    return Optional.of(
        "not a complete Parquet file: its footer, which Parquet writes last, is missing (the file"
            + " ends after "
            + length
            + " bytes: cut short while being written or copied?): write or copy the file again");
  }
}
