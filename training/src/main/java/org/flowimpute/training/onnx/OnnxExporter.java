package org.flowimpute.training.onnx;

import static org.flowimpute.training.onnx.GraphBuilder.intAttribute;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flowimpute.training.model.ModelSpec;
import org.flowimpute.training.model.SamplerWeights;
import org.flowimpute.training.model.TargetKind;
import org.flowimpute.training.model.TargetSpec;

/**
 * Writes a trained model as ONE ONNX graph (opset 17, dynamic batch): encoded context + gate
 * uniforms + flow normals in; values in original units, gate states and gate probabilities out.
 *
 * <p>The graph samples gates autoregressively by inverse CDF (state = number of cumulative
 * probabilities &lt;= u, counted over the states before the last seen one), conditions the flow on
 * the context and the one-hot gate states, inverts the flow (MAF unrolled: D passes per layer) and
 * maps magnitudes back with sign * expm1(clip(sigma * y + mu)). It mirrors {@link
 * org.flowimpute.training.model.ReferenceSampler} operation for operation.
 *
 * <p>A model with observed-target inputs ({@link ModelSpec#observedInputs()}) has two more inputs:
 * {@code observed} (core's observed-target encoding, appended to the context the trunk and every
 * flow conditioner see) and {@code observed_values}. An observed gate keeps its observed state
 * ({@code Where} on the mask; its probabilities become that state's one-hot, and the forced state
 * is what later gates and the flow are conditioned on), and {@code values} carries the observed
 * value unchanged where the mask is 1.
 */
public final class OnnxExporter {

  /** Below this log magnitude the graph's expm1 uses its series (see {@link #expm1}). */
  static final float EXPM1_SERIES_BELOW = 0.03f;

  private OnnxExporter() {}

