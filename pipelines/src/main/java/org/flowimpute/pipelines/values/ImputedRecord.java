package org.flowimpute.pipelines.values;

import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.io.Encoder;

/**
 * An imputed output record whose leading fields are an input record's leading fields with the same
 * schemas: when that input is an {@link EncodedRecord}, the file writer copies those fields' bytes
 * instead of encoding the values again (most of an output record is its input's text fields). The
 * values are copied too, so this is an ordinary {@link GenericData.Record} to every reader;
 * changing one of the copied fields drops the shortcut.
 */
public final class ImputedRecord extends GenericData.Record {

  private EncodedRecord source;
  private final int copiedFields;

  /**
   * An empty record of {@code schema} whose first {@code copiedFields} fields are (to be filled
   * with) those of {@code source}.
   */
  public ImputedRecord(Schema schema, EncodedRecord source, int copiedFields) {
    super(schema);
    this.source = source;
    this.copiedFields = copiedFields;
  }

  /** Sets field {@code i} to the source's value without dropping the shortcut. */
  public void copy(int i, Object value) {
    super.put(i, value);
  }

  /**
   * Writes the copied fields as the source's bytes and returns how many fields were written: {@code
   * 0} when the bytes are not available (the caller writes every field itself).
   */
  public int writeCopiedFields(Encoder out) throws IOException {
    if (source == null || copiedFields == 0 || !source.writeLeadingFields(copiedFields, out)) {
      return 0;
    }
    return copiedFields;
  }

  @Override
  public void put(int i, Object v) {
    if (i < copiedFields) {
      source = null;
    }
    super.put(i, v);
  }

  @Override
  public void put(String key, Object value) {
    Schema.Field field = getSchema().getField(key);
    if (field != null && field.pos() < copiedFields) {
      source = null;
    }
    super.put(key, value);
  }
}
