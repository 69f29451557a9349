package org.flowimpute.bundle;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One dimension of an ONNX tensor shape: either symbolic (the dynamic {@code "batch"}) or a fixed
 * size. Written to JSON as a string or a number, as in ONNX's own {@code dim_param}/{@code
 * dim_value}.
 *
 * @param symbol the symbolic name, or null for a fixed size
 * @param size the fixed size (ignored when symbolic), >= 0
 */
public record Dim(String symbol, long size) {

  /** The dynamic batch dimension every input and output starts with. */
  public static final Dim BATCH = symbolic("batch");

  /** Checks that a fixed size is not negative. */
  public Dim {
    if (symbol == null && size < 0) {
      throw new IllegalArgumentException("dimension must be >= 0, got " + size);
    }
    if (symbol != null) {
      size = -1;
    }
  }

  /** A fixed dimension. */
  public static Dim fixed(long size) {
    return new Dim(null, size);
  }

  /** A symbolic (dynamic) dimension. */
  public static Dim symbolic(String symbol) {
    return new Dim(Fields.requiredText(symbol, "shape"), -1);
  }

  @JsonValue
  Object json() {
    return symbol != null ? symbol : size;
  }

  @JsonCreator
  static Dim fromJson(JsonNode node) {
    if (node.isTextual()) {
      return symbolic(node.textValue());
    }
    if (node.canConvertToLong() && node.isIntegralNumber()) {
      return fixed(node.longValue());
    }
    throw new IllegalArgumentException(
        "a shape dimension must be a name or an integer, got " + node);
  }

  @Override
  public String toString() {
    return symbol != null ? symbol : Long.toString(size);
  }
}
