package org.flowimpute.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Avro files damaged after they were written are errors naming the file and what is wrong: a header
 * cut short said "not a readable Avro file: null", a damaged compressed block only the codec's
 * words ("cannot read Avro record: java.io.IOException: FAILED_TO_UNCOMPRESS(5)").
 */
class AvroFileDamageTest {

  private static final Schema SCHEMA =
      SchemaBuilder.record("Person").fields().requiredString("id").requiredDouble("x").endRecord();

  private static final int BLOCK = 10;

  @TempDir Path dir;

  @Test
  void aFileCutInsideItsHeaderSaysSoWithTheBytesLeft() throws IOException {
    Path path = writeBlocks(CodecFactory.snappyCodec(), new ArrayList<>());
    Files.write(path, Arrays.copyOf(Files.readAllBytes(path), 10));

    TableException error = assertThrows(TableException.class, () -> Tables.readAll(path));

    assertEquals(
        path
            + ": not a complete Avro file: the header ends after 10 bytes (cut short while being"
            + " written or copied?): write or copy the file again",
        error.getMessage());
  }

  /**
   * A file that ends within Avro's 4 magic bytes is said to be cut there (until 2026-12-04 "not a
   * readable Avro file: Not an Avro data file", as Avro says).
   */
  @Test
  void aFileEndingWithinTheMagicBytesIsSaidToBeCut() throws IOException {
    Path path = Files.write(dir.resolve("short.avro"), new byte[] {'O', 'b'});

    TableException error = assertThrows(TableException.class, () -> Tables.readAll(path));

    assertEquals(
        path
            + ": not a complete Avro file: it ends after 2 bytes, inside Avro's magic bytes (cut"
            + " short while being written or copied?): write or copy the file again",
        error.getMessage());
  }

  @Test
  void aDamagedSnappyBlockNamesTheBlockAndItsFirstRow() throws IOException {
    List<Long> blockStarts = new ArrayList<>();
    Path path = writeBlocks(CodecFactory.snappyCodec(), blockStarts);
    damage(path, blockStarts.get(1), blockStarts.get(2));

    TableException error = assertThrows(TableException.class, () -> Tables.readAll(path));

    assertEquals(
        path
            + " row 11: data block 2 (snappy-compressed) is damaged: FAILED_TO_UNCOMPRESS(5); the"
            + " rows from here on cannot be read (write or copy the file again)",
        error.getMessage());
  }

  @Test
  void aDamagedDeflateBlockNamesTheBlockAndItsFirstRow() throws IOException {
    List<Long> blockStarts = new ArrayList<>();
    Path path = writeBlocks(CodecFactory.deflateCodec(6), blockStarts);
    damage(path, blockStarts.get(1), blockStarts.get(2));

    TableException error = assertThrows(TableException.class, () -> Tables.readAll(path));

    assertTrue(
        error
            .getMessage()
            .startsWith(path + " row 11: data block 2 (deflate-compressed) is damaged: "),
        error.getMessage());
    assertTrue(
        error
            .getMessage()
            .endsWith("; the rows from here on cannot be read (write or copy the file again)"),
        error.getMessage());
  }

  /**
   * Writes 3 blocks of {@link #BLOCK} records, adding where each block starts to {@code starts}.
   */
  private Path writeBlocks(CodecFactory codec, List<Long> starts) throws IOException {
    Path path = dir.resolve("people.avro");
    try (DataFileWriter<GenericRecord> writer =
        new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(SCHEMA))) {
      writer.setCodec(codec);
      writer.create(SCHEMA, path.toFile());
      for (int block = 0; block < 3; block++) {
        starts.add(writer.sync());
        for (int i = 0; i < BLOCK; i++) {
          GenericData.Record record = new GenericData.Record(SCHEMA);
          record.put("id", "p" + (block * BLOCK + i));
          record.put("x", i * 1.5);
          writer.append(record);
        }
      }
    }
    return path;
  }

  /** Overwrites 6 bytes in the middle of the block from {@code start} to {@code next}. */
  private static void damage(Path path, long start, long next) throws IOException {
    byte[] bytes = Files.readAllBytes(path);
    int middle = (int) (start + next) / 2;
    for (int i = middle; i < middle + 6; i++) {
      bytes[i] = (byte) 0xff;
    }
    Files.write(path, bytes);
  }
}
