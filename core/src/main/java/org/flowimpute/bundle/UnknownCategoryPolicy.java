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
  /** Encode it as the extra "other" level that the layout reserves for this condition. */
  @JsonProperty("other")
  OTHER
}
