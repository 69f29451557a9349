package org.flowimpute.bundle;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What inference does with a categorical condition value that was not seen in training. Chosen at
 * training time and stored in the manifest, so every runner treats unknown values the same way.
 */
public enum UnknownCategoryPolicy {
  /** Refuse the record (it goes to the dead-letter output in pipelines). */
  @JsonProperty("error")
  ERROR,
  /**
   * Impute it as an average category: encoded as the categories' weighted training shares (format
   * 1.4; older manifests: one-hot in the extra "other" column). See {@link CategoricalCondition}.
   */
  @JsonProperty("other")
  OTHER
}
