package org.flowimpute.pipelines.transforms;

import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTagList;
import org.flowimpute.avro.DeadLetter;
import org.flowimpute.pipelines.values.FastAvroCoder;
import org.flowimpute.pipelines.values.ModelVersion;
import org.flowimpute.pipelines.values.SourcedRecord;
import org.flowimpute.pipelines.values.SourcedRecordCoder;

/**
 * Imputes a model's targets into records of any Avro schema that holds the model's condition
 * fields. Returns the imputed records (schema: {@link OutputSchema#derive}) and one dead letter per
 * record that could not be imputed; every input record ends up in exactly one of the two.
 *
 * <pre>{@code
 * WithFailures.Result<PCollection<GenericRecord>, DeadLetter> result =
 *     records.apply("ImputeRecords", ImputeRecords.with(model).withBatchSize(1024).withKeyField("id"));
 * }</pre>
 *
 * <p>One step (a stable name, it becomes a Flink operator id): {@code ImputeBatches} ({@link
 * ImputeBatchesFn}, or {@link ImputeWithLatestModelFn} with model hot swap), which validates,
 * encodes, batches, imputes and builds the output records: one step instead of a chain of them, so
 * that the runner's per-element machinery runs once per record. The input must be coded by a {@link
 * SourcedRecordCoder}, which tells the input schema.
 *
 * <p>Immutable: {@code withX()} returns a modified copy.
 */
public final class ImputeRecords
    extends PTransform<
        PCollection<SourcedRecord>, WithFailures.Result<PCollection<GenericRecord>, DeadLetter>> {

  /** Records per model call unless {@link #withBatchSize} says otherwise. */
  public static final int DEFAULT_BATCH_SIZE = 512;

  private final ModelProvider model;
  private final int batchSize;
  private final String keyField;
  private final PCollectionView<Iterable<ModelVersion>> modelVersions;

  private ImputeRecords(ModelProvider model, int batchSize, String keyField) {
    this(model, batchSize, keyField, null);
  }

  private ImputeRecords(
      ModelProvider model,
      int batchSize,
      String keyField,
      PCollectionView<Iterable<ModelVersion>> modelVersions) {
    this.model = Objects.requireNonNull(model, "model");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
    }
    this.batchSize = batchSize;
    this.keyField = keyField;
    this.modelVersions = modelVersions;
    if (modelVersions != null && !(model instanceof BundleModelProvider)) {
      throw new IllegalArgumentException(
          "model hot swap needs a BundleModelProvider, got " + model);
    }
  }

  /**
   * Imputes with {@code model}, batches of {@value #DEFAULT_BATCH_SIZE}, keys by position and
   * content.
   */
  public static ImputeRecords with(ModelProvider model) {
    return new ImputeRecords(model, DEFAULT_BATCH_SIZE, null);
  }

  /** Records per model call (at least 1). */
  public ImputeRecords withBatchSize(int batchSize) {
    return new ImputeRecords(model, batchSize, keyField, modelVersions);
  }

  /**
   * Model hot swap: impute each record with the newest bundle in {@code versions} (a side input,
   * see {@code LatestModel}) instead of a fixed model; the model must be a {@link
   * BundleModelProvider} and the bundles compatible with it. The imputation step is then {@link
   * ImputeWithLatestModelFn} (same step name).
   */
  public ImputeRecords withModelVersions(PCollectionView<Iterable<ModelVersion>> versions) {
    return new ImputeRecords(model, batchSize, keyField, versions);
  }

  /**
   * The field whose text is the record key that seeds each record's noise; {@code null} keys each
   * record by a hash of its position and content ({@link RecordKeys}).
   */
  public ImputeRecords withKeyField(String keyField) {
    return new ImputeRecords(model, batchSize, keyField, modelVersions);
  }

  /** The output schema this transform produces for records of {@code inputSchema}. */
  public Schema outputSchema(Schema inputSchema) {
    return OutputSchema.derive(inputSchema, model.fields());
  }

  /**
   * The same imputation, each imputed record going out with its input's source ({@link
   * SourcedRecord#becoming}), coded by a {@link SourcedRecordCoder} of the output schema: the
   * streaming job's window calibration names where a record it sets aside came from. Same step
   * names.
   */
  public KeepingSources keepingSources() {
    return new KeepingSources(this);
  }

  @Override
  public WithFailures.Result<PCollection<GenericRecord>, DeadLetter> expand(
      PCollection<SourcedRecord> input) {
    Schema outputSchema = outputSchema(inputSchema(input));
    PCollectionTuple imputed = imputeBatches(input, outputSchema, false);
    PCollection<GenericRecord> records =
        imputed.get(ImputeBatchesFn.IMPUTED).setCoder(FastAvroCoder.of(outputSchema));
    return WithFailures.Result.of(records, failures(imputed));
  }

  private static Schema inputSchema(PCollection<SourcedRecord> input) {
    if (!(input.getCoder() instanceof SourcedRecordCoder inputCoder)) {
      throw new IllegalArgumentException(
          "ImputeRecords needs its input coded by SourcedRecordCoder, got " + input.getCoder());
    }
    return inputCoder.schema();
  }

  private PCollectionTuple imputeBatches(
      PCollection<SourcedRecord> input, Schema outputSchema, boolean keepSources) {
    TupleTagList others =
        keepSources
            ? TupleTagList.of(ImputeBatchesFn.FAILED).and(ImputeBatchesFn.IMPUTED_WITH_SOURCES)
            : TupleTagList.of(ImputeBatchesFn.FAILED);
    return modelVersions == null
        ? input.apply(
            "ImputeBatches",
            ParDo.of(new ImputeBatchesFn(model, outputSchema, batchSize, keyField, keepSources))
                .withOutputTags(ImputeBatchesFn.IMPUTED, others))
        : input.apply(
            "ImputeBatches",
            ParDo.of(
                    new ImputeWithLatestModelFn(
                        (BundleModelProvider) model,
                        modelVersions,
                        outputSchema,
                        batchSize,
                        keyField,
                        keepSources))
                .withSideInputs(modelVersions)
                .withOutputTags(ImputeBatchesFn.IMPUTED, others));
  }

  private static PCollection<DeadLetter> failures(PCollectionTuple imputed) {
    return imputed.get(ImputeBatchesFn.FAILED).setCoder(DeadLetters.coder());
  }

  /** {@link ImputeRecords} whose imputed records keep their sources ({@link #keepingSources}). */
  public static final class KeepingSources
      extends PTransform<
          PCollection<SourcedRecord>, WithFailures.Result<PCollection<SourcedRecord>, DeadLetter>> {

    private final ImputeRecords impute;

    private KeepingSources(ImputeRecords impute) {
      this.impute = impute;
    }

    /** The schema of the imputed records for records of {@code inputSchema}. */
    public Schema outputSchema(Schema inputSchema) {
      return impute.outputSchema(inputSchema);
    }

    @Override
    public WithFailures.Result<PCollection<SourcedRecord>, DeadLetter> expand(
        PCollection<SourcedRecord> input) {
      Schema outputSchema = outputSchema(inputSchema(input));
      PCollectionTuple imputed = impute.imputeBatches(input, outputSchema, true);
      imputed.get(ImputeBatchesFn.IMPUTED).setCoder(FastAvroCoder.of(outputSchema));
      PCollection<SourcedRecord> records =
          imputed
              .get(ImputeBatchesFn.IMPUTED_WITH_SOURCES)
              .setCoder(SourcedRecordCoder.of(outputSchema));
      return WithFailures.Result.of(records, failures(imputed));
    }
  }
}
