package org.flowimpute.bundle;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * One condition variable (a demographic the model conditions on) and how it is encoded into the
 * ONNX input {@code context}. The manifest lists conditions in encoding order; the encoded columns
 * of all conditions, concatenated, are the {@code context} columns.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "kind")
@JsonSubTypes({
  @JsonSubTypes.Type(value = NumericCondition.class, name = "numeric"),
  @JsonSubTypes.Type(value = CategoricalCondition.class, name = "categorical")
})
public sealed interface ConditionSpec permits NumericCondition, CategoricalCondition {

  /** The input column name. */
  String name();

  /** Names of the encoded columns this condition produces, in order (written for readers). */
  @JsonProperty(value = "encoded_columns", access = JsonProperty.Access.READ_ONLY)
  List<String> encodedColumns();

  /** Number of encoded columns. */
  @JsonIgnore
  default int width() {
    return encodedColumns().size();
  }
}
