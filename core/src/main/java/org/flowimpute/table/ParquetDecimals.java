package org.flowimpute.table;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

/**
 * Parquet DECIMAL columns stored as INT32 or INT64 (how Spark writes decimals of up to 18 digits),
 * read as the numbers they hold. parquet-avro turns such a column into an Avro {@code int} or
 * {@code long} without its scale, so DECIMAL(9,2) 31.00 would be read, encoded and written back as
 * 3100; here those columns become Avro {@code double} fields holding unscaled value / 10^scale.
 * (Decimals stored as BINARY or FIXED keep Avro's decimal logical type and are not touched.)
 */
public final class ParquetDecimals {

  private static final Schema DOUBLE = Schema.create(Schema.Type.DOUBLE);

  /** Scale of each such top-level column, by name, in file order. */
  private final Map<String, Integer> scales;

  private ParquetDecimals(Map<String, Integer> scales) {
    this.scales = scales;
  }

  /** The INT32/INT64 decimal columns of a file's Parquet schema. */
  public static ParquetDecimals of(MessageType parquet) {
    Map<String, Integer> scales = new LinkedHashMap<>();
    for (Type field : parquet.getFields()) {
      if (field.isPrimitive()
          && field.getLogicalTypeAnnotation() instanceof DecimalLogicalTypeAnnotation decimal) {
        PrimitiveTypeName physical = field.asPrimitiveType().getPrimitiveTypeName();
        if (physical == PrimitiveTypeName.INT32 || physical == PrimitiveTypeName.INT64) {
          scales.put(field.getName(), decimal.getScale());
        }
      }
    }
    return new ParquetDecimals(scales);
  }

  /** Whether the file has no such column (records are then used as read). */
  public boolean isEmpty() {
    return scales.isEmpty();
  }

  /** Whether {@code column} is one of them. */
  public boolean contains(String column) {
    return scales.containsKey(column);
  }

  /**
   * {@code read} (the Avro view parquet-avro gives the file, or a projection of it) with each such
   * column as {@code double} ({@code ["null","double"]} where it was optional).
   */
  public Schema asDoubles(Schema read) {
    if (scales.keySet().stream().noneMatch(name -> read.getField(name) != null)) {
      return read;
    }
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field field : read.getFields()) {
      Schema type = scales.containsKey(field.name()) ? doubleLike(field.schema()) : field.schema();
      fields.add(new Schema.Field(field, type));
    }
    Schema converted =
        Schema.createRecord(read.getName(), read.getDoc(), read.getNamespace(), false, fields);
    read.getObjectProps().forEach(converted::addProp);
    return converted;
  }

  /**
   * {@code record} (of a schema {@link #asDoubles} was given) as a record of {@code converted}, the
   * schema {@link #asDoubles} returned for it: the decimal columns scaled, every other value as is
   * (the record itself when the file has no such column).
   */
  public GenericRecord toDoubles(GenericRecord record, Schema converted) {
    if (scales.isEmpty() || converted == record.getSchema()) {
      return record;
    }
    GenericData.Record out = new GenericData.Record(converted);
    for (Schema.Field field : converted.getFields()) {
      Object value = record.get(field.name());
      Integer scale = scales.get(field.name());
      out.put(
          field.pos(),
          scale == null || value == null
              ? value
              : BigDecimal.valueOf(((Number) value).longValue(), scale).doubleValue());
    }
    return out;
  }

  private static Schema doubleLike(Schema schema) {
    if (schema.getType() != Schema.Type.UNION) {
      return DOUBLE;
    }
    List<Schema> branches = new ArrayList<>();
    for (Schema branch : schema.getTypes()) {
      branches.add(branch.getType() == Schema.Type.NULL ? branch : DOUBLE);
    }
    return Schema.createUnion(branches);
  }
}
