package org.flowimpute.pipelines.transforms;

import java.util.function.Consumer;
import org.flowimpute.avro.DeadLetter;
import org.flowimpute.pipelines.values.ModelFields;
import org.flowimpute.pipelines.values.SourcedRecord;

/**
 * What every imputation DoFn does with a record before batching it: validation and keying ({@link
 * RecordValidator}, counted in {@link BatchMetrics}), then encoding with the model; a record that
 * fails either step becomes one dead letter. One instance per DoFn instance (not thread-safe).
 */
final class RecordIntake {

  private final RecordValidator validator;
  private final BatchMetrics metrics;

  /**
   * @param fields the model's fields
   * @param keyField the field holding the record key, or {@code null} to key by content hash
   * @param metrics where valid records are counted
   */
  RecordIntake(ModelFields fields, String keyField, BatchMetrics metrics) {
    this.validator = new RecordValidator(fields, keyField);
    this.metrics = metrics;
  }

  /**
   * The record's key if it passes validation (then counted as valid); otherwise gives its dead
   * letter to {@code rejected} and returns {@code null}.
   */
  String validate(SourcedRecord record, Consumer<DeadLetter> rejected) {
    String key = validator.validate(record, rejected);
    if (key != null) {
      metrics.recordValid();
    }
    return key;
  }

  /**
   * The record's encoded conditions; if {@code model} cannot encode them, gives an {@code encode}
   * dead letter to {@code rejected} and returns {@code null}.
   */
  static float[] encode(
      SourcedRecord record, String key, ImputationModel model, Consumer<DeadLetter> rejected) {
    try {
      return model.encode(record.record(), record.source());
    } catch (IllegalArgumentException e) {
      rejected.accept(DeadLetters.failure(record, Stage.ENCODE, key, e));
      return null;
    }
  }
}
