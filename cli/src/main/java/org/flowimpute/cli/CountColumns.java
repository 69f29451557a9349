package org.flowimpute.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;
import org.flowimpute.table.TableFormat;
import org.flowimpute.table.TableWriter;
import org.flowimpute.table.Tables;

/**
 * The household features a household model computes ({@code household_size}, {@code
 * household_adults}, {@code household_children}: counts of members, see {@code HouseholdFeature})
 * written to a CSV output as whole numbers ({@code 3}, not the {@code 3.0} of their {@code double}
 * field), as the input's counts were written. Avro and Parquet outputs keep the {@code double}
 * field the docs name (docs/pipelines.md, Households), so they are written as they are.
 */
final class CountColumns {

  private CountColumns() {}

  /**
   * A CSV writer of {@code schema}'s records to {@code output} writing the fields {@code counts}
   * (those {@code schema} holds as {@code double}, possibly nullable) as whole numbers.
   */
  static TableWriter csvWriter(Path output, Schema schema, Collection<String> counts) {
    Set<String> retyped = Set.copyOf(counts);
    List<Schema.Field> fields = new ArrayList<>();
    boolean any = false;
    for (Schema.Field field : schema.getFields()) {
      Schema whole = retyped.contains(field.name()) ? whole(field.schema()) : null;
      any |= whole != null;
      fields.add(
          whole == null
              ? new Schema.Field(field, field.schema())
              : new Schema.Field(field.name(), whole, field.doc(), (Object) null));
    }
    if (!any) {
      return Tables.writer(output, TableFormat.CSV, schema);
    }
    Schema typed =
        Schema.createRecord(
            schema.getName(), schema.getDoc(), schema.getNamespace(), schema.isError(), fields);
    return new RetypingWriter(
        Tables.writer(output, TableFormat.CSV, typed), retyped, CountColumns::whole);
  }

  /** {@code long} for a {@code double}, {@code ["null", long]} for a nullable one; else null. */
  private static Schema whole(Schema type) {
    if (type.getType() == Schema.Type.DOUBLE) {
      return Schema.create(Schema.Type.LONG);
    }
    if (type.isUnion()
        && type.getTypes().size() == 2
        && type.getTypes().get(0).getType() == Schema.Type.NULL
        && type.getTypes().get(1).getType() == Schema.Type.DOUBLE) {
      return Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.LONG));
    }
    return null;
  }

  /** The count {@code value} as a long; a count is a whole number by construction. */
  private static Object whole(Schema.Field field, Object value) {
    double count = ((Number) value).doubleValue();
    if (count != Math.rint(count) || Math.abs(count) >= 0x1p53) {
      throw new IllegalStateException(
          "household feature '" + field.name() + "' is not a whole number: " + count);
    }
    return (long) count;
  }
}
