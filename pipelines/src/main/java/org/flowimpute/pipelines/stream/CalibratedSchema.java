package org.flowimpute.pipelines.stream;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/**
 * The schema of the streaming job's record files: the imputed record ({@code OutputSchema}) plus
 * {@value #CALIBRATED_WEIGHT}, the weight after the window's recalibration ({@code weight} keeps
 * the base weight it was calibrated from). Fields keep their positions in the imputed record.
 */
public final class CalibratedSchema {

  /** Field holding the calibrated weight. */
  public static final String CALIBRATED_WEIGHT = "calibrated_weight";

  private CalibratedSchema() {}

  /**
   * The imputed schema with the calibrated weight appended, or in the place of a {@value
   * #CALIBRATED_WEIGHT} field the records already hold (a stream's own output streamed again): a
   * second field of that name made the job fail at start ("Duplicate field").
   */
  public static Schema derive(Schema imputed) {
    List<Schema.Field> fields = new ArrayList<>();
    Schema.Field weight =
        new Schema.Field(
            CALIBRATED_WEIGHT,
            Schema.create(Schema.Type.DOUBLE),
            "Weight after the window's EMM recalibration (the base weight if it failed).",
            null);
    for (Schema.Field field : imputed.getFields()) {
      fields.add(
          field.name().equals(CALIBRATED_WEIGHT)
              ? weight
              : new Schema.Field(field, field.schema()));
    }
    if (imputed.getField(CALIBRATED_WEIGHT) == null) {
      fields.add(weight);
    }
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
