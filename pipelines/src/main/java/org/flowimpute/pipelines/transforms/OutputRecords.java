package org.flowimpute.pipelines.transforms;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.infer.ImputedBatch;
import org.flowimpute.pipelines.values.ModelFields;
import org.flowimpute.pipelines.values.TargetField;

/**
 * Builds output records of the {@link OutputSchema}: the input's fields copied by name, the imputed
 * targets and gate states (one row of a model batch), the weight, the model id and the record key.
 * A target the model takes as observed ({@link ImputationModel#presentTarget}) keeps the input's
 * value exactly.
 *
 * <p>Field positions are looked up once per input schema, not once per record and field: one
 * instance per DoFn instance (not thread-safe), reused for every record.
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

  private Schema inputSchema;
  private int[] copiedFrom;
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
    GenericData.Record record = new GenericData.Record(output);
    for (int pos = 0; pos < copiedFrom.length; pos++) {
      if (copiedFrom[pos] >= 0) {
        record.put(pos, input.get(copiedFrom[pos]));
      }
    }
    for (int t = 0; t < targets.size(); t++) {
      TargetField target = targets.get(t);
      String state = target.stateLabel(batch.gateState(row, t));
      Object present = imputer.presentTarget(input, t, key);
      record.put(
          valuePositions[t],
          present != null ? present : targetValue(target, batch.value(row, t), state));
      record.put(gatePositions[t], state);
    }
    record.put(
        weightPosition,
        inputWeightPosition < 0 ? 1.0 : ((Number) input.get(inputWeightPosition)).doubleValue());
    record.put(modelIdPosition, model.modelId());
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
    inputSchema = schema;
  }

  private int position(String field) {
    return output.getField(field).pos();
  }

  /** Continuous: the value; binary: the gate state 0 or 1; categorical: the state's category. */
  private static Object targetValue(TargetField target, float value, String state) {
    return switch (target.kind()) {
      case CONTINUOUS -> (double) value;
      case BINARY -> Double.parseDouble(state);
      case CATEGORICAL -> state;
    };
  }
}
