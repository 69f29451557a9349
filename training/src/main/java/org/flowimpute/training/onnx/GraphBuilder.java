package org.flowimpute.training.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.flowimpute.training.model.Tensor;

/**
 * A thin layer over the ONNX protobuf builders: named initializers, single-output nodes (and column
 * splits) with generated unique names, and graph inputs/outputs with a dynamic "batch" dimension.
 */
final class GraphBuilder {

  /** Name of the dynamic first dimension of every input and output. */
  static final String BATCH = "batch";

  private final GraphProto.Builder graph = GraphProto.newBuilder();
  private int counter;

  GraphBuilder(String name) {
    graph.setName(name);
  }

  /** Adds a float initializer and returns its name. */
  String constant(String hint, Tensor tensor) {
    return constant(hint, tensor.data(), tensor.shape());
  }

  /** Adds a float initializer and returns its name. */
  String constant(String hint, float[] data, long... dims) {
    String name = unique(hint);
    ByteBuffer buffer = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    buffer.asFloatBuffer().put(data);
    graph.addInitializer(
        TensorProto.newBuilder()
            .setName(name)
            .setDataType(TensorProto.DataType.FLOAT.getNumber())
            .addAllDims(toList(dims))
            .setRawData(ByteString.copyFrom(buffer.array())));
    return name;
  }

  /** Adds an int64 initializer and returns its name. */
  String constantLong(String hint, long[] data, long... dims) {
    String name = unique(hint);
    ByteBuffer buffer = ByteBuffer.allocate(data.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    buffer.asLongBuffer().put(data);
    graph.addInitializer(
        TensorProto.newBuilder()
            .setName(name)
            .setDataType(TensorProto.DataType.INT64.getNumber())
            .addAllDims(toList(dims))
            .setRawData(ByteString.copyFrom(buffer.array())));
    return name;
  }

  /** Adds a node with one output and returns the output's name. */
  String op(String opType, List<String> inputs, AttributeProto... attributes) {
    return opNamed(opType, unique(opType.toLowerCase(java.util.Locale.ROOT)), inputs, attributes);
  }

  /** Adds a node whose output gets the given name (for graph outputs). */
  String opNamed(String opType, String output, List<String> inputs, AttributeProto... attributes) {
    NodeProto.Builder node =
        NodeProto.newBuilder()
            .setOpType(opType)
            .setName(unique("node_" + opType))
            .addAllInput(inputs)
            .addOutput(output);
    for (AttributeProto attribute : attributes) {
      node.addAttribute(attribute);
    }
    graph.addNode(node);
    return output;
  }

  /**
   * Splits {@code input} along axis 1 into pieces of the given widths and returns their names, in
   * order (one node, one output per piece).
   */
  List<String> splitColumns(String input, long... widths) {
    List<String> outputs = new java.util.ArrayList<>();
    for (int i = 0; i < widths.length; i++) {
      outputs.add(unique("split"));
    }
    graph.addNode(
        NodeProto.newBuilder()
            .setOpType("Split")
            .setName(unique("node_Split"))
            .addInput(input)
            .addInput(constantLong("split_widths", widths, widths.length))
            .addAllOutput(outputs)
            .addAttribute(intAttribute("axis", 1)));
    return outputs;
  }

  static AttributeProto intAttribute(String name, long value) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.INT)
        .setI(value)
        .build();
  }

  /** Declares a graph input [batch, width]. */
  void input(String name, TensorProto.DataType type, long width) {
    graph.addInput(valueInfo(name, type, width));
  }

  /** Declares a graph output [batch, width]. */
  void output(String name, TensorProto.DataType type, long width) {
    graph.addOutput(valueInfo(name, type, width));
  }

  GraphProto build() {
    return graph.build();
  }

  private static ValueInfoProto valueInfo(String name, TensorProto.DataType type, long width) {
    TensorShapeProto shape =
        TensorShapeProto.newBuilder()
            .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH))
            .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(width))
            .build();
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            TypeProto.newBuilder()
                .setTensorType(
                    TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape)))
        .build();
  }

  private String unique(String hint) {
    return hint + "_" + counter++;
  }

  private static List<Long> toList(long[] dims) {
    return java.util.Arrays.stream(dims).boxed().toList();
  }
}
