package org.flowimpute.bundle;

import java.util.Map;
import java.util.TreeMap;

/**
 * How a model was trained, for provenance and for {@code flowimpute inspect}: the outcome (epochs,
 * best epoch, negative log-likelihoods, time), the seed and code version that reproduce it, and the
 * settings as a free-form map (flow type, layers, learning rate, ...).
 *
 * @param epochs epochs run
 * @param bestEpoch the epoch whose weights were kept (1-based), <= epochs
 * @param trainNll weighted mean negative log-likelihood per row on the training split at bestEpoch
 * @param validationNll the same on the validation split
 * @param seconds wall-clock training time
 * @param seed the training seed
 * @param codeVersion flowimpute version (and commit, if known) that trained the model
 * @param settings training settings; values are JSON scalars (string, number, boolean)
 */
public record TrainingSummary(
    int epochs,
    int bestEpoch,
    double trainNll,
    double validationNll,
    double seconds,
    long seed,
    String codeVersion,
    Map<String, Object> settings) {

  /** Checks ranges and copies the settings into a sorted, unmodifiable map. */
  public TrainingSummary {
    if (epochs < 1 || bestEpoch < 1 || bestEpoch > epochs) {
      throw new IllegalArgumentException(
          "fields 'epochs' and 'best_epoch' need 1 <= best_epoch <= epochs, got "
              + bestEpoch
              + " and "
              + epochs);
    }
    Fields.finite(trainNll, "train_nll");
    Fields.finite(validationNll, "validation_nll");
    if (!(Fields.finite(seconds, "seconds") >= 0)) {
      throw new IllegalArgumentException("field 'seconds' must be >= 0, got " + seconds);
    }
    Fields.requiredText(codeVersion, "code_version");
    Fields.required(settings, "settings");
    for (Map.Entry<String, Object> setting : settings.entrySet()) {
      Object value = setting.getValue();
      if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
        throw new IllegalArgumentException(
            "setting '" + setting.getKey() + "' must be a string, number or boolean, got " + value);
      }
    }
    settings = java.util.Collections.unmodifiableMap(new TreeMap<>(settings));
  }
}
