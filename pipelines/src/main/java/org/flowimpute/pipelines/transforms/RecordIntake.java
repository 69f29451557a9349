package org.flowimpute.pipelines.transforms;

import java.util.function.Consumer;
import org.flowimpute.avro.DeadLetter;
import org.flowimpute.pipelines.values.ModelFields;
import org.flowimpute.pipelines.values.SourcedRecord;

/**
 * What every imputation DoFn does with a record before batching it: validation and keying ({@link
 * RecordValidator}, counted in {@link BatchMetrics}) and encoding with the model; a record that
 * fails either step becomes one dead letter, the one that validating first gives. One instance per
 * DoFn instance (not thread-safe).
 */
final class RecordIntake {

  private final RecordValidator validator;
  private final BatchMetrics metrics;

  /**
   * @param fields the model's fields
   * @param keyField the field holding the record key, or {@code null} to key by position and
   *     content ({@link RecordKeys})
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
   * The record's key and encoded conditions if it passes validation and {@code model} encodes it;
   * otherwise gives its one dead letter to {@code rejected} and returns {@code null}. The dead
   * letter and the count of valid records are those of {@link #validate} then {@link #encode}. A
   * model that {@link ImputationModel#checksConditions checks the conditions} encodes first, and
   * then only the key and weight are validated (validation would read every condition again, as the
   * encoder has); a record it refuses is validated in full, which names the first offending field
   * as validating first does.
   */
  Accepted accept(SourcedRecord record, ImputationModel model, Consumer<DeadLetter> rejected) {
    if (!model.checksConditions()) {
      String key = validate(record, rejected);
      float[] context = key == null ? null : encode(record, key, model, rejected);
      return context == null ? null : new Accepted(key, context);
    }
    float[] context;
    try {
      context = model.encode(record);
    } catch (IllegalArgumentException refused) {
      String key = validate(record, rejected);
      if (key != null) {
        rejected.accept(DeadLetters.failure(record, Stage.ENCODE, key, refused));
      }
      return null;
    }
    String key = validator.validateKeyAndWeight(record, rejected);
    if (key == null) {
      return null;
    }
    metrics.recordValid();
    return new Accepted(key, context);
  }

  /**
   * The record's encoded conditions; if {@code model} cannot encode them, gives an {@code encode}
   * dead letter to {@code rejected} and returns {@code null}.
   */
  static float[] encode(
      SourcedRecord record, String key, ImputationModel model, Consumer<DeadLetter> rejected) {
    try {
      return model.encode(record);
    } catch (IllegalArgumentException e) {
      rejected.accept(DeadLetters.failure(record, Stage.ENCODE, key, e));
      return null;
    }
  }

  /**
   * A record that passed: its key and encoded conditions.
   *
   * @param key the record key
   * @param context the encoded conditions
   */
  record Accepted(String key, float[] context) {}
}