  /** Builds the model; {@code metadata} goes into metadata_props (provenance). */
  public static ModelProto export(SamplerWeights weights, Map<String, String> metadata) {
    ModelSpec spec = weights.spec();
    GraphBuilder g = new GraphBuilder("flowimpute");
    int gates = spec.gates();
    int dims = spec.flowDims();
    g.input(OnnxNames.CONTEXT, TensorProto.DataType.FLOAT, spec.conditionDim());
    g.input(OnnxNames.GATE_UNIFORM, TensorProto.DataType.FLOAT, gates);
    g.input(OnnxNames.FLOW_NORMAL, TensorProto.DataType.FLOAT, dims);
    if (spec.observedInputs()) {
      g.input(OnnxNames.OBSERVED, TensorProto.DataType.FLOAT, spec.observedWidth());
      g.input(OnnxNames.OBSERVED_VALUES, TensorProto.DataType.FLOAT, spec.targets().size());
    }

    String axisOne = g.constantLong("axis1", new long[] {1}, 1);
    String axisOneScalar = g.constantLong("axis1_scalar", new long[] {1});
    String zeroStart = g.constantLong("start0", new long[] {0}, 1);
    String half = spec.observedInputs() ? g.constant("half", new float[] {0.5f}, 1) : null;
    String context =
        spec.observedInputs()
            ? g.op(
                "Concat", List.of(OnnxNames.CONTEXT, OnnxNames.OBSERVED), intAttribute("axis", 1))
            : OnnxNames.CONTEXT;
    String trunk =
        relu(
            g,
            g.op(
                "Add",
                List.of(
                    g.op("MatMul", List.of(context, g.constant("trunk_w", weights.trunkWeight()))),
                    g.constant("trunk_b", weights.trunkBias()))));

    List<String> oneHots = new ArrayList<>();
    List<String> states = new ArrayList<>();
    List<String> probabilities = new ArrayList<>();
    for (int j = 0; j < gates; j++) {
      SamplerWeights.GateHead head = weights.heads().get(j);
      String pre =
          g.op(
              "Add",
              List.of(
                  g.op("MatMul", List.of(trunk, g.constant("gate_a", head.trunkToHidden()))),
                  g.constant("gate_ab", head.hiddenBias())));
      if (j > 0) {
        String previous =
            j == 1 ? oneHots.get(0) : g.op("Concat", oneHots, intAttribute("axis", 1));
        pre =
            g.op(
                "Add",
                List.of(
                    pre,
                    g.op(
                        "MatMul",
                        List.of(previous, g.constant("gate_b", head.previousStatesToHidden())))));
      }
      String logits =
          g.op(
              "Add",
              List.of(
                  g.op(
                      "MatMul", List.of(relu(g, pre), g.constant("gate_c", head.hiddenToLogits()))),
                  g.constant("gate_d", head.logitBias())));
      String p = g.op("Softmax", List.of(logits), intAttribute("axis", 1));
      String u =
          g.op(
              "Slice",
              List.of(
                  OnnxNames.GATE_UNIFORM,
                  g.constantLong("u_start", new long[] {j}, 1),
                  g.constantLong("u_end", new long[] {j + 1}, 1),
                  axisOne));
      String state;
      if (head.lastSeenState() == 0) {
        state =
            g.op(
                "Cast",
                List.of(g.op("Mul", List.of(u, g.constant("zero", new float[] {0f}, 1)))),
                intAttribute("to", TensorProto.DataType.INT64.getNumber()));
      } else {
        String cumulative = g.op("CumSum", List.of(p, axisOneScalar));
        String leading =
            g.op(
                "Slice",
                List.of(
                    cumulative,
                    zeroStart,
                    g.constantLong("seen_end", new long[] {head.lastSeenState()}, 1),
                    axisOne));
        String below =
            g.op(
                "Cast",
                List.of(g.op("LessOrEqual", List.of(leading, u))),
                intAttribute("to", TensorProto.DataType.INT64.getNumber()));
        state = g.op("ReduceSum", List.of(below, axisOne), intAttribute("keepdims", 1));
      }
      int count = spec.targets().get(j).states();
      if (spec.observedInputs()) {
        String observed =
            g.op("Greater", List.of(slice(g, OnnxNames.OBSERVED, j, j + 1, axisOne), half));
        int from = spec.gates() + spec.stateOffset(j);
        String observedOneHot = slice(g, OnnxNames.OBSERVED, from, from + count, axisOne);
        float[] stateIndex = new float[count];
        for (int s = 0; s < count; s++) {
          stateIndex[s] = s;
        }
        String observedState =
            g.op(
                "Cast",
                List.of(
                    g.op(
                        "ReduceSum",
                        List.of(
                            g.op(
                                "Mul",
                                List.of(
                                    observedOneHot, g.constant("state_index", stateIndex, count))),
                            axisOne),
                        intAttribute("keepdims", 1))),
                intAttribute("to", TensorProto.DataType.INT64.getNumber()));
        state = g.op("Where", List.of(observed, observedState, state));
        p = g.op("Where", List.of(observed, observedOneHot, p));
      }
      probabilities.add(p);
      states.add(state);
      long[] range = new long[count];
      for (int s = 0; s < count; s++) {
        range[s] = s;
      }
      oneHots.add(
          g.op(
              "Cast",
              List.of(g.op("Equal", List.of(state, g.constantLong("states", range, count)))),
              intAttribute("to", TensorProto.DataType.FLOAT.getNumber())));
    }
    concatOrIdentity(g, OnnxNames.GATE_STATES, states);
    concatOrIdentity(g, OnnxNames.GATE_PROBABILITIES, probabilities);
    g.output(OnnxNames.VALUES, TensorProto.DataType.FLOAT, spec.targets().size());
    g.output(OnnxNames.GATE_STATES, TensorProto.DataType.INT64, gates);
    g.output(OnnxNames.GATE_PROBABILITIES, TensorProto.DataType.FLOAT, spec.totalStates());

    writeValues(g, weights, context, oneHots, states, half, axisOne);

    ModelProto.Builder model =
        ModelProto.newBuilder()
            .setIrVersion(8)
            .setProducerName("flowimpute")
            .addOpsetImport(
                OperatorSetIdProto.newBuilder().setDomain("").setVersion(OnnxNames.OPSET))
            .setGraph(g.build());
    metadata.forEach(
        (key, value) ->
            model.addMetadataProps(
                StringStringEntryProto.newBuilder().setKey(key).setValue(value)));
    return model.build();
  }

