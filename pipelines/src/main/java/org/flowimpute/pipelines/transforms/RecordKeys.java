package org.flowimpute.pipelines.transforms;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.flowimpute.pipelines.values.EncodedRecord;

/**
 * The default record key: a hash of the record's position in its input (file name and record
 * number, or Kafka topic, partition and offset: {@link
 * org.flowimpute.pipelines.values.SourcedRecord#position}) and its whole content, so that a record
 * gets the same noise (hence the same imputed values) on any runner, batch size or parallelism, and
 * on every replay of the same input, without needing an id column. The position is what gives two
 * identical records (twins with the same age, sex, region and household weight, and no person id)
 * noise of their own: keyed by content alone they got the same imputed values, so for conditions
 * that are all categories every record of a cell got one value.
 *
 * <p>An instance ({@link #create}) reuses its Avro writer, buffer and digest from record to record:
 * one per DoFn instance (not thread-safe). A record read from an Avro file with its own schema
 * ({@link EncodedRecord}) is hashed from the bytes it was read from, which are the same bytes.
 */
public final class RecordKeys {

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
  private final MessageDigest sha256 = sha256();
  private final ByteBuffer length = ByteBuffer.allocate(Integer.BYTES);
  private Schema schema;
  private GenericDatumWriter<GenericRecord> writer;
  private BinaryEncoder encoder;

  private RecordKeys() {}

  /** A reusable hasher. */
  public static RecordKeys create() {
    return new RecordKeys();
  }

  /**
   * The first 128 bits of SHA-256 over {@code int32_be(length) ‖ UTF-8(position)} followed by the
   * record's Avro binary encoding, as 32 hex digits (the length prefix keeps the two parts apart).
   * The encoding depends on the schema's field order and types: the same values read from a CSV and
   * an Avro file with different schemas get different keys.
   */
  public String hash(GenericRecord record, String position) {
    byte[] place = position.getBytes(StandardCharsets.UTF_8);
    sha256.update(length.putInt(0, place.length).array());
    sha256.update(place);
    if (record instanceof EncodedRecord encoded && encoded.hasEncoding()) {
      encoded.updateDigest(sha256);
      return HexFormat.of().formatHex(sha256.digest(), 0, 16);
    }
    if (record.getSchema() != schema) {
      schema = record.getSchema();
      writer = new GenericDatumWriter<>(schema);
    }
    bytes.reset();
    encoder = EncoderFactory.get().directBinaryEncoder(bytes, encoder);
    try {
      writer.write(record, encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode record to hash it", e);
    }
    byte[] digest = sha256.digest(bytes.toByteArray());
    return HexFormat.of().formatHex(digest, 0, 16);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
