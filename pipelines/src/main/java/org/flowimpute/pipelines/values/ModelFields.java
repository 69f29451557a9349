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
import org.flowimpute.household.HouseholdTotals;

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
 * @param computedFields the fields a household model computes itself (its household features such
 *     as {@code household_size}, and {@code household_<target>_total}): never read from a record,
 *     an input field of that name is replaced by the computed value
 */
public record ModelFields(
    String modelId,
    List<ConditionField> conditions,
    List<TargetField> targets,
    String weightField,
    boolean observedTargets,
    List<String> computedFields)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Copies the lists and checks that there is at least one condition and one target. */
  public ModelFields {
    Objects.requireNonNull(modelId, "modelId");
    conditions = List.copyOf(conditions);
    targets = List.copyOf(targets);
    computedFields = List.copyOf(computedFields);
    if (conditions.isEmpty() || targets.isEmpty()) {
      throw new IllegalArgumentException(
          "model " + modelId + " needs at least one condition and one target");
    }
  }

  /** The fields of a model that computes no field (a person-level model). */
  public ModelFields(
      String modelId,
      List<ConditionField> conditions,
      List<TargetField> targets,
      String weightField,
      boolean observedTargets) {
    this(modelId, conditions, targets, weightField, observedTargets, List.of());
  }

  /** The fields of a person-level model that replaces the targets records hold. */
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
    List<String> computed = new ArrayList<>(manifest.household().featureNames());
    if (manifest.household().isPresent()) {
      manifest.continuousTargets().stream()
          .map(target -> HouseholdTotals.fieldName(target.name()))
          .forEach(computed::add);
    }
    return new ModelFields(
        manifest.modelId(), conditions, targets, weightField, manifest.observedTargets(), computed);
  }

  /**
   * Whether the model computes the field {@code name} itself (a household feature or total), so
   * that a record's value of it is never read.
   */
  public boolean computes(String name) {
    return computedFields.contains(name);
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
