package org.flowimpute.pipelines.transforms;

import java.util.List;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.flowimpute.avro.DeadLetter;
import org.flowimpute.household.HouseholdContext;
import org.flowimpute.household.HouseholdTotals;
import org.flowimpute.pipelines.values.FastAvroCoder;
import org.flowimpute.pipelines.values.SourcedRecord;
import org.flowimpute.pipelines.values.SourcedRecordCoder;
import org.flowimpute.pipelines.values.TargetField;

/**
 * Imputes a household-aware model: records are grouped by household id, each household's context
 * features are computed from all its records (core's {@link HouseholdContext}, as in training),
 * every person is imputed by {@link ImputeRecords}, and the imputed persons are grouped again to
 * add {@code household_<target>_total} for every continuous target — exactly the sum over the
 * household's imputed persons.
 *
 * <pre>{@code
 * records.apply("ImputeHouseholds", ImputeHouseholds.with(model, model.household()).withKeyField("person_id"));
 * }</pre>
 *
 * <p>Steps (stable names): {@code KeyByHousehold}, {@code GroupHouseholds}, {@code
 * AddHouseholdContext}, {@code ImputeRecords}, {@code KeyImputedByHousehold}, {@code
 * GroupImputedHouseholds}, {@code AddHouseholdTotals}, {@code FlattenFailures}. Every input record
 * ends up imputed or as one dead letter; a household is imputed whole or not at all: one whose
 * context cannot be computed, or with a member the validation or encoding rejects (checked in
 * {@code AddHouseholdContext}, before any member is imputed), is dead-lettered whole, so every
 * imputed household's features and totals describe the same members.
 *
 * <p>Windows: both groupings are {@code GroupByKey}s, so on windowed input a household is the
 * records with the same id <em>in the same window</em>. Keeping a household in one window is the
 * caller's job (see docs/pipelines.md, households in streams).
 */
