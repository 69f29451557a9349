package org.flowimpute.pipelines.values;

import java.io.IOException;
import java.security.MessageDigest;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.io.Encoder;

/**
 * A record decoded from an Avro file that still knows the bytes it was decoded from (its binary
 * encoding in its own schema), so that steps which would encode it again can copy them instead: the
 * imputed-file writer copies the leading fields of the input unchanged ({@link ImputedRecord}), the
 * default record key hashes them. A change to any field forgets the bytes, so they never disagree
 * with the values; in every other respect this is an ordinary {@link GenericData.Record}.
 */
public final class EncodedRecord extends GenericData.Record {

  private byte[] bytes;
  private int offset;
  private int length;

  /** An empty record of {@code schema}, as Avro's reader creates it before filling its fields. */
  public EncodedRecord(Schema schema) {
    super(schema);
  }

  /**
   * Remembers that the record's values were decoded from {@code bytes[offset .. offset+length)},
   * written with this record's schema. The array is shared, not copied: it must not change.
   */
  public void setEncoding(byte[] bytes, int offset, int length) {
    this.bytes = bytes;
    this.offset = offset;
    this.length = length;
  }

  /** Whether the bytes the record was decoded from are known (and no field changed since). */
  public boolean hasEncoding() {
    return bytes != null;
  }

  /** Feeds the record's encoding to {@code digest}; the record must {@link #hasEncoding}. */
  public void updateDigest(MessageDigest digest) {
    digest.update(bytes, offset, checkedLength());
  }

  /**
   * Writes the encoding of the first {@code fields} fields (what a writer of the same field schemas
   * would write for them) and returns {@code true}, or returns {@code false} when the encoding is
   * not known.
   */
  public boolean writeLeadingFields(int fields, Encoder out) throws IOException {
    return writeLeadingFields(fields, out, new FieldSkipper());
  }

  /**
   * As {@link #writeLeadingFields(int, Encoder)}, measuring the leading fields with {@code
   * skipper}, which a writer keeps from record to record, instead of a new one.
   */
  public boolean writeLeadingFields(int fields, Encoder out, FieldSkipper skipper)
      throws IOException {
    if (bytes == null) {
      return false;
    }
    out.writeFixed(bytes, offset, leadingFieldsLength(fields, skipper));
    return true;
  }

  /** The byte length of the first {@code fields} fields of the encoding. */
  private int leadingFieldsLength(int fields, FieldSkipper skipper) {
    if (fields == getSchema().getFields().size()) {
      return length;
    }
    return skipper.leadingLength(getSchema(), fields, bytes, offset, length);
  }

  private int checkedLength() {
    if (bytes == null) {
      throw new IllegalStateException("the record's encoding is not known");
    }
    return length;
  }

  @Override
  public void put(int i, Object v) {
    bytes = null;
    super.put(i, v);
  }

  @Override
  public void put(String key, Object value) {
    bytes = null;
    super.put(key, value);
  }
}