  private static String slice(GraphBuilder g, String input, int from, int to, String axisOne) {
    return g.op(
        "Slice",
        List.of(
            input,
            g.constantLong("slice_start", new long[] {from}, 1),
            g.constantLong("slice_end", new long[] {to}, 1),
            axisOne));
  }

  private static void writeValues(
      GraphBuilder g,
      SamplerWeights weights,
      String context,
      List<String> oneHots,
      List<String> states,
      String half,
      String axisOne) {
    ModelSpec spec = weights.spec();
    int[] flowTargets = spec.flowTargets();
    List<String> pieces = new ArrayList<>();
    List<Integer> order = new ArrayList<>();
    if (flowTargets.length > 0) {
      pieces.add(continuousValues(g, weights, context, oneHots, states));
      for (int target : flowTargets) {
        order.add(target);
      }
    }
    List<String> categorical = new ArrayList<>();
    for (int j = 0; j < spec.targets().size(); j++) {
      if (spec.targets().get(j).kind() == TargetKind.CATEGORICAL) {
        categorical.add(states.get(j));
        order.add(j);
      }
    }
    if (!categorical.isEmpty()) {
      String joined =
          categorical.size() == 1
              ? categorical.get(0)
              : g.op("Concat", categorical, intAttribute("axis", 1));
      pieces.add(
          g.op(
              "Cast", List.of(joined), intAttribute("to", TensorProto.DataType.FLOAT.getNumber())));
    }
    String all =
        pieces.size() == 1 ? pieces.get(0) : g.op("Concat", pieces, intAttribute("axis", 1));
    long[] gather = new long[order.size()];
    boolean identity = true;
    for (int target = 0; target < order.size(); target++) {
      gather[target] = order.indexOf(target);
      identity &= gather[target] == target;
    }
    String sampled =
        identity
            ? all
            : g.op(
                "Gather",
                List.of(all, g.constantLong("value_order", gather, gather.length)),
                intAttribute("axis", 1));
    if (spec.observedInputs()) {
      String observed =
          g.op(
              "Greater",
              List.of(slice(g, OnnxNames.OBSERVED, 0, spec.targets().size(), axisOne), half));
      g.opNamed("Where", OnnxNames.VALUES, List.of(observed, OnnxNames.OBSERVED_VALUES, sampled));
    } else {
      g.opNamed("Identity", OnnxNames.VALUES, List.of(sampled));
    }
  }