public final class ImputeHouseholds
    extends PTransform<
        PCollection<SourcedRecord>, WithFailures.Result<PCollection<GenericRecord>, DeadLetter>> {

  private final ModelProvider model;
  private final HouseholdContext context;
  private final ImputeRecords impute;
  private final String keyField;
  private final String partField;

  private ImputeHouseholds(
      ModelProvider model,
      HouseholdContext context,
      ImputeRecords impute,
      String keyField,
      String partField) {
    this.model = Objects.requireNonNull(model, "model");
    this.context = Objects.requireNonNull(context, "context");
    if (!context.isPresent()) {
      throw new IllegalArgumentException(
          "model " + model.fields().modelId() + " was not trained with a household context");
    }
    this.impute = impute;
    this.keyField = keyField;
    this.partField = partField;
  }

  /** Imputes with {@code model}, computing {@code context}'s features per household. */
  public static ImputeHouseholds with(ModelProvider model, HouseholdContext context) {
    return new ImputeHouseholds(model, context, ImputeRecords.with(model), null, null);
  }

  /** Records per model call. */
  public ImputeHouseholds withBatchSize(int batchSize) {
    return new ImputeHouseholds(
        model, context, impute.withBatchSize(batchSize), keyField, partField);
  }

  /** The field keying each person's noise (see {@link ImputeRecords#withKeyField}). */
  public ImputeHouseholds withKeyField(String keyField) {
    return new ImputeHouseholds(model, context, impute.withKeyField(keyField), keyField, partField);
  }

  /**
   * Groups by household id <em>and</em> this field: records of one id with different values are
   * separate households (the streaming job's partial households, {@code household_part}).
   */
  public ImputeHouseholds withPartField(String partField) {
    return new ImputeHouseholds(model, context, impute, keyField, partField);
  }

  /** The schema of the records with household features (the input of imputation). */
  public Schema featureSchema(Schema inputSchema) {
    return context.withFeatures(inputSchema);
  }

  /** The output schema: imputed records with features and household totals. */
  public Schema outputSchema(Schema inputSchema) {
    return HouseholdTotals.withTotals(
        impute.outputSchema(featureSchema(inputSchema)), totalledTargets());
  }

  private List<String> totalledTargets() {
    return model.fields().targets().stream()
        .filter(target -> target.kind() == TargetField.Kind.CONTINUOUS)
        .map(TargetField::name)
        .toList();
  }

  /**
   * The same imputation, each imputed record going out with its member's source, coded by a {@link
   * SourcedRecordCoder} of the output schema (see {@link ImputeRecords#keepingSources}). Same step
   * names.
   */
  public KeepingSources keepingSources() {
    return new KeepingSources(this);
  }

  @Override
  public WithFailures.Result<PCollection<GenericRecord>, DeadLetter> expand(
      PCollection<SourcedRecord> input) {
    Schema inputSchema = inputSchema(input);
    Schema imputedSchema = impute.outputSchema(featureSchema(inputSchema));
    Schema outputSchema = outputSchema(inputSchema);
    Featured featured = withContext(input, inputSchema);
    WithFailures.Result<PCollection<GenericRecord>, DeadLetter> imputed =
        featured.records().apply("ImputeRecords", impute);
    String idField = context.idField();
    String part = partField;
    PCollection<GenericRecord> totalled =
        imputed
            .output()
            .apply(
                "KeyImputedByHousehold",
                WithKeys.of((GenericRecord record) -> KeyByHouseholdFn.keyOf(record, idField, part))
                    .withKeyType(TypeDescriptors.strings()))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), FastAvroCoder.of(imputedSchema)))
            .apply("GroupImputedHouseholds", GroupByKey.create())
            .apply(
                "AddHouseholdTotals",
                ParDo.of(new AddHouseholdTotalsFn(totalledTargets(), outputSchema)))
            .setCoder(FastAvroCoder.of(outputSchema));
    return WithFailures.Result.of(totalled, featured.failuresWith(imputed.failures()));
  }

  private static Schema inputSchema(PCollection<SourcedRecord> input) {
    if (!(input.getCoder() instanceof SourcedRecordCoder inputCoder)) {
      throw new IllegalArgumentException(
          "ImputeHouseholds needs its input coded by SourcedRecordCoder, got " + input.getCoder());
    }
    return inputCoder.schema();
  }

  /** The steps up to imputation: households grouped, their features added. */
  private Featured withContext(PCollection<SourcedRecord> input, Schema inputSchema) {
    Schema featureSchema = featureSchema(inputSchema);
    PCollectionTuple keyed =
        input.apply(
            "KeyByHousehold",
            ParDo.of(new KeyByHouseholdFn(context.idField(), partField, keyField))
                .withOutputTags(KeyByHouseholdFn.KEYED, TupleTagList.of(KeyByHouseholdFn.FAILED)));
    PCollectionTuple withContext =
        keyed
            .get(KeyByHouseholdFn.KEYED)
            .setCoder(KvCoder.of(StringUtf8Coder.of(), input.getCoder()))
            .apply("GroupHouseholds", GroupByKey.create())
            .apply(
                "AddHouseholdContext",
                ParDo.of(
                        new AddHouseholdContextFn(
                            context, featureSchema, model, keyField, partField))
                    .withOutputTags(
                        AddHouseholdContextFn.WITH_CONTEXT,
                        TupleTagList.of(AddHouseholdContextFn.FAILED)));
    return new Featured(
        withContext
            .get(AddHouseholdContextFn.WITH_CONTEXT)
            .setCoder(SourcedRecordCoder.of(featureSchema)),
        PCollectionList.of(keyed.get(KeyByHouseholdFn.FAILED).setCoder(DeadLetters.coder()))
            .and(withContext.get(AddHouseholdContextFn.FAILED).setCoder(DeadLetters.coder())));
  }

  /**
   * Household members with their features, ready to be imputed, and the dead letters so far.
   *
   * @param records the members of households whose features could be computed
   * @param failures the dead letters of the others and of records without a household
   */
  private record Featured(
      PCollection<SourcedRecord> records, PCollectionList<DeadLetter> failures) {

    /** These dead letters and the imputation's, in one collection ({@code FlattenFailures}). */
    PCollection<DeadLetter> failuresWith(PCollection<DeadLetter> imputation) {
      return failures.and(imputation).apply("FlattenFailures", Flatten.pCollections());
    }
  }

  /**
   * {@link ImputeHouseholds} whose imputed records keep their sources ({@link #keepingSources}).
   */
  public static final class KeepingSources
      extends PTransform<
          PCollection<SourcedRecord>, WithFailures.Result<PCollection<SourcedRecord>, DeadLetter>> {

    private final ImputeHouseholds households;

    private KeepingSources(ImputeHouseholds households) {
      this.households = households;
    }

    /** The output schema: imputed records with features and household totals. */
    public Schema outputSchema(Schema inputSchema) {
      return households.outputSchema(inputSchema);
    }

    @Override
    public WithFailures.Result<PCollection<SourcedRecord>, DeadLetter> expand(
        PCollection<SourcedRecord> input) {
      Schema inputSchema = inputSchema(input);
      Schema imputedSchema = households.impute.outputSchema(households.featureSchema(inputSchema));
      Schema outputSchema = outputSchema(inputSchema);
      Featured featured = households.withContext(input, inputSchema);
      WithFailures.Result<PCollection<SourcedRecord>, DeadLetter> imputed =
          featured.records().apply("ImputeRecords", households.impute.keepingSources());
      String idField = households.context.idField();
      String part = households.partField;
      PCollection<SourcedRecord> totalled =
          imputed
              .output()
              .apply(
                  "KeyImputedByHousehold",
                  WithKeys.of(
                          (SourcedRecord member) ->
                              KeyByHouseholdFn.keyOf(member.record(), idField, part))
                      .withKeyType(TypeDescriptors.strings()))
              .setCoder(KvCoder.of(StringUtf8Coder.of(), SourcedRecordCoder.of(imputedSchema)))
              .apply("GroupImputedHouseholds", GroupByKey.create())
              .apply(
                  "AddHouseholdTotals",
                  ParDo.of(
                      new AddHouseholdTotalsFn.KeepingSources(
                          households.totalledTargets(), outputSchema)))
              .setCoder(SourcedRecordCoder.of(outputSchema));
      return WithFailures.Result.of(totalled, featured.failuresWith(imputed.failures()));
    }
  }
}
