package org.flowimpute.demo;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.avro.DemoPerson;

/**
 * The schemas of demo files: full persons ({@code DemoPerson}) and condition-only persons (ids,
 * demographics and weight, the input of imputation), so that condition files carry no empty target
 * columns.
 */
public final class DemoSchemas {
  /** Every field of a demo person. */
  public static final Schema PERSON = DemoPerson.getClassSchema();

  /** The target fields: the person-level targets and household income. */
  public static final List<String> TARGET_FIELDS = targetFields();

  /** {@code DemoPersonConditions}: {@link #PERSON} without the target fields. */
  public static final Schema CONDITIONS = conditionsSchema();

  private DemoSchemas() {}

  private static List<String> targetFields() {
    List<String> fields = new ArrayList<>();
    for (DemoTarget target : DemoTarget.values()) {
      fields.add(target.fieldName());
    }
    fields.add(DemoTarget.HOUSEHOLD_INCOME_FIELD);
    return List.copyOf(fields);
  }

  private static Schema conditionsSchema() {
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field field : PERSON.getFields()) {
      if (!TARGET_FIELDS.contains(field.name())) {
        fields.add(new Schema.Field(field, field.schema()));
      }
    }
    return Schema.createRecord(
        "DemoPersonConditions",
        "A demo person's ids, demographics and weight: the input of imputation.",
        PERSON.getNamespace(),
        false,
        fields);
  }

  /** The condition-only record of {@code person}. */
  public static GenericRecord conditionsOf(GenericRecord person) {
    GenericData.Record conditions = new GenericData.Record(CONDITIONS);
    for (Schema.Field field : CONDITIONS.getFields()) {
      conditions.put(field.pos(), person.get(field.name()));
    }
    return conditions;
  }
}