  private static String continuousValues(
      GraphBuilder g,
      SamplerWeights weights,
      String context,
      List<String> oneHots,
      List<String> states) {
    ModelSpec spec = weights.spec();
    List<String> conditionParts = new ArrayList<>();
    conditionParts.add(context);
    conditionParts.addAll(oneHots);
    String condition = g.op("Concat", conditionParts, intAttribute("axis", 1));
    String clamp = g.constant("clamp", new float[] {spec.architecture().clamp()}, 1);
    String current = OnnxNames.FLOW_NORMAL;
    List<SamplerWeights.FlowLayer> layers = weights.flowLayers();
    for (int l = layers.size() - 1; l >= 0; l--) {
      SamplerWeights.FlowLayer layer = layers.get(l);
      String base = current;
      String conditionTerm =
          g.op(
              "Add",
              List.of(
                  g.op(
                      "MatMul", List.of(condition, g.constant("flow_wc", layer.conditionWeight()))),
                  g.constant("flow_b1", layer.hiddenBias())));
      String w1 = g.constant("flow_w1", layer.inputWeight());
      String w2 = g.constant("flow_w2", layer.hiddenWeight());
      String b2 = g.constant("flow_b2", layer.hiddenBias2());
      String wmu = g.constant("flow_wmu", layer.shiftWeight());
      String bmu = g.constant("flow_bmu", layer.shiftBias());
      String wa = g.constant("flow_wa", layer.logScaleWeight());
      String ba = g.constant("flow_ba", layer.logScaleBias());
      for (int pass = 0; pass < layer.passes(); pass++) {
        String z1 =
            relu(g, g.op("Add", List.of(g.op("MatMul", List.of(current, w1)), conditionTerm)));
        String z2 = relu(g, g.op("Add", List.of(g.op("MatMul", List.of(z1, w2)), b2)));
        String shift = g.op("Add", List.of(g.op("MatMul", List.of(z2, wmu)), bmu));
        String raw = g.op("Add", List.of(g.op("MatMul", List.of(z2, wa)), ba));
        String logScale =
            g.op("Mul", List.of(g.op("Tanh", List.of(g.op("Div", List.of(raw, clamp)))), clamp));
        current =
            g.op("Add", List.of(g.op("Mul", List.of(base, g.op("Exp", List.of(logScale)))), shift));
      }
    }
    float[][] transform = weights.magnitudeTransform();
    int dims = spec.flowDims();
    String logMagnitude =
        g.op(
            "Add",
            List.of(
                g.op("Mul", List.of(current, g.constant("sigma", transform[0], 1, dims))),
                g.constant("mu", transform[1], 1, dims)));
    String clipped =
        g.op(
            "Max",
            List.of(
                g.op("Min", List.of(logMagnitude, g.constant("log_high", transform[3], 1, dims))),
                g.constant("log_low", transform[2], 1, dims)));
    String magnitude = expm1(g, clipped);
    List<String> flowOneHots = new ArrayList<>();
    int flowStates = 0;
    for (int target : spec.flowTargets()) {
      flowOneHots.add(oneHots.get(target));
      flowStates += spec.targets().get(target).states();
    }
    float[] signs = new float[flowStates * dims];
    float[] atoms = new float[flowStates * dims];
    int row = 0;
    for (int d = 0; d < dims; d++) {
      TargetSpec target = spec.targets().get(spec.flowTargets()[d]);
      for (int state = 0; state < target.states(); state++, row++) {
        signs[row * dims + d] = TargetSpec.sign(state);
        atoms[row * dims + d] = target.atomValue(state);
      }
    }
    String joined =
        flowOneHots.size() == 1
            ? flowOneHots.get(0)
            : g.op("Concat", flowOneHots, intAttribute("axis", 1));
    String sign =
        g.op("MatMul", List.of(joined, g.constant("state_sign", signs, flowStates, dims)));
    String atom =
        g.op("MatMul", List.of(joined, g.constant("state_atom", atoms, flowStates, dims)));
    return g.op("Add", List.of(g.op("Mul", List.of(sign, magnitude)), atom));
  }

  /**
   * expm1(x) for x >= 0 in float without the cancellation of exp(x) - 1 near 0 (which loses all
   * relative precision for tiny amounts): a degree-5 Taylor polynomial below {@link
   * #EXPM1_SERIES_BELOW} (truncation error under x^6/720, far below float precision), exp(x) - 1
   * above. {@code ReferenceSampler} uses the correctly rounded {@code Math.expm1}.
   */
  private static String expm1(GraphBuilder g, String x) {
    String series =
        g.op(
            "Mul",
            List.of(x, horner(g, x, new float[] {1f, 1f / 2, 1f / 6, 1f / 24, 1f / 120}, 0)));
    String direct =
        g.op("Sub", List.of(g.op("Exp", List.of(x)), g.constant("one", new float[] {1f}, 1)));
    String small =
        g.op(
            "Less",
            List.of(x, g.constant("expm1_series_below", new float[] {EXPM1_SERIES_BELOW}, 1)));
    return g.op("Where", List.of(small, series, direct));
  }

  /** c[from] + x * (c[from + 1] + x * (...)). */
  private static String horner(GraphBuilder g, String x, float[] coefficients, int from) {
    String constant = g.constant("expm1_c", new float[] {coefficients[from]}, 1);
    if (from == coefficients.length - 1) {
      return constant;
    }
    return g.op(
        "Add", List.of(constant, g.op("Mul", List.of(x, horner(g, x, coefficients, from + 1)))));
  }

  private static void concatOrIdentity(GraphBuilder g, String output, List<String> parts) {
    if (parts.size() == 1) {
      g.opNamed("Identity", output, parts);
    } else {
      g.opNamed("Concat", output, parts, intAttribute("axis", 1));
    }
  }

  private static String relu(GraphBuilder g, String input) {
    return g.op("Relu", List.of(input));
  }
}
