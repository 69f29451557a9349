package org.flowimpute.table;

import org.apache.avro.Schema;

/**
 * Marks the double columns that hold a model's float32 values, so that CSV shows them with the
 * digits a float32 has: an imputed 9736.982 is the float32 nearest to it, and widened to a double
 * it would print as 9736.982421875, digits the model never computed. The mark is a field property,
 * so it travels with Avro files into later steps ({@code calibrate} writing CSV from {@code
 * impute}'s Avro). Only values that are exactly a float32 are shortened; any other value of a
 * marked column (an amount the record carried, an atom's exact amount) prints as the double it is.
 */
public final class Float32Columns {

  /** The field property, {@code true} on marked fields. */
  public static final String PROPERTY = "flowimpute.float32";

  private Float32Columns() {}

  /** Marks {@code field} and returns it. */
  public static Schema.Field mark(Schema.Field field) {
    field.addProp(PROPERTY, true);
    return field;
  }

  /** Whether {@code field} is marked. */
  public static boolean isMarked(Schema.Field field) {
    return Boolean.TRUE.equals(field.getObjectProp(PROPERTY));
  }

  /**
   * The CSV text of {@code value} of a marked column: the float32's shortest form if the value is
   * exactly a float32, else the double's.
   */
  public static String format(double value) {
    float narrow = (float) value;
    return narrow == value ? Float.toString(narrow) : Double.toString(value);
  }
}
