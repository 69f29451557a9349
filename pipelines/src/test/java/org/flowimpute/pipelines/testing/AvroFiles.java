package org.flowimpute.pipelines.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;

/** Writes input files and reads back the shards a pipeline wrote. */
public final class AvroFiles {

  private AvroFiles() {}

  /** Writes {@code records} to one Avro file. */
  public static void write(Path file, Schema schema, List<GenericRecord> records) {
    try (DataFileWriter<GenericRecord> writer =
        new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(schema))) {
      writer.create(schema, file.toFile());
      for (GenericRecord record : records) {
        writer.append(record);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes an Avro file whose one data block claims to hold 2,147,483,646 bytes (what a damaged or
   * hostile file of a few hundred bytes can claim): Avro allocates that much before reading it,
   * which no Java heap can.
   */
  public static void writeClaimingHugeBlock(Path file, Schema schema, List<GenericRecord> records) {
    long headerEnd;
    try (DataFileWriter<GenericRecord> writer =
        new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(schema))) {
      writer.create(schema, file.toFile());
      headerEnd = writer.sync();
      for (GenericRecord record : records) {
        writer.append(record);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      byte[] written = Files.readAllBytes(file);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(written, 0, (int) headerEnd);
      out.write(2 * records.size());
      out.write(new byte[] {(byte) 0xfc, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f});
      out.write(written, (int) headerEnd + 2, written.length - (int) headerEnd - 2);
      Files.write(file, out.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes {@code records} in blocks of {@code blockSize} and cuts the file a few bytes into the
   * block after the first {@code wholeBlocks}, as a copy still being written or a full disk leaves
   * it: only the records of the whole blocks can be read.
   */
  public static void writeCut(
      Path file, Schema schema, List<GenericRecord> records, int blockSize, int wholeBlocks) {
    long cut = -1;
    try (DataFileWriter<GenericRecord> writer =
        new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(schema))) {
      writer.setSyncInterval(1 << 30);
      writer.create(schema, file.toFile());
      for (int i = 0; i < records.size(); i++) {
        writer.append(records.get(i));
        if ((i + 1) % blockSize == 0) {
          long boundary = writer.sync();
          if ((i + 1) / blockSize == wholeBlocks) {
            cut = boundary + 5;
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      if (cut < 0 || cut >= channel.size()) {
        throw new IllegalArgumentException("no block after block " + wholeBlocks + " to cut");
      }
      channel.truncate(cut);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes {@code records} to one snappy-compressed Avro file in blocks of {@code blockSize}, then
   * overwrites 6 bytes in the middle of block {@code damaged} (1-based; not the last), as a disk or
   * a copy may damage a file after it was written.
   */
  public static void writeDamagingBlock(
      Path file, Schema schema, List<GenericRecord> records, int blockSize, int damaged) {
    List<Long> blockEnds = new ArrayList<>();
    try (DataFileWriter<GenericRecord> writer =
        new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(schema))) {
      writer.setCodec(CodecFactory.snappyCodec());
      writer.create(schema, file.toFile());
      blockEnds.add(writer.sync());
      for (int i = 0; i < records.size(); i++) {
        writer.append(records.get(i));
        if ((i + 1) % blockSize == 0) {
          blockEnds.add(writer.sync());
        }
      }
      byte[] bytes = Files.readAllBytes(file);
      int middle = (int) ((blockEnds.get(damaged - 1) + blockEnds.get(damaged)) / 2);
      for (int i = middle; i < middle + 6; i++) {
        bytes[i] = (byte) 0xff;
      }
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** All records of the Avro files in {@code directory} whose names start with {@code prefix}. */
  public static List<GenericRecord> readShards(Path directory, String prefix) {
    List<GenericRecord> records = new ArrayList<>();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file :
          files
              .filter(f -> f.getFileName().toString().startsWith(prefix))
              .filter(f -> f.getFileName().toString().endsWith(".avro"))
              .sorted()
              .toList()) {
        try (DataFileReader<GenericRecord> reader =
            new DataFileReader<>(file.toFile(), new GenericDatumReader<>())) {
          reader.forEach(records::add);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return records;
  }

  /**
   * The writer schema of the first Avro shard in {@code directory} starting with {@code prefix}.
   */
  public static Schema shardSchema(Path directory, String prefix) {
    try (Stream<Path> files = Files.list(directory)) {
      Path file =
          files
              .filter(f -> f.getFileName().toString().startsWith(prefix))
              .filter(f -> f.getFileName().toString().endsWith(".avro"))
              .sorted()
              .findFirst()
              .orElseThrow();
      try (DataFileReader<GenericRecord> reader =
          new DataFileReader<>(file.toFile(), new GenericDatumReader<>())) {
        return reader.getSchema();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
