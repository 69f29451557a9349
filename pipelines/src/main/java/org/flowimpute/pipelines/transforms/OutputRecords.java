package org.flowimpute.pipelines.transforms;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.flowimpute.infer.ImputedBatch;
import org.flowimpute.pipelines.values.EncodedRecord;
import org.flowimpute.pipelines.values.ImputedRecord;
import org.flowimpute.pipelines.values.ModelFields;
import org.flowimpute.pipelines.values.TargetField;

/**
 * Builds output records of the {@link OutputSchema}: the input's fields copied by name, the imputed
 * targets and gate states (one row of a model batch), the weight, the model id and the record key.
 * A target the model takes as observed ({@link ImputationModel#presentTarget}) keeps the input's
 * value exactly.
 *
 * <p>Field positions are looked up once per input schema, not once per record and field: one
 * instance per DoFn instance (not thread-safe), reused for every record. Gate labels, categorical
 * values and the model id are Avro {@link Utf8} constants shared by all records: Avro writes their
 * cached bytes instead of encoding the same text again for every record (the file bytes are the
 * same). Outputs are {@link ImputedRecord}s: for inputs read from Avro files with the input schema
 * ({@link EncodedRecord}) the file writer copies their leading fields as bytes.
 */
final class OutputRecords {

  private final Schema output;
  private final ModelFields model;
  private final ImputationModel imputer;
  private final List<TargetField> targets;
  private final int[] valuePositions;
  private final int[] gatePositions;
  private final int weightPosition;
  private final int modelIdPosition;
  private final int keyPosition;
  private final Utf8 modelId;
  private final Utf8[][] stateLabels;
  private final Object[][] stateValues;

  private Schema inputSchema;
  private int[] copiedFrom;
  private int leadingCopies;
  private int inputWeightPosition;

  private OutputRecords(Schema output, ModelFields model, ImputationModel imputer) {
    this.output = output;
    this.model = model;
    this.imputer = imputer;
    this.targets = model.targets();
    this.valuePositions = new int[targets.size()];
    this.gatePositions = new int[targets.size()];
    for (int t = 0; t < targets.size(); t++) {
      valuePositions[t] = position(targets.get(t).name());
      gatePositions[t] = position(targets.get(t).name() + OutputSchema.GATE_SUFFIX);
    }
    this.weightPosition = position(OutputSchema.WEIGHT);
    this.modelIdPosition = position(OutputSchema.MODEL_ID);
    this.keyPosition = position(OutputSchema.RECORD_KEY);
    this.modelId = new Utf8(model.modelId());
    this.stateLabels = new Utf8[targets.size()][];
    this.stateValues = new Object[targets.size()][];
    for (int t = 0; t < targets.size(); t++) {
      List<String> states = targets.get(t).gateStates();
      stateLabels[t] = new Utf8[states.size()];
      stateValues[t] = new Object[states.size()];
      for (int s = 0; s < states.size(); s++) {
        stateLabels[t][s] = new Utf8(states.get(s));
        stateValues[t][s] = stateValue(targets.get(t), stateLabels[t][s]);
      }
    }
  }

  /**
   * A builder of records of {@code output} (derived from the input schema and {@code model})
   * imputed by {@code imputer}.
   */
  static OutputRecords of(Schema output, ModelFields model, ImputationModel imputer) {
    return new OutputRecords(output, model, imputer);
  }

  /**
   * The output record of {@code input}, imputed as row {@code row} of {@code batch}.
   *
   * @throws IllegalArgumentException if a gate state is outside the manifest's range (the model and
   *     manifest disagree)
   */
  GenericRecord build(GenericRecord input, String key, ImputedBatch batch, int row) {
    if (input.getSchema() != inputSchema) {
      learn(input.getSchema());
    }
    ImputedRecord record =
        new ImputedRecord(
            output, input instanceof EncodedRecord encoded ? encoded : null, leadingCopies);
    for (int pos = 0; pos < copiedFrom.length; pos++) {
      if (copiedFrom[pos] >= 0) {
        record.copy(pos, input.get(copiedFrom[pos]));
      }
    }
    for (int t = 0; t < targets.size(); t++) {
      TargetField target = targets.get(t);
      int state = checkedState(target, batch.gateState(row, t));
      Object present = imputer.presentTarget(input, t, key);
      record.put(
          valuePositions[t],
          present != null
              ? present
              : target.kind() == TargetField.Kind.CONTINUOUS
                  ? (Object) (double) batch.value(row, t)
                  : stateValues[t][state]);
      record.put(gatePositions[t], stateLabels[t][state]);
    }
    record.put(
        weightPosition,
        inputWeightPosition < 0 ? 1.0 : ((Number) input.get(inputWeightPosition)).doubleValue());
    record.put(modelIdPosition, modelId);
    record.put(keyPosition, key);
    return record;
  }

  /** Where each output field comes from in records of {@code schema}, and where the weight is. */
  private void learn(Schema schema) {
    int[] from = new int[output.getFields().size()];
    for (Schema.Field field : output.getFields()) {
      Schema.Field inputField = schema.getField(field.name());
      from[field.pos()] = inputField == null ? -1 : inputField.pos();
    }
    String weightField = model.weightField();
    Schema.Field weight = weightField == null ? null : schema.getField(weightField);
    inputWeightPosition = weight == null ? -1 : weight.pos();
    copiedFrom = from;
    leadingCopies = leadingCopies(schema, from);
    inputSchema = schema;
  }

  /**
   * How many leading output fields are the input's leading fields, in the same order and with the
   * same schemas: the fields whose bytes an {@link ImputedRecord} may copy from its input.
   */
  private int leadingCopies(Schema schema, int[] from) {
    int count = 0;
    while (count < from.length
        && from[count] == count
        && output.getFields().get(count).schema().equals(schema.getFields().get(count).schema())) {
      count++;
    }
    return count;
  }

  private int position(String field) {
    return output.getField(field).pos();
  }

  /** Index of gate state {@code state}, checked against the manifest's states. */
  private static int checkedState(TargetField target, long state) {
    target.stateLabel(state);
    return (int) state;
  }

  /**
   * The output value of a binary (the state 0 or 1 as a double) or categorical target (the state's
   * category) in state {@code label}; continuous targets take the model's value instead.
   */
  private static Object stateValue(TargetField target, Utf8 label) {
    return target.kind() == TargetField.Kind.BINARY ? Double.parseDouble(label.toString()) : label;
  }
}
