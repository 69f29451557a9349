package org.flowimpute.pipelines.transforms;

import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.infer.ImputedBatch;
import org.flowimpute.pipelines.values.SourcedRecord;

/**
 * A model opened on a worker, as {@link ImputeBatchesFn} uses it: encode one record's conditions,
 * impute a batch of encoded records. Splitting the two lets a record that cannot be encoded become
 * a dead letter without failing the batch it would have joined.
 */
public interface ImputationModel extends AutoCloseable {

  /**
   * The encoded context of one record; its source names it in errors.
   *
   * @throws IllegalArgumentException naming the field and what was expected if the record cannot be
   *     encoded (a record error: it goes to the dead letters)
   */
  float[] encode(SourcedRecord record);

  /**
   * Whether {@link #encode} refuses every record whose condition values the record validation
   * refuses for its provider's {@link ModelProvider#fields}: a missing field, a null, a wrong type,
   * a number that is not finite, a category outside the fields' under policy error. A record that
   * such a model encodes then needs no condition checks of its own ({@link RecordIntake}); one it
   * refuses is validated in full, so its dead letter is the one validation gives. False unless the
   * model says so.
   */
  default boolean checksConditions() {
    return false;
  }

  /**
   * Imputes a batch: row {@code i} of the result belongs to {@code contexts[i]} and is a pure
   * function of that context, {@code recordKeys.get(i)}, the model and the seed.
   */
  ImputedBatch impute(float[][] contexts, List<String> recordKeys);

  /**
   * The value {@code record} carries for target {@code target} (model order) when the model takes
   * it as observed — kept unchanged in the output — or {@code null} when the target is to be
   * imputed (always, for models trained without {@code --missing-targets}).
   */
  default Object presentTarget(GenericRecord record, int target, String recordRef) {
    return null;
  }

  /**
   * Whether a numeric condition of {@code record}, which {@link #encode} accepted, lies outside the
   * range the model was trained on (imputed by extrapolation). False when the model does not know
   * its training ranges (bundles before format 1.6), and unless the model says so.
   */
  default boolean outsideTrainingRange(GenericRecord record) {
    return false;
  }

  /**
   * Whether a categorical condition of {@code record}, which {@link #encode} accepted, holds a
   * category the model did not see in training (imputed as its "other" level, for a model trained
   * with {@code --unknown-category other}). False unless the model says so.
   */
  default boolean hasUnseenCategory(GenericRecord record) {
    return false;
  }

  /** Releases this user's hold on the model's resources (sessions are shared and ref counted). */
  @Override
  void close();
}
