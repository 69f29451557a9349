package org.flowimpute.pipelines.transforms;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 * The default record key: a hash of the whole record, so that a record gets the same noise (hence
 * the same imputed values) wherever and whenever it is processed, without needing an id column. Two
 * identical records get identical keys and therefore identical imputations; give records an id and
 * use {@code --key-field} when that matters.
 *
 * <p>An instance ({@link #create}) reuses its Avro writer, buffer and digest from record to record:
 * one per DoFn instance (not thread-safe). {@link #contentHash} is the one-off form. A record read
 * from an Avro file with its own schema ({@link EncodedRecord}) is hashed from the bytes it was
 * read from, which are the same bytes.
 */
public final class RecordKeys {

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
  private final MessageDigest sha256 = sha256();
  private Schema schema;
  private GenericDatumWriter<GenericRecord> writer;
  private BinaryEncoder encoder;

  private RecordKeys() {}

  /** A reusable hasher. */
  public static RecordKeys create() {
    return new RecordKeys();
  }

  /**
   * The first 128 bits of SHA-256 over the record's Avro binary encoding, as 32 hex digits. The
   * encoding depends on the schema's field order and types: the same values read from a CSV and an
   * Avro file with different schemas get different keys.
   */
  public static String contentHash(GenericRecord record) {
    return create().hash(record);
  }

  /** {@link #contentHash} of {@code record}, reusing this instance's writer and buffers. */
  public String hash(GenericRecord record) {
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
