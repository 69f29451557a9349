package org.flowimpute.pipelines.transforms;

import java.io.IOException;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.Encoder;
import org.apache.avro.util.Utf8;
import org.flowimpute.encode.FieldValues;
import org.flowimpute.infer.ImputedBatch;
import org.flowimpute.pipelines.io.FastDatumWriter;
import org.flowimpute.pipelines.values.EncodedRecord;
import org.flowimpute.pipelines.values.FieldSkipper;
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
 * same). Each record's {@link Output} is checked first, then built as a record or written as bytes.
 */
final class OutputRecords {

  /** The added fields after the targets' values and gates: weight, model id and record key. */
  private static final int FIELDS_AFTER_TARGETS = 3;

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
  private final int keptInputFields;
  private final Utf8[][] stateLabels;
  private final FieldSkipper skipper = new FieldSkipper();

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
    this.keptInputFields = addedFieldsFollowInputFields() ? firstAddedField() : -1;
    this.stateLabels = new Utf8[targets.size()][];
    for (int t = 0; t < targets.size(); t++) {
      List<String> states = targets.get(t).gateStates();
      stateLabels[t] = new Utf8[states.size()];
      for (int s = 0; s < states.size(); s++) {
        stateLabels[t][s] = new Utf8(states.get(s));
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
   * The output of {@code input} imputed as row {@code row} of {@code batch}, checked and ready to
   * be built as a record ({@link Output#record}) or written as Avro binary ({@link Output#write}).
   *
   * @throws IllegalArgumentException if a gate state is outside the manifest's range (the model and
   *     manifest disagree) or the weight field does not hold a finite number (as a number or as
   *     numeric text, which validation accepts)
   */
  Output output(GenericRecord input, String key, ImputedBatch batch, int row) {
    if (input.getSchema() != inputSchema) {
      learn(input.getSchema());
    }
    int[] states = new int[targets.size()];
    double weight =
        inputWeightPosition < 0
            ? 1.0
            : FieldValues.number(input.get(inputWeightPosition), key, model.weightField());
    Object[] present = null;
    for (int t = 0; t < targets.size(); t++) {
      states[t] = checkedState(targets.get(t), batch.gateState(row, t));
      Object value = imputer.presentTarget(input, t, key);
      if (value != null) {
        present = present == null ? new Object[targets.size()] : present;
        present[t] = value;
      }
    }
    return new Output(input, key, batch, row, states, weight, present);
  }

  /**
   * One record's checked output. Built as a record it is an {@link ImputedRecord}: for inputs read
   * from Avro files with the input schema ({@link EncodedRecord}) the file writer copies their
   * leading fields as bytes. Written as bytes, when the input's bytes are known, the input fields
   * the output keeps are its leading fields and no target is present, those fields' bytes are
   * copied and the added fields encoded straight from the batch, without building a record; the
   * bytes are the same as the record's.
   */
  final class Output {

    private final GenericRecord input;
    private final String key;
    private final ImputedBatch batch;
    private final int row;
    private final int[] states;
    private final double weight;
    private final Object[] present;

    private Output(
        GenericRecord input,
        String key,
        ImputedBatch batch,
        int row,
        int[] states,
        double weight,
        Object[] present) {
      this.input = input;
      this.key = key;
      this.batch = batch;
      this.row = row;
      this.states = states;
      this.weight = weight;
      this.present = present;
    }

    /** The output record. */
    GenericRecord record() {
      ImputedRecord record =
          new ImputedRecord(
              output, input instanceof EncodedRecord encoded ? encoded : null, leadingCopies);
      for (int pos = 0; pos < copiedFrom.length; pos++) {
        if (copiedFrom[pos] >= 0) {
          record.copy(pos, input.get(copiedFrom[pos]));
        }
      }
      for (int t = 0; t < targets.size(); t++) {
        int state = states[t];
        record.put(
            valuePositions[t],
            present != null && present[t] != null
                ? present[t]
                : targets.get(t).kind() == TargetField.Kind.CONTINUOUS
                    ? (Object) (double) batch.value(row, t)
                    : stateLabels[t][state]);
        record.put(gatePositions[t], stateLabels[t][state]);
      }
      record.put(weightPosition, weight);
      record.put(modelIdPosition, modelId);
      record.put(keyPosition, key);
      return record;
    }

    /**
     * Writes the output record's Avro binary encoding to {@code out}: directly when it can (see
     * {@link Output}), otherwise by building the record and writing it with {@code writer}.
     */
    void write(Encoder out, FastDatumWriter writer) throws IOException {
      if (present == null
          && keptInputFields >= 0
          && leadingCopies >= keptInputFields
          && input instanceof EncodedRecord encoded
          && encoded.writeLeadingFields(keptInputFields, out, skipper)) {
        writeAddedFields(out);
      } else {
        writer.write(record(), out);
      }
    }

    /** The fields {@link OutputSchema#derive} adds after the input's, in its order. */
    private void writeAddedFields(Encoder out) throws IOException {
      for (int t = 0; t < targets.size(); t++) {
        int state = states[t];
        if (targets.get(t).kind() == TargetField.Kind.CONTINUOUS) {
          out.writeDouble(batch.value(row, t));
        } else {
          out.writeString(stateLabels[t][state]);
        }
        out.writeString(stateLabels[t][state]);
      }
      out.writeDouble(weight);
      out.writeString(modelId);
      out.writeString(key);
    }
  }

  /**
   * Whether the output schema ends with the added fields in {@link OutputSchema#derive}'s order
   * (per target its value and gate, then weight, model id and record key), as {@link
   * Output#writeAddedFields} writes them.
   */
  private boolean addedFieldsFollowInputFields() {
    int next = firstAddedField();
    for (int t = 0; t < targets.size(); t++) {
      if (valuePositions[t] != next++ || gatePositions[t] != next++) {
        return false;
      }
    }
    return weightPosition == next && modelIdPosition == next + 1 && keyPosition == next + 2;
  }

  /** Where the added fields would start if they end the output schema. */
  private int firstAddedField() {
    return output.getFields().size() - FIELDS_AFTER_TARGETS - 2 * targets.size();
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
}
