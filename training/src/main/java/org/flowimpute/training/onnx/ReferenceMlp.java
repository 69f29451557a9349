package org.flowimpute.training.onnx;

import static org.flowimpute.training.onnx.GraphBuilder.intAttribute;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A plain MLP [N,16] → 64 → 64 → 8 as ONNX: the yardstick of STACK.md (1.4–2.0 M rows/s per thread
 * at batch 256 on an idle machine). Benchmarks run it beside the flow model so that their rows/s
 * can be read against how fast this machine is at that moment.
 */
public final class ReferenceMlp {

  /** Input name. */
  public static final String INPUT = "x";

  /** Input width. */
  public static final int WIDTH = 16;

  private ReferenceMlp() {}

  /** The serialized model with seeded random weights. */
  public static byte[] bytes() {
    SplittableRandom random = new SplittableRandom(1);
    GraphBuilder g = new GraphBuilder("reference_mlp");
    g.input(INPUT, TensorProto.DataType.FLOAT, WIDTH);
    String h = INPUT;
    int[] sizes = {WIDTH, 64, 64, 8};
    for (int l = 0; l < 3; l++) {
      float[] w = new float[sizes[l] * sizes[l + 1]];
      for (int i = 0; i < w.length; i++) {
        w[i] = (float) (random.nextGaussian() / Math.sqrt(sizes[l]));
      }
      String pre =
          g.op(
              "Add",
              List.of(
                  g.op("MatMul", List.of(h, g.constant("w", w, sizes[l], sizes[l + 1]))),
                  g.constant("b", new float[sizes[l + 1]], sizes[l + 1])));
      h = l < 2 ? g.op("Relu", List.of(pre)) : pre;
    }
    g.opNamed("Softmax", "y", List.of(h), intAttribute("axis", 1));
    g.output("y", TensorProto.DataType.FLOAT, 8);
    return ModelProto.newBuilder()
        .setIrVersion(8)
        .setProducerName("flowimpute")
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OnnxNames.OPSET))
        .setGraph(g.build())
        .build()
        .toByteArray();
  }
}
