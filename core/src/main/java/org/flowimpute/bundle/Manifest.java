package org.flowimpute.bundle;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.flowimpute.household.HouseholdContext;

/**
 * The contents of manifest.json: everything needed to use model.onnx correctly (how to encode
 * conditions, what the targets and gates are, the ONNX tensor names and shapes) and to trust it
 * (format version, checksums of the other files, training-data fingerprint, training summary).
 * Training fills it (see {@link #builder()}); inference derives all sizes from it ({@link
 * #dimensions()}). The JSON layout is documented in docs/model-bundle.md.
 *
 * @param formatVersion manifest format version, e.g. {@code "1.0"} (see {@link FormatVersion})
 * @param modelId identifies the model; part of the noise key, so it changes every imputation
 * @param createdAt when the bundle was created
 * @param trainingData fingerprint of the training data
 * @param conditions condition variables in encoding order
 * @param targets target variables in output (and gate) order
 * @param onnx ONNX opset and graph inputs/outputs
 * @param checksums SHA-256 (hex) of every other file of the bundle, by file name
 * @param training how the model was trained
 * @param observedTargets whether the model accepts observed targets (trained with {@code train
 *     --missing-targets}): the ONNX graph then has the inputs {@code observed} and {@code
 *     observed_values} and imputes only the targets a record lacks. Optional in JSON (absent =
 *     false; written only when true), added in format 1.1.
 * @param household the household context the model conditions on ({@link HouseholdContext#none()}
 *     for a person-level model; then omitted from the JSON, and absent means none)
 */
