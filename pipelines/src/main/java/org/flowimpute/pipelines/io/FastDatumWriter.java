package org.flowimpute.pipelines.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.Encoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.beam.sdk.extensions.avro.io.AvroSink;
import org.flowimpute.pipelines.values.ImputedRecord;

/**
 * Avro's generic writer with four shortcuts. Each record is encoded into a buffer of its own and
 * handed to the file's encoder as one run of bytes: the object container file's block encoder
 * writes every number byte by byte into a synchronized stream, which cost more than the encoding
 * itself. An optional field (a two-branch union with {@code null}, what nullable input fields are)
 * is resolved by whether the value is null, instead of Avro's lookup of the value's schema name for
 * every value of every record; other unions are resolved as Avro does. An {@link ImputedRecord}
 * whose input still has the bytes it was read from gets its leading copied fields written as those
 * bytes, not encoded again. Fields of primitive (or optional primitive) types are written by a
 * {@link FieldWritePlan} made once per record schema. The bytes written are the same; a value that
 * does not match its field's type still fails the write.
 *
 * <pre>{@code
 * AvroIO.writeGenericRecords(schema).withDatumWriterFactory(FastDatumWriter.factory())
 * }</pre>
 */
public final class FastDatumWriter extends GenericDatumWriter<GenericRecord> {

  private final RecordBytes recordBytes = new RecordBytes();
  private BinaryEncoder recordEncoder;
  private Schema checkedSchema;
  private boolean checkedSchemaMatches;
  private final Map<Schema, FieldWritePlan> plans = new IdentityHashMap<>();
  private FieldWritePlan lastPlan;

  private FastDatumWriter(Schema schema) {
    super(schema);
  }

  /** A writer of records of {@code schema}. */
  public static FastDatumWriter of(Schema schema) {
    return new FastDatumWriter(schema);
  }

  /** Creates writers for {@code AvroIO.withDatumWriterFactory}. */
  public static AvroSink.DatumWriterFactory<GenericRecord> factory() {
    return FastDatumWriter::new;
  }

  @Override
  public void write(GenericRecord datum, Encoder out) throws IOException {
    recordBytes.reset();
    recordEncoder = EncoderFactory.get().binaryEncoder(recordBytes, recordEncoder);
    super.write(datum, recordEncoder);
    recordEncoder.flush();
    out.writeFixed(recordBytes.bytes(), 0, recordBytes.size());
  }

  @Override
  protected void writeRecord(Schema schema, Object datum, Encoder out) throws IOException {
    if (!(datum instanceof IndexedRecord record)) {
      super.writeRecord(schema, datum, out);
      return;
    }
    int copied =
        datum instanceof ImputedRecord imputed && isWrittenSchema(imputed.getSchema(), schema)
            ? imputed.writeCopiedFields(out)
            : 0;
    FieldWritePlan plan = plan(schema);
    List<Schema.Field> fields = schema.getFields();
    for (int f = copied; f < fields.size(); f++) {
      if (plan.isDirect(f)) {
        writeDirect(plan, record, f, out);
      } else {
        writeField(datum, fields.get(f), out, null);
      }
    }
  }

  /**
   * Writes a field through the plan; a value the plan cannot write (wrong type, null in a required
   * field) is written by Avro's writer instead, which fails with its own message naming the field.
   * The record's bytes go to the file only once the whole record is written, so a failed record
   * leaves nothing behind.
   */
  private void writeDirect(FieldWritePlan plan, IndexedRecord record, int field, Encoder out)
      throws IOException {
    try {
      plan.write(record, field, out);
    } catch (ClassCastException | NullPointerException e) {
      writeField(record, plan.schema().getFields().get(field), out, null);
      throw e; // Avro's writer accepted what the plan refused: fail rather than write torn bytes
    }
  }

  private FieldWritePlan plan(Schema schema) {
    if (lastPlan == null || lastPlan.schema() != schema) {
      lastPlan = plans.computeIfAbsent(schema, FieldWritePlan::of);
    }
    return lastPlan;
  }

  /**
   * Whether a record of {@code recordSchema} is written with {@code schema} field for field:
   * checked once per schema instance (the records of one step share theirs), not once per record.
   */
  private boolean isWrittenSchema(Schema recordSchema, Schema schema) {
    if (recordSchema != checkedSchema) {
      checkedSchemaMatches = recordSchema.equals(schema);
      checkedSchema = recordSchema;
    }
    return checkedSchemaMatches;
  }

  @Override
  protected int resolveUnion(Schema union, Object datum) {
    List<Schema> branches = union.getTypes();
    if (branches.size() == 2) {
      if (branches.get(0).getType() == Schema.Type.NULL) {
        return datum == null ? 0 : 1;
      }
      if (branches.get(1).getType() == Schema.Type.NULL) {
        return datum == null ? 1 : 0;
      }
    }
    return super.resolveUnion(union, datum);
  }

  /** A reusable byte buffer that lends its array instead of copying it. */
  private static final class RecordBytes extends ByteArrayOutputStream {
    RecordBytes() {
      super(512);
    }

    byte[] bytes() {
      return buf;
    }
  }
}
