package org.flowimpute.pipelines.transforms;

import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTagList;
import org.flowimpute.avro.DeadLetter;
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
 * <p>Steps (stable names, they become Flink operator ids): {@code ValidateRecords} ({@link
 * ValidateRecordsFn}), {@code ImputeBatches} ({@link ImputeBatchesFn}), {@code FlattenFailures}.
 * The input must be coded by a {@link SourcedRecordCoder}, which tells the input schema.
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

  private ImputeRecords(ModelProvider model, int batchSize, String keyField) {
    this.model = Objects.requireNonNull(model, "model");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
    }
    this.batchSize = batchSize;
    this.keyField = keyField;
  }

  /** Imputes with {@code model}, batches of {@value #DEFAULT_BATCH_SIZE}, keys by content hash. */
  public static ImputeRecords with(ModelProvider model) {
    return new ImputeRecords(model, DEFAULT_BATCH_SIZE, null);
  }

  /** Records per model call (at least 1). */
  public ImputeRecords withBatchSize(int batchSize) {
    return new ImputeRecords(model, batchSize, keyField);
  }

  /**
   * The field whose text is the record key that seeds each record's noise; {@code null} keys each
   * record by a hash of its content ({@link RecordKeys#contentHash}).
   */
  public ImputeRecords withKeyField(String keyField) {
    return new ImputeRecords(model, batchSize, keyField);
  }

  /** The output schema this transform produces for records of {@code inputSchema}. */
  public Schema outputSchema(Schema inputSchema) {
    return OutputSchema.derive(inputSchema, model.fields());
  }

  @Override
  public WithFailures.Result<PCollection<GenericRecord>, DeadLetter> expand(
      PCollection<SourcedRecord> input) {
    if (!(input.getCoder() instanceof SourcedRecordCoder inputCoder)) {
      throw new IllegalArgumentException(
          "ImputeRecords needs its input coded by SourcedRecordCoder, got " + input.getCoder());
    }
    Schema outputSchema = outputSchema(inputCoder.schema());

    PCollectionTuple validated =
        input.apply(
            "ValidateRecords",
            ParDo.of(new ValidateRecordsFn(model.fields(), keyField))
                .withOutputTags(
                    ValidateRecordsFn.VALID, TupleTagList.of(ValidateRecordsFn.FAILED)));
    PCollection<KV<String, SourcedRecord>> valid =
        validated
            .get(ValidateRecordsFn.VALID)
            .setCoder(KvCoder.of(StringUtf8Coder.of(), inputCoder));

    PCollectionTuple imputed =
        valid.apply(
            "ImputeBatches",
            ParDo.of(new ImputeBatchesFn(model, outputSchema, batchSize))
                .withOutputTags(ImputeBatchesFn.IMPUTED, TupleTagList.of(ImputeBatchesFn.FAILED)));

    PCollection<DeadLetter> failures =
        PCollectionList.of(validated.get(ValidateRecordsFn.FAILED).setCoder(DeadLetters.coder()))
            .and(imputed.get(ImputeBatchesFn.FAILED).setCoder(DeadLetters.coder()))
            .apply("FlattenFailures", Flatten.pCollections());
    PCollection<GenericRecord> records =
        imputed.get(ImputeBatchesFn.IMPUTED).setCoder(AvroCoder.of(outputSchema));
    return WithFailures.Result.of(records, failures);
  }
}