public record Manifest(
    String formatVersion,
    String modelId,
    Instant createdAt,
    TrainingDataFingerprint trainingData,
    List<ConditionSpec> conditions,
    List<TargetSpec> targets,
    OnnxSpec onnx,
    Map<String, String> checksums,
    TrainingSummary training,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean observedTargets,
    @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = NoHousehold.class)
        HouseholdContext household) {

  /** Allowed model id characters: safe in file names, URLs and log lines. */
  private static final String MODEL_ID_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,127}";

  /** Checks every field and that the ONNX shapes agree with the conditions and targets. */
  public Manifest {
    FormatVersion.parse(Fields.required(formatVersion, "format_version"));
    Fields.required(modelId, "model_id");
    if (!modelId.matches(MODEL_ID_PATTERN)) {
      throw new IllegalArgumentException(
          "field 'model_id' must match " + MODEL_ID_PATTERN + ", got '" + modelId + "'");
    }
    Fields.required(createdAt, "created_at");
    Fields.required(trainingData, "training_data");
    conditions = Fields.requiredList(conditions, "conditions");
    targets = Fields.requiredList(targets, "targets");
    Fields.required(onnx, "onnx");
    Fields.required(checksums, "checksums");
    Fields.required(training, "training");
    household = household == null ? HouseholdContext.none() : household;
    for (String feature : household.featureNames()) {
      boolean numericCondition =
          conditions.stream()
              .anyMatch(c -> c.name().equals(feature) && c instanceof NumericCondition);
      if (!numericCondition) {
        throw new IllegalArgumentException(
            "household feature '" + feature + "' must be a numeric condition of the model");
      }
    }
    if (conditions.isEmpty()) {
      throw new IllegalArgumentException("field 'conditions' must not be empty");
    }
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("field 'targets' must not be empty");
    }
    List<String> names = new ArrayList<>();
    conditions.forEach(condition -> names.add(condition.name()));
    targets.forEach(target -> names.add(target.name()));
    Fields.unique(names, "variable name (conditions and targets share one namespace)");
    checksums = checkedChecksums(checksums);
    onnx.checkMatches(ModelDimensions.of(conditions, targets), observedTargets);
  }

  /** Starts a manifest for a freshly trained model (current format, standard ONNX layout). */
  public static Builder builder() {
    return new Builder();
  }

  /** The sizes of the ONNX tensors (E, G, state counts, S, D, T), derived from this manifest. */
  @JsonProperty(value = "dimensions", access = JsonProperty.Access.READ_ONLY)
  public ModelDimensions dimensions() {
    return ModelDimensions.of(conditions, targets);
  }

  /** The parsed format version. */
  public FormatVersion version() {
    return FormatVersion.parse(formatVersion);
  }

  /** Names of all encoded context columns, in order. */
  public List<String> encodedColumns() {
    List<String> columns = new ArrayList<>();
    conditions.forEach(condition -> columns.addAll(condition.encodedColumns()));
    return List.copyOf(columns);
  }

  /** The continuous targets in target order (flow dimension order). */
  public List<ContinuousTarget> continuousTargets() {
    return targets.stream()
        .filter(ContinuousTarget.class::isInstance)
        .map(ContinuousTarget.class::cast)
        .toList();
  }

  /** A copy with these checksums (the writer fills them). */
  public Manifest withChecksums(Map<String, String> newChecksums) {
    return new Manifest(
        formatVersion,
        modelId,
        createdAt,
        trainingData,
        conditions,
        targets,
        onnx,
        newChecksums,
        training,
        observedTargets,
        household);
  }

  /** Jackson filter: leaves a person-level model's (empty) household context out of the JSON. */
  static final class NoHousehold {
    @Override
    public boolean equals(Object value) {
      return value == null || value instanceof HouseholdContext context && !context.isPresent();
    }

    @Override
    public int hashCode() {
      return 0;
    }
  }

  /** A copy with this household context (its features must be numeric conditions). */
  public Manifest withHousehold(HouseholdContext context) {
    return new Manifest(
        formatVersion,
        modelId,
        createdAt,
        trainingData,
        conditions,
        targets,
        onnx,
        checksums,
        training,
        observedTargets,
        context);
  }

  private static Map<String, String> checkedChecksums(Map<String, String> checksums) {
    Map<String, String> sorted = new TreeMap<>();
    for (Map.Entry<String, String> entry : checksums.entrySet()) {
      String file = entry.getKey();
      if (!BundleFiles.isPlainFileName(file) || BundleFiles.MANIFEST.equals(file)) {
        throw new IllegalArgumentException(
            "field 'checksums' lists '" + file + "', which is not a plain file name of the bundle");
      }
      if (!Sha256.isHex(entry.getValue())) {
        throw new IllegalArgumentException(
            "checksum of '" + file + "' must be 64 lower-case hex digits, got " + entry.getValue());
      }
      sorted.put(file, entry.getValue());
    }
    return Collections.unmodifiableMap(sorted);
  }

  /** Fills a manifest for a new model; {@link #build()} derives the ONNX section. */
  public static final class Builder {
    private String modelId;
    private Instant createdAt = Instant.now();
    private TrainingDataFingerprint trainingData;
    private List<ConditionSpec> conditions = List.of();
    private List<TargetSpec> targets = List.of();
    private int opset = OnnxSpec.DEFAULT_OPSET;
    private TrainingSummary training;
    private boolean observedTargets;
    private HouseholdContext household = HouseholdContext.none();

    private Builder() {}

    /** Sets the household context (default: none). */
    public Builder household(HouseholdContext value) {
      this.household = value;
      return this;
    }

    /** Sets the model id (required). */
    public Builder modelId(String value) {
      this.modelId = value;
      return this;
    }

    /** Sets the creation time (default: now). */
    public Builder createdAt(Instant value) {
      this.createdAt = value;
      return this;
    }

    /** Sets the training data fingerprint (required). */
    public Builder trainingData(TrainingDataFingerprint value) {
      this.trainingData = value;
      return this;
    }

    /** Sets the conditions in encoding order (required). */
    public Builder conditions(List<ConditionSpec> value) {
      this.conditions = value;
      return this;
    }

    /** Sets the targets in output order (required). */
    public Builder targets(List<TargetSpec> value) {
      this.targets = value;
      return this;
    }

    /** Sets the ONNX opset (default {@value OnnxSpec#DEFAULT_OPSET}). */
    public Builder opset(int value) {
      this.opset = value;
      return this;
    }

    /** Sets the training summary (required). */
    public Builder training(TrainingSummary value) {
      this.training = value;
      return this;
    }

    /** Sets whether the model accepts observed targets (default false). */
    public Builder observedTargets(boolean value) {
      this.observedTargets = value;
      return this;
    }

    /** The manifest, without checksums (the bundle writer adds them). */
    public Manifest build() {
      Fields.required(conditions, "conditions");
      Fields.required(targets, "targets");
      boolean anyUnitBesidesOne =
          targets.stream()
              .anyMatch(
                  target ->
                      target instanceof ContinuousTarget continuous
                          && continuous.transform().unit() != 1.0);
      return new Manifest(
          FormatVersion.written(observedTargets, anyUnitBesidesOne).toString(),
          modelId,
          createdAt,
          trainingData,
          conditions,
          targets,
          OnnxSpec.standard(opset, ModelDimensions.of(conditions, targets), observedTargets),
          Map.of(),
          training,
          observedTargets,
          household);
    }
  }
}
