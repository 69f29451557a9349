package org.flowimpute.training.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A trained network held on the Java heap: its spec and its weights by parameter name. This is what
 * the exporter turns into ONNX and what checkpoints restore.
 *
 * @param spec shapes, targets and architecture
 * @param weights parameter values by name, in {@link ParameterLayout#shapes} order
 */
public record TrainedModel(ModelSpec spec, Map<String, Tensor> weights) {

  public TrainedModel {
    weights = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(weights));
    Map<String, long[]> expected = ParameterLayout.shapes(spec);
    if (!expected.keySet().equals(weights.keySet())) {
      throw new IllegalArgumentException(
          "weights " + weights.keySet() + " do not match the layout " + expected.keySet());
    }
  }

  /** The tensor named {@code name}. */
  public Tensor weight(String name) {
    return weights.get(name);
  }
}
