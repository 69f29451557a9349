package org.flowimpute.pipelines.stream;

import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.flowimpute.avro.DeadLetter;
import org.flowimpute.household.HouseholdContext;
import org.flowimpute.pipelines.transforms.ImputeHouseholds;
import org.flowimpute.pipelines.transforms.ModelProvider;
import org.flowimpute.pipelines.values.SourcedRecord;
import org.joda.time.Duration;

/**
 * Household imputation in the streaming job: {@link CompleteHouseholds} (hold members until the
 * household is complete or timed out, one window per release) then {@link ImputeHouseholds} grouped
 * by household id and release ({@link CompleteHouseholds#PART_FIELD}), so a partial household's
 * totals cover only its own members and later members never join emitted totals.
 *
 * <p>Steps (stable names): {@code CompleteHouseholds}, {@code ImputeHouseholds}, {@code
 * FailuresIntoGlobalWindow}, {@code FlattenFailures}. Output: the imputed records with household
 * features, totals and the two flags, in the fixed windows of {@link CompleteHouseholds}; dead
 * letters in the global window, as the sources emit theirs. Every input record ends in one of the
 * two. The imputed records keep their sources ({@link ImputeHouseholds#keepingSources}), for the
 * dead letters of the window calibration.
 */
public final class ImputeStreamedHouseholds
    extends PTransform<
        PCollection<SourcedRecord>, WithFailures.Result<PCollection<SourcedRecord>, DeadLetter>> {

  private final CompleteHouseholds complete;
  private final ImputeHouseholds impute;

  private ImputeStreamedHouseholds(CompleteHouseholds complete, ImputeHouseholds impute) {
    this.complete = Objects.requireNonNull(complete, "complete");
    this.impute = Objects.requireNonNull(impute, "impute");
  }

  /**
   * Imputes {@code model} on households of {@code context}'s id field, complete at {@code
   * sizeField} members or released partial {@code timeout} (event time) after their earliest
   * member, grouped in fixed windows of {@code window} (see {@link CompleteHouseholds#of}).
   */
  public static ImputeStreamedHouseholds with(
      ModelProvider model,
      HouseholdContext context,
      String sizeField,
      Duration timeout,
      Duration window) {
    return new ImputeStreamedHouseholds(
        CompleteHouseholds.of(context.idField(), sizeField, timeout, window),
        ImputeHouseholds.with(model, context).withPartField(CompleteHouseholds.PART_FIELD));
  }

  /** Records per model call. */
  public ImputeStreamedHouseholds withBatchSize(int batchSize) {
    return new ImputeStreamedHouseholds(complete, impute.withBatchSize(batchSize));
  }

  /** The field keying each person's noise, whose key the dead letters carry. */
  public ImputeStreamedHouseholds withKeyField(String keyField) {
    return new ImputeStreamedHouseholds(
        complete.withKeyField(keyField), impute.withKeyField(keyField));
  }

  /** The output schema for records of {@code inputSchema}. */
  public Schema outputSchema(Schema inputSchema) {
    return impute.outputSchema(CompleteHouseholds.outputSchema(inputSchema));
  }

  @Override
  public WithFailures.Result<PCollection<SourcedRecord>, DeadLetter> expand(
      PCollection<SourcedRecord> input) {
    WithFailures.Result<PCollection<SourcedRecord>, DeadLetter> completed =
        input.apply("CompleteHouseholds", complete);
    WithFailures.Result<PCollection<SourcedRecord>, DeadLetter> imputed =
        completed.output().apply("ImputeHouseholds", impute.keepingSources());
    PCollection<DeadLetter> failures =
        PCollectionList.of(completed.failures())
            .and(
                imputed
                    .failures()
                    .apply("FailuresIntoGlobalWindow", Window.into(new GlobalWindows())))
            .apply("FlattenFailures", Flatten.pCollections());
    return WithFailures.Result.of(imputed.output(), failures);
  }
}
