package org.flowimpute.pipelines.transforms;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.infer.ImputedBatch;
import org.flowimpute.pipelines.values.ModelFields;
import org.flowimpute.pipelines.values.TargetField;

/**
 * Builds one output record of the {@link OutputSchema}: the input's fields copied by name, the
 * imputed targets and gate states (row {@code row} of a model batch), the weight, the model id and
 * the record key.
 */
final class OutputRecords {

  private OutputRecords() {}

  /**
   * @throws IllegalArgumentException if a gate state is outside the manifest's range (the model and
   *     manifest disagree)
   */
  static GenericRecord build(
      Schema output,
      ModelFields model,
      GenericRecord input,
      String key,
      ImputedBatch batch,
      int row) {
    GenericData.Record record = new GenericData.Record(output);
    Schema inputSchema = input.getSchema();
    for (Schema.Field field : output.getFields()) {
      Schema.Field inputField = inputSchema.getField(field.name());
      if (inputField != null) {
        record.put(field.pos(), input.get(inputField.pos()));
      }
    }
    List<TargetField> targets = model.targets();
    for (int t = 0; t < targets.size(); t++) {
      TargetField target = targets.get(t);
      String state = target.stateLabel(batch.gateState(row, t));
      record.put(target.name(), targetValue(target, batch.value(row, t), state));
      record.put(target.name() + OutputSchema.GATE_SUFFIX, state);
    }
    record.put(OutputSchema.WEIGHT, weight(model, input));
    record.put(OutputSchema.MODEL_ID, model.modelId());
    record.put(OutputSchema.RECORD_KEY, key);
    return record;
  }

  /** Continuous: the value; binary: the gate state 0 or 1; categorical: the state's category. */
  private static Object targetValue(TargetField target, float value, String state) {
    return switch (target.kind()) {
      case CONTINUOUS -> (double) value;
      case BINARY -> Double.parseDouble(state);
      case CATEGORICAL -> state;
    };
  }

  private static double weight(ModelFields model, GenericRecord input) {
    String weightField = model.weightField();
    if (weightField == null || input.getSchema().getField(weightField) == null) {
      return 1.0;
    }
    return ((Number) input.get(weightField)).doubleValue();
  }
}
