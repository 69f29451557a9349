package org.flowimpute.pipelines.values;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.flowimpute.bundle.CategoricalCondition;
import org.flowimpute.bundle.ConditionSpec;
import org.flowimpute.bundle.ContinuousTarget;
import org.flowimpute.bundle.Manifest;
import org.flowimpute.bundle.TargetSpec;

/**
 * What a pipeline must know about a model before it runs: which input fields it reads (to validate
 * records and type CSV columns) and which fields it adds (to derive the output schema). A small,
 * serializable projection of the bundle's manifest, shipped to workers with the pipeline graph.
 *
 * @param modelId the manifest's model id (written into every output record, seeds the noise)
 * @param conditions the condition fields, in manifest order
 * @param targets the target fields, in manifest (= gate) order
 * @param weightField the input field holding survey weights (copied to the output {@code weight}),
 *     or {@code null} if none
 * @param observedTargets whether the model keeps target values present in a record ({@code
 *     --missing-targets} bundles) instead of replacing them
 */
public record ModelFields(
    String modelId,
    List<ConditionField> conditions,
    List<TargetField> targets,
    String weightField,
    boolean observedTargets)
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

  /** The fields of a model that replaces the targets records hold. */
  public ModelFields(
      String modelId,
      List<ConditionField> conditions,
      List<TargetField> targets,
      String weightField) {
    this(modelId, conditions, targets, weightField, false);
  }

  /**
   * The fields of a bundle's manifest.
   *
   * @param weightField the input field holding survey weights, or {@code null}
   */
  public static ModelFields of(Manifest manifest, String weightField) {
    List<ConditionField> conditions = new ArrayList<>();
    for (ConditionSpec spec : manifest.conditions()) {
      if (spec instanceof CategoricalCondition categorical) {
        conditions.add(
            ConditionField.categorical(categorical.name(), categorical.categories())
                .withAcceptsUnknown(categorical.hasOtherLevel()));
      } else {
        conditions.add(ConditionField.numeric(spec.name()));
      }
    }
    List<TargetField> targets = new ArrayList<>();
    for (TargetSpec spec : manifest.targets()) {
      if (spec instanceof ContinuousTarget) {
        targets.add(TargetField.continuous(spec.name(), spec.gateStates()));
      } else {
        targets.add(TargetField.categorical(spec.name(), spec.gateStates()));
      }
    }
    return new ModelFields(
        manifest.modelId(), conditions, targets, weightField, manifest.observedTargets());
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
