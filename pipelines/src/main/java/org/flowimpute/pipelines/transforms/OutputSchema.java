package org.flowimpute.pipelines.transforms;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;
import org.flowimpute.pipelines.values.ModelFields;
import org.flowimpute.pipelines.values.TargetField;
import org.flowimpute.table.Float32Columns;

/**
 * Derives the schema of imputed records from the input schema and the model, so any input schema
 * works and the output files describe themselves: the input fields, then per target its value
 * ({@code double} for amounts, the category text for categorical targets, as core's local imputer
 * writes them) and its gate state label ({@code <target>_gate}: negative / zero / positive or a
 * point mass such as {@code =1.0}, or the category), then {@code weight}, {@code model_id} and
 * {@code record_key}.
 *
 * <p>An input field whose name is one of the added fields (for example a target column that is
 * present but to be imputed) is replaced by the added field. The model id is also stored as the
 * schema property {@value #MODEL_ID_PROPERTY}.
 */
public final class OutputSchema {

  /** Suffix of the gate state field of each target. */
  public static final String GATE_SUFFIX = "_gate";

  /** Field holding the record weight (the input's weight field, or 1). */
  public static final String WEIGHT = "weight";

  /** Field holding the model id. */
  public static final String MODEL_ID = "model_id";

  /** Field holding the record key the noise was seeded with. */
  public static final String RECORD_KEY = "record_key";

  /** Schema property holding the model id. */
  public static final String MODEL_ID_PROPERTY = "flowimpute.model_id";

  private OutputSchema() {}

  /** The output schema for records of {@code input} imputed by {@code model}. */
  public static Schema derive(Schema input, ModelFields model) {
    if (input.getType() != Schema.Type.RECORD) {
      throw new IllegalArgumentException("input schema must be a record, got " + input.getType());
    }
    Set<String> added = addedFieldNames(model);
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field field : input.getFields()) {
      if (!added.contains(field.name())) {
        fields.add(new Schema.Field(field, field.schema()));
      }
    }
    Schema string = Schema.create(Schema.Type.STRING);
    for (TargetField target : model.targets()) {
      Schema valueSchema = target.numeric() ? Schema.create(Schema.Type.DOUBLE) : string;
      String kind = target.kind().name().toLowerCase(java.util.Locale.ROOT);
      Schema.Field value =
          new Schema.Field(target.name(), valueSchema, "Imputed " + kind + " target.", null);
      fields.add(target.numeric() ? Float32Columns.mark(value) : value);
      fields.add(
          new Schema.Field(
              target.name() + GATE_SUFFIX,
              string,
              "Gate state of " + target.name() + ": " + String.join(", ", target.gateStates()),
              null));
    }
    fields.add(
        new Schema.Field(
            WEIGHT, Schema.create(Schema.Type.DOUBLE), "Record weight (input weight or 1).", null));
    fields.add(new Schema.Field(MODEL_ID, string, "Id of the model bundle that imputed.", null));
    fields.add(new Schema.Field(RECORD_KEY, string, "Key the record's noise was seeded by.", null));
    Schema output =
        Schema.createRecord(
            input.getName() + "Imputed",
            "Records of " + input.getFullName() + " with targets imputed by " + model.modelId(),
            input.getNamespace(),
            false,
            fields);
    output.addProp(MODEL_ID_PROPERTY, model.modelId());
    return output;
  }

  /**
   * The fields the job writes itself for {@code model} (each target and its gate, {@code weight},
   * {@code model_id}, {@code record_key}): an input field of one of these names is replaced.
   */
  public static Set<String> addedFieldNames(ModelFields model) {
    Set<String> names = new LinkedHashSet<>();
    for (TargetField target : model.targets()) {
      names.add(target.name());
      names.add(target.name() + GATE_SUFFIX);
    }
    names.add(WEIGHT);
    names.add(MODEL_ID);
    names.add(RECORD_KEY);
    return names;
  }
}
