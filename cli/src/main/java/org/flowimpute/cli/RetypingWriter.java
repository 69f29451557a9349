package org.flowimpute.cli;

import java.nio.file.Path;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.table.TableWriter;

/**
 * A table writer that writes some columns with another type than the records hold them in: each
 * record is copied into the writer's schema, the listed columns' non-null values converted on the
 * way. Why: {@code generate} writes text columns it found numeric as numbers to Avro and Parquet
 * ({@link TextColumnTypes}) and a household model's count features as whole numbers to CSV ({@link
 * CountColumns}), one copy per record either way.
 */
final class RetypingWriter implements TableWriter {

  /** Turns a column's value into the value its field in the writer's schema holds. */
  interface Conversion {
    Object convert(Schema.Field field, Object value);
  }

  private final TableWriter delegate;
  private final Set<String> retyped;
  private final Conversion conversion;

  /**
   * @param delegate the writer, of the schema the records are written in
   * @param retyped the columns whose values {@code conversion} converts
   * @param conversion the conversion of a non-null value of a retyped column
   */
  RetypingWriter(TableWriter delegate, Set<String> retyped, Conversion conversion) {
    this.delegate = delegate;
    this.retyped = Set.copyOf(retyped);
    this.conversion = conversion;
  }

  @Override
  public Schema schema() {
    return delegate.schema();
  }

  @Override
  public Path path() {
    return delegate.path();
  }

  @Override
  public void write(GenericRecord record) {
    Schema schema = delegate.schema();
    GenericData.Record typed = new GenericData.Record(schema);
    for (Schema.Field field : schema.getFields()) {
      Object value = record.get(field.name());
      typed.put(
          field.pos(),
          value != null && retyped.contains(field.name())
              ? conversion.convert(field, value)
              : value);
    }
    delegate.write(typed);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
