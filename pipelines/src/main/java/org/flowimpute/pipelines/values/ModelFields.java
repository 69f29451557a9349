package org.flowimpute.pipelines.values;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * What a pipeline must know about a model before it runs: which input fields it reads (to validate
 * records and type CSV columns) and which fields it adds (to derive the output schema). A small,
 * serializable projection of the bundle's manifest, shipped to workers with the pipeline graph.
 *
 * @param modelId the manifest's model id (written into every output record, seeds the noise)
 * @param conditions the condition fields, in manifest order
 * @param targets the target fields, in manifest (= gate) order
 * @param weightField the survey weight field of the training data, or {@code null} if none
 */
public record ModelFields(
    String modelId, List<ConditionField> conditions, List<TargetField> targets, String weightField)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Copies the lists and checks that there is at least one condition and one target. */
  public ModelFields {
    Objects.requireNonNull(modelId, "modelId");
    conditions = List.copyOf(conditions);
    targets = List.copyOf(targets);
    if (conditions.isEmpty() || targets.isEmpty()) {
      throw new IllegalArgumentException(
          "model " + modelId + " needs at least one condition and one target");
    }
  }

  /** The condition named {@code name}, or {@code null}. */
  public ConditionField condition(String name) {
    for (ConditionField condition : conditions) {
      if (condition.name().equals(name)) {
        return condition;
      }
    }
    return null;
  }

  /** The target named {@code name}, or {@code null}. */
  public TargetField target(String name) {
    for (TargetField target : targets) {
      if (target.name().equals(name)) {
        return target;
      }
    }
    return null;
  }
}
