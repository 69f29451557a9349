package org.flowimpute.infer;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.bundle.ContinuousTarget;
import org.flowimpute.bundle.Manifest;
import org.flowimpute.bundle.ModelBundle;
import org.flowimpute.bundle.TargetSpec;
import org.flowimpute.encode.ConditionEncoder;
import org.flowimpute.encode.ObservedTargetEncoder;
import org.flowimpute.table.Float32Columns;

/**
 * Imputes Avro records with a model bundle: encodes their conditions with the manifest's {@link
 * ConditionEncoder}, runs a {@link BatchImputer} and returns copies of the records with every
 * target filled in (all input fields kept, in order; a target field already present is replaced by
 * the imputed one at the same position). Continuous targets are doubles, categorical targets their
 * category text.
 *
 * <p>With a model trained with {@code --missing-targets} ({@link Manifest#observedTargets()}), a
 * record whose target field is present and non-null keeps that value (as a double, or the category
 * text) and only its missing targets are drawn, conditioned on the observed ones ({@link
 * ObservedTargetEncoder}); a target holding a missing-value marker ({@code NA}), or a continuous
 * target holding NaN, is missing, as a null is. Other models impute every target.
 */
public final class RecordImputer implements AutoCloseable {

  private final Manifest manifest;
  private final ConditionEncoder encoder;
  private final ObservedTargetEncoder observedEncoder;
  private final BatchImputer imputer;

  private RecordImputer(
      Manifest manifest,
      ConditionEncoder encoder,
      ObservedTargetEncoder observedEncoder,
      BatchImputer imputer) {
    this.manifest = manifest;
    this.encoder = encoder;
    this.observedEncoder = observedEncoder;
    this.imputer = imputer;
  }

  /**
   * An imputer for {@code bundle} (session shared through {@link OrtSessions}); the encoders are
   * made before the session is acquired, so that one that fails leaves no session open.
   */
  public static RecordImputer open(ModelBundle bundle, InferenceOptions options) {
    Manifest manifest = bundle.manifest();
    ConditionEncoder encoder = ConditionEncoder.of(manifest);
    ObservedTargetEncoder observedEncoder =
        manifest.observedTargets() ? ObservedTargetEncoder.of(manifest.targets()) : null;
    return new RecordImputer(
        manifest, encoder, observedEncoder, BatchImputer.open(bundle, options));
  }

  public Manifest manifest() {
    return manifest;
  }

  /** The schema of imputed records for inputs of {@code input}. */
  public Schema outputSchema(Schema input) {
    List<Schema.Field> fields = new ArrayList<>();
    List<String> targetNames = manifest.targets().stream().map(TargetSpec::name).toList();
    for (Schema.Field field : input.getFields()) {
      int target = targetNames.indexOf(field.name());
      fields.add(target >= 0 ? targetField(manifest.targets().get(target)) : copy(field));
    }
    for (TargetSpec target : manifest.targets()) {
      if (input.getField(target.name()) == null) {
        fields.add(targetField(target));
      }
    }
    Schema output =
        Schema.createRecord(
            input.getName(), input.getDoc(), input.getNamespace(), input.isError(), fields);
    return output;
  }

  /**
   * Imputes {@code records}.
   *
   * @param keys one stable key per record (noise is drawn from it)
   * @param refs how to name each record in errors (e.g. "row 17")
   * @param seed global seed
   * @param output the schema from {@link #outputSchema}
   */
  public List<GenericRecord> impute(
      List<? extends GenericRecord> records,
      List<String> keys,
      List<String> refs,
      long seed,
      Schema output) {
    int rows = records.size();
    int width = encoder.width();
    float[] contexts = new float[rows * width];
    for (int r = 0; r < rows; r++) {
      encoder.encode(records.get(r), refs.get(r), contexts, r * width);
    }
    List<TargetSpec> targets = manifest.targets();
    ImputedBatch batch;
    if (observedEncoder == null) {
      batch = imputer.impute(contexts, keys, seed);
    } else {
      int observedWidth = observedEncoder.width();
      float[] observed = new float[rows * observedWidth];
      float[] observedValues = new float[rows * targets.size()];
      for (int r = 0; r < rows; r++) {
        observedEncoder.encode(
            records.get(r),
            refs.get(r),
            observed,
            r * observedWidth,
            observedValues,
            r * targets.size());
      }
      batch = imputer.impute(contexts, observed, observedValues, keys, seed);
    }
    List<GenericRecord> out = new ArrayList<>(rows);
    for (int r = 0; r < rows; r++) {
      GenericRecord input = records.get(r);
      GenericData.Record record = new GenericData.Record(output);
      for (Schema.Field field : input.getSchema().getFields()) {
        record.put(field.name(), input.get(field.name()));
      }
      for (int t = 0; t < targets.size(); t++) {
        TargetSpec target = targets.get(t);
        Object present =
            observedEncoder == null ? null : observedEncoder.presentValue(input, t, refs.get(r));
        record.put(target.name(), present == null ? targetValue(target, batch, r, t) : present);
      }
      out.add(record);
    }
    return out;
  }

  private static Object targetValue(TargetSpec target, ImputedBatch batch, int row, int index) {
    if (target instanceof ContinuousTarget) {
      return (double) batch.value(row, index);
    }
    int state = (int) batch.gateState(row, index);
    return target.gateStates().get(state);
  }

  private static Schema.Field targetField(TargetSpec target) {
    if (target instanceof org.flowimpute.bundle.CategoricalTarget) {
      return new Schema.Field(
          target.name(), Schema.create(Schema.Type.STRING), "imputed by flowimpute", (Object) null);
    }
    return Float32Columns.mark(
        new Schema.Field(
            target.name(),
            Schema.create(Schema.Type.DOUBLE),
            "imputed by flowimpute",
            (Object) null));
  }

  private static Schema.Field copy(Schema.Field field) {
    return new Schema.Field(field, field.schema());
  }

  @Override
  public void close() {
    imputer.close();
  }
}
