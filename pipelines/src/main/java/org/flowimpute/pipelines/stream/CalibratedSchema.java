package org.flowimpute.pipelines.stream;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/**
 * The schema of the streaming job's record files: the imputed record ({@code OutputSchema}) plus
 * {@value #CALIBRATED_WEIGHT}, the weight after the window's recalibration ({@code weight} keeps
 * the base weight it was calibrated from).
 */
public final class CalibratedSchema {

  /** Field holding the calibrated weight. */
  public static final String CALIBRATED_WEIGHT = "calibrated_weight";

  private CalibratedSchema() {}

  /** The imputed schema with the calibrated weight appended. */
  public static Schema derive(Schema imputed) {
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field field : imputed.getFields()) {
      fields.add(new Schema.Field(field, field.schema()));
    }
    fields.add(
        new Schema.Field(
            CALIBRATED_WEIGHT,
            Schema.create(Schema.Type.DOUBLE),
            "Weight after the window's EMM recalibration (the base weight if it failed).",
            null));
    Schema schema =
        Schema.createRecord(
            imputed.getName() + "Calibrated",
            "Records of " + imputed.getFullName() + " with weights recalibrated per window",
            imputed.getNamespace(),
            false,
            fields);
    imputed.getObjectProps().forEach(schema::addProp);
    return schema;
  }
}
