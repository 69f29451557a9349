package org.flowimpute.pipelines.testing;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.flowimpute.bundle.BundleWriter;
import org.flowimpute.bundle.Manifest;
import org.flowimpute.bundle.ModelDimensions;
import org.flowimpute.bundle.OnnxSpec;
import org.flowimpute.bundle.TargetSpec;

/**
 * Builds a small ONNX graph that satisfies the model contract (docs/ONNX contract: inputs context,
 * gate_uniform, flow_normal; outputs values, gate_states, gate_probabilities) for any manifest, so
 * that pipeline tests run real ONNX Runtime sessions before a trained model exists.
 *
 * <p>The graph, with known closed form: {@code gate_states[j] = floor(u_j * states_j)}; {@code
 * values = context · W + flow_normal · V + float(gate_states) · P} where for a continuous target t
 * column t of W is {@code 0.5 + 0.1 i} for context column i, V adds normal d to target d, and for a
 * categorical target P copies the gate state (so the value is the category index). Gate
 * probabilities are uniform over each gate's states.
 */
public final class ContractModels {

  private ContractModels() {}

  /**
   * Writes a bundle for {@code manifest} with the contract graph into {@code directory}; the graph
   * names the manifest's model id in its metadata, as a trained one does, so bundles of two model
   * ids have two graphs (and two ONNX Runtime sessions).
   */
  public static Manifest writeBundle(Path directory, Manifest manifest) {
    byte[] named = withMetadata(onnx(manifest), OnnxSpec.MODEL_ID_METADATA, manifest.modelId());
    try {
      return BundleWriter.write(directory, manifest, named);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code onnx} with one more metadata entry. */
  public static byte[] withMetadata(byte[] onnx, String key, String value) {
    try {
      return ModelProto.parseFrom(onnx).toBuilder()
          .addMetadataProps(StringStringEntryProto.newBuilder().setKey(key).setValue(value))
          .build()
          .toByteArray();
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("not an ONNX model", e);
    }
  }

  /** The serialized ONNX model for {@code manifest}. */
  public static byte[] onnx(Manifest manifest) {
    ModelDimensions dims = manifest.dimensions();
    List<TargetSpec> targets = manifest.targets();
    int e = manifest.encodedColumns().size();
    int t = targets.size();
    int g = t;
    int d = manifest.continuousTargets().size();
    int s = targets.stream().mapToInt(TargetSpec::stateCount).sum();

    float[] w = new float[e * t];
    float[] v = new float[d * t];
    float[] p = new float[g * t];
    float[] stateCounts = new float[g];
    float[] probabilities = new float[s];
    int flow = 0;
    int offset = 0;
    for (int j = 0; j < t; j++) {
      TargetSpec target = targets.get(j);
      stateCounts[j] = target.stateCount();
      for (int k = 0; k < target.stateCount(); k++) {
        probabilities[offset + k] = 1f / target.stateCount();
      }
      offset += target.stateCount();
      if (target.isContinuous()) {
        for (int i = 0; i < e; i++) {
          w[i * t + j] = 0.5f + 0.1f * i;
        }
        v[flow * t + j] = 1f;
        flow++;
      } else {
        p[j * t + j] = 1f;
      }
    }
    if (dims.gates() != g) {
      throw new IllegalStateException("one gate per target expected");
    }

    GraphProto graph =
        GraphProto.newBuilder()
            .setName("contract_test_model")
            .addInput(input("context", TensorProto.DataType.FLOAT, e))
            .addInput(input("gate_uniform", TensorProto.DataType.FLOAT, g))
            .addInput(input("flow_normal", TensorProto.DataType.FLOAT, d))
            .addOutput(input("values", TensorProto.DataType.FLOAT, t))
            .addOutput(input("gate_states", TensorProto.DataType.INT64, g))
            .addOutput(input("gate_probabilities", TensorProto.DataType.FLOAT, s))
            .addInitializer(floats("W", w, e, t))
            .addInitializer(floats("V", v, d, t))
            .addInitializer(floats("P", p, g, t))
            .addInitializer(floats("state_counts", stateCounts, g))
            .addInitializer(floats("probabilities", probabilities, s))
            .addInitializer(floats("no_probability", new float[e * s], e, s))
            .addNode(node("Mul", List.of("gate_uniform", "state_counts"), "scaled"))
            .addNode(node("Floor", List.of("scaled"), "state_floats"))
            .addNode(
                node("Cast", List.of("state_floats"), "gate_states").toBuilder()
                    .addAttribute(
                        AttributeProto.newBuilder()
                            .setName("to")
                            .setType(AttributeProto.AttributeType.INT)
                            .setI(TensorProto.DataType.INT64_VALUE))
                    .build())
            .addNode(node("MatMul", List.of("context", "W"), "from_context"))
            .addNode(node("MatMul", List.of("flow_normal", "V"), "from_flow"))
            .addNode(node("MatMul", List.of("state_floats", "P"), "from_gates"))
            .addNode(node("Add", List.of("from_context", "from_flow"), "partial"))
            .addNode(node("Add", List.of("partial", "from_gates"), "values"))
            .addNode(node("MatMul", List.of("context", "no_probability"), "zeros"))
            .addNode(node("Add", List.of("zeros", "probabilities"), "gate_probabilities"))
            .build();
    return ModelProto.newBuilder()
        .setIrVersion(8)
        .setProducerName("flowimpute-pipelines-tests")
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(17))
        .setGraph(graph)
        .build()
        .toByteArray();
  }

  private static NodeProto node(String op, List<String> inputs, String output) {
    return NodeProto.newBuilder()
        .setOpType(op)
        .setName(output + "_" + op)
        .addAllInput(inputs)
        .addOutput(output)
        .build();
  }

  private static ValueInfoProto input(String name, TensorProto.DataType type, int width) {
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            TypeProto.newBuilder()
                .setTensorType(
                    TypeProto.Tensor.newBuilder()
                        .setElemType(type.getNumber())
                        .setShape(
                            TensorShapeProto.newBuilder()
                                .addDim(
                                    TensorShapeProto.Dimension.newBuilder().setDimParam("batch"))
                                .addDim(
                                    TensorShapeProto.Dimension.newBuilder().setDimValue(width)))))
        .build();
  }

  private static TensorProto floats(String name, float[] data, int... dims) {
    TensorProto.Builder tensor =
        TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE);
    for (int dim : dims) {
      tensor.addDims(dim);
    }
    for (float value : data) {
      tensor.addFloatData(value);
    }
    return tensor.build();
  }
}
