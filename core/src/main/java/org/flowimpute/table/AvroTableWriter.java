package org.flowimpute.table;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;

/**
 * Writes an Avro container file with the chosen compression codec. The sync marker, random in
 * Avro's default writer, is the MD5 fingerprint of the schema, so the same records give a
 * byte-identical file (reproducible outputs).
 */
final class AvroTableWriter extends FileTableWriter {
  private final DataFileWriter<GenericRecord> writer;

  AvroTableWriter(Path path, Schema schema, TableCompression compression) {
    super(path, schema);
    writer = new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(schema));
    writer.setCodec(codec(compression));
    try {
      writer.create(
          schema,
          Files.newOutputStream(path),
          SchemaNormalization.parsingFingerprint("MD5", schema));
    } catch (IOException | AvroRuntimeException | NoSuchAlgorithmException e) {
      throw new TableException(path + ": cannot create: " + e.getMessage(), e);
    }
  }

  private static CodecFactory codec(TableCompression compression) {
    return switch (compression) {
      case NONE -> CodecFactory.nullCodec();
      case SNAPPY -> CodecFactory.snappyCodec();
      case DEFLATE -> CodecFactory.deflateCodec(CodecFactory.DEFAULT_DEFLATE_LEVEL);
    };
  }

  @Override
  void append(GenericRecord record, long rowNumber) throws IOException {
    writer.append(record);
  }

  @Override
  void closeFile() throws IOException {
    writer.close();
  }
}
