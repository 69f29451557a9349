package org.flowimpute.bundle;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Name, element type and shape of one ONNX graph input or output, as recorded in the manifest so
 * that inference binds tensors by what the manifest says rather than by convention.
 *
 * @param name the ONNX value name
 * @param elementType {@code "float32"} or {@code "int64"}
 * @param shape the dimensions, {@code ["batch", n]} for every tensor of the model contract
 */
public record TensorSpec(String name, String elementType, List<Dim> shape) {

  /** Element type name of 32-bit floats. */
  public static final String FLOAT32 = "float32";

  /** Element type name of 64-bit integers. */
  public static final String INT64 = "int64";

  /** Checks that all parts are present and the element type is known. */
  public TensorSpec {
    Fields.requiredText(name, "name");
    Fields.required(elementType, "element_type");
    shape = Fields.requiredList(shape, "shape");
    if (!FLOAT32.equals(elementType) && !INT64.equals(elementType)) {
      throw new IllegalArgumentException(
          "field 'element_type' must be float32 or int64, got '" + elementType + "'");
    }
  }

  /** A {@code [batch, width]} tensor. */
  public static TensorSpec batchOf(String name, String elementType, int width) {
    return new TensorSpec(name, elementType, List.of(Dim.BATCH, Dim.fixed(width)));
  }

  @Override
  public String toString() {
    return name
        + " "
        + elementType
        + shape.stream().map(Dim::toString).collect(Collectors.joining(", ", "[", "]"));
  }
}
