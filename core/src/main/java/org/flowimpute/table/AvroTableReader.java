package org.flowimpute.table;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileConstants;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.file.FileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;

/**
 * Reads an Avro container file of any schema. With a reader schema the records are resolved to it
 * (Avro schema evolution: dropped fields skipped, added fields take their defaults). A file cut
 * inside a data block is an error naming the first row lost, not a shorter table.
 */
final class AvroTableReader implements TableReader {
  private final Path path;
  private final FileReader<GenericRecord> reader;
  private final Schema schema;
  private long rowNumber;

  /** Where the data block being read starts ({@link #previousSync}), and its number (1-based). */
  private long blockStart;

  private long blockNumber = 1;

  AvroTableReader(Path path, Schema readerSchema) {
    this.path = path;
    GenericDatumReader<GenericRecord> datumReader = new GenericDatumReader<>();
    if (readerSchema != null) {
      datumReader.setExpected(readerSchema);
    }
    try {
      reader = DataFileReader.openReader(path.toFile(), datumReader);
    } catch (IOException | AvroRuntimeException e) {
      throw new TableException(path + ": " + whyUnopenable(path, e), e);
    }
    schema = readerSchema != null ? readerSchema : reader.getSchema();
    blockStart = previousSync();
  }

  /**
   * Why Avro could not open {@code path} ({@code error}): its header cut short, another format (its
   * first bytes say which), or Avro's words.
   */
  private static String whyUnopenable(Path path, Exception error) {
    Optional<String> cut = AvroFileDamage.cutHeader(error, path.toFile().length());
    if (cut.isPresent()) {
      return cut.get();
    }
    try {
      return AvroFileDamage.notAvro(FileHead.read(path))
          .orElse("not a readable Avro file: " + error.getMessage());
    } catch (IOException headUnreadable) {
      error.addSuppressed(headUnreadable);
      return "not a readable Avro file: " + error.getMessage();
    }
  }

  @Override
  public Schema schema() {
    return schema;
  }

  /** The schema the file was written with. */
  Schema writerSchema() {
    return reader.getSchema();
  }

  @Override
  public Path path() {
    return path;
  }

  @Override
  public long rowNumber() {
    return rowNumber;
  }

  @Override
  public boolean hasNext() {
    boolean more;
    try {
      more = AvroBlockMemory.guard(reader::hasNext);
    } catch (AvroRuntimeException e) {
      throw e.getCause() instanceof IOException damage ? damagedBlock(damage) : failure(e);
    }
    if (!more && endedInsideABlock()) {
      throw new TableException(
          String.format(
              "%s row %d: the file ends inside a data block (cut short, or still being written):"
                  + " the rows from here on cannot be read",
              path, rowNumber + 1));
    }
    return more;
  }

  /**
   * Whether the last block read did not end where the file does: Avro's reader takes a file cut
   * inside a block for its end, which would drop that block's rows without a word.
   */
  private boolean endedInsideABlock() {
    long start = previousSync();
    if (start < 0) {
      return false;
    }
    try {
      return start < Files.size(path);
    } catch (IOException e) {
      throw new TableException(path + ": cannot read its size: " + IoErrors.describe(e), e);
    }
  }

  @Override
  public GenericRecord next() {
    if (!hasNext()) {
      throw new NoSuchElementException(path + ": no more rows");
    }
    try {
      GenericRecord record = AvroBlockMemory.guard(reader::next);
      rowNumber++;
      countBlocks();
      return record;
    } catch (AvroRuntimeException e) {
      throw failure(e);
    }
  }

  /**
   * Counts the data blocks read: Avro's reader moves {@link #previousSync} to the next block's
   * start once a block's last record has been read.
   */
  private void countBlocks() {
    long start = previousSync();
    if (start != blockStart) {
      blockStart = start;
      blockNumber++;
    }
  }

  /** The start of the data block being read (-1 for a reader that cannot tell). */
  private long previousSync() {
    return reader instanceof DataFileReader<GenericRecord> blocks ? blocks.previousSync() : -1;
  }

  /** A data block whose bytes cannot be read: they do not decompress, or its sync marker is off. */
  private TableException damagedBlock(IOException damage) {
    return new TableException(
        String.format(
            "%s row %d: %s",
            path,
            rowNumber + 1,
            AvroFileDamage.damagedBlock(
                blockNumber,
                reader instanceof DataFileStream<GenericRecord> stream
                    ? stream.getMetaString(DataFileConstants.CODEC)
                    : null,
                damage,
                "rows")),
        damage);
  }

  private TableException failure(RuntimeException e) {
    return new TableException(
        String.format(
            "%s row %d: cannot read Avro record: %s", path, rowNumber + 1, e.getMessage()),
        e);
  }

  @Override
  public void close() {
    try {
      reader.close();
    } catch (IOException e) {
      throw new TableException(path + ": cannot close: " + IoErrors.describe(e), e);
    }
  }
}
