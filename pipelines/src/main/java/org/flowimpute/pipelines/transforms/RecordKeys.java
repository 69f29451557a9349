package org.flowimpute.pipelines.transforms;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * The default record key: a hash of the whole record, so that a record gets the same noise (hence
 * the same imputed values) wherever and whenever it is processed, without needing an id column. Two
 * identical records get identical keys and therefore identical imputations; give records an id and
 * use {@code --key-field} when that matters.
 */
public final class RecordKeys {

  private RecordKeys() {}

  /**
   * The first 128 bits of SHA-256 over the record's Avro binary encoding, as 32 hex digits. The
   * encoding depends on the schema's field order and types: the same values read from a CSV and an
   * Avro file with different schemas get different keys.
   */
  public static String contentHash(GenericRecord record) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
      BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(bytes, null);
      new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, encoder);
      encoder.flush();
      byte[] digest = sha256().digest(bytes.toByteArray());
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode record to hash it", e);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
