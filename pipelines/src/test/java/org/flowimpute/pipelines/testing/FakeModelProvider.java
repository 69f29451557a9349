package org.flowimpute.pipelines.testing;

import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.infer.ImputedAmounts;
import org.flowimpute.infer.ImputedBatch;
import org.flowimpute.pipelines.transforms.ImputationModel;
import org.flowimpute.pipelines.transforms.ModelProvider;
import org.flowimpute.pipelines.values.ConditionField;
import org.flowimpute.pipelines.values.ModelFields;
import org.flowimpute.pipelines.values.SourcedRecord;
import org.flowimpute.pipelines.values.TargetField;

/**
 * A model in plain Java with a known closed form, to test the pipeline plumbing without ONNX: per
 * record, with {@code c} = sum of the encoded context and {@code u} = a number in [0, 1) derived
 * from the record key, target {@code t} (continuous) is {@code (t + 1) * c + u} and its gate is
 * positive; a categorical target takes category {@code floor(u * categories)}. Counts opened models
 * so tests can check {@code @Setup}/{@code @Teardown} pairing.
 */
public final class FakeModelProvider implements ModelProvider {

  private static final long serialVersionUID = 1L;

  private final ModelFields fields;

  public FakeModelProvider(ModelFields fields) {
    this.fields = fields;
  }

  @Override
  public ModelFields fields() {
    return fields;
  }

  @Override
  public ImputationModel open() {
    return new ImputationModel() {
      @Override
      public float[] encode(SourcedRecord sourced) {
        GenericRecord record = sourced.record();
        float[] context = new float[fields.conditions().size()];
        for (int i = 0; i < context.length; i++) {
          ConditionField condition = fields.conditions().get(i);
          Object value = record.get(condition.name());
          if (condition.numeric()) {
            context[i] = ((Number) value).floatValue();
          } else {
            int index = condition.categories().indexOf(value.toString());
            if (index < 0 && value.toString().equals("poison")) {
              throw new IllegalArgumentException(
                  "field '" + condition.name() + "': category 'poison' cannot be encoded");
            }
            context[i] = index;
          }
        }
        return context;
      }

      @Override
      public ImputedBatch impute(float[][] contexts, List<String> recordKeys) {
        int targets = fields.targets().size();
        float[] values = new float[contexts.length * targets];
        long[] gates = new long[contexts.length * targets];
        for (int r = 0; r < contexts.length; r++) {
          double sum = 0;
          for (float c : contexts[r]) {
            sum += c;
          }
          double u = keyUniform(recordKeys.get(r));
          for (int t = 0; t < targets; t++) {
            var target = fields.targets().get(t);
            if (target.kind() == TargetField.Kind.CONTINUOUS) {
              values[r * targets + t] = (float) ((t + 1) * sum + u);
              gates[r * targets + t] = 2;
            } else {
              int category = (int) Math.floor(u * target.gateStates().size());
              values[r * targets + t] = category;
              gates[r * targets + t] = category;
            }
          }
        }
        return new ImputedBatch(
            contexts.length,
            targets,
            targets,
            0,
            values,
            gates,
            new float[0],
            ImputedAmounts.none());
      }

      @Override
      public void close() {}
    };
  }

  /** The key's number in [0, 1) the fake model adds to each continuous target. */
  public static double keyUniform(String key) {
    return Math.floorMod(key.hashCode(), 1000) / 1000.0;
  }
}
