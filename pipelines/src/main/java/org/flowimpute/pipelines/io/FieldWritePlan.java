package org.flowimpute.pipelines.io;

import java.io.IOException;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.Encoder;

/**
 * How each field of one record schema is written, decided once per schema instead of once per
 * value: a field of a primitive type (string, double, float, long, int, boolean), or an optional
 * one ({@code null} or such a type), is written straight to the encoder, as Avro's generic writer
 * would write it; any other field ({@link #isDirect} false: records, arrays, maps, enums, fixed,
 * bytes, wider unions, logical types) is left to that writer. Avro's writer instead dispatches on
 * the schema, looks for a logical type and resolves the union for every value of every record.
 */
final class FieldWritePlan {

  /** Writes one value of a field of a known type. */
  @FunctionalInterface
  private interface ValueWriter {
    void write(Object value, Encoder out) throws IOException;
  }

  private final Schema schema;
  private final ValueWriter[] writers;

  private FieldWritePlan(Schema schema) {
    this.schema = schema;
    List<Schema.Field> fields = schema.getFields();
    this.writers = new ValueWriter[fields.size()];
    for (int f = 0; f < writers.length; f++) {
      writers[f] = fieldWriter(fields.get(f).schema());
    }
  }

  /** The plan of records of {@code schema} (a record schema). */
  static FieldWritePlan of(Schema schema) {
    return new FieldWritePlan(schema);
  }

  /** The record schema this plan writes. */
  Schema schema() {
    return schema;
  }

  /** Whether field {@code pos} is written by this plan (else by Avro's generic writer). */
  boolean isDirect(int pos) {
    return writers[pos] != null;
  }

  /**
   * Writes field {@code pos} of {@code record}, a direct field.
   *
   * @throws ClassCastException if the value is not of the field's type
   * @throws NullPointerException if the value is null and the field is not optional
   */
  void write(IndexedRecord record, int pos, Encoder out) throws IOException {
    writers[pos].write(record.get(pos), out);
  }

  private static ValueWriter fieldWriter(Schema field) {
    if (field.getType() != Schema.Type.UNION) {
      return primitiveWriter(field);
    }
    List<Schema> branches = field.getTypes();
    if (branches.size() != 2) {
      return null;
    }
    int nullBranch = branches.get(0).getType() == Schema.Type.NULL ? 0 : 1;
    int valueBranch = 1 - nullBranch;
    if (branches.get(nullBranch).getType() != Schema.Type.NULL) {
      return null;
    }
    ValueWriter value = primitiveWriter(branches.get(valueBranch));
    if (value == null) {
      return null;
    }
    return (datum, out) -> {
      if (datum == null) {
        out.writeIndex(nullBranch);
      } else {
        out.writeIndex(valueBranch);
        value.write(datum, out);
      }
    };
  }

  private static ValueWriter primitiveWriter(Schema type) {
    if (type.getLogicalType() != null) {
      return null;
    }
    return switch (type.getType()) {
      case STRING -> (datum, out) -> out.writeString((CharSequence) datum);
      case DOUBLE -> (datum, out) -> out.writeDouble(((Number) datum).doubleValue());
      case FLOAT -> (datum, out) -> out.writeFloat(((Number) datum).floatValue());
      case LONG -> (datum, out) -> out.writeLong(((Number) datum).longValue());
      case INT -> (datum, out) -> out.writeInt(((Number) datum).intValue());
      case BOOLEAN -> (datum, out) -> out.writeBoolean((Boolean) datum);
      default -> null;
    };
  }
}
