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
import org.flowimpute.training.model.Tensor;

/**
 * Writes a trained model as ONE ONNX graph (opset 17, dynamic batch): encoded context + gate
 * uniforms + flow normals in; values in original units, gate states and gate probabilities out.
 *
 * <p>The graph samples gates autoregressively by inverse CDF (state = number of cumulative
 * probabilities &lt;= u, counted over the states before the last seen one), conditions the flow on
 * the context and the one-hot gate states, inverts the flow (MAF unrolled: D passes per layer) and
 * maps magnitudes back with sign * expm1(clip(sigma * y + mu)). It computes what {@link
 * org.flowimpute.training.model.ReferenceSampler} computes, with fewer and larger nodes (ONNX
 * Runtime pays per node): the trunk terms of all gate heads and the condition terms of all flow
 * layers are one MatMul each, a sampled state is built directly as a one-hot row, and signs, atoms
 * and state indices come from one table MatMul.
 *
 * <p>A model with observed-target inputs ({@link ModelSpec#observedInputs()}) has two more inputs:
 * {@code observed} (core's observed-target encoding, appended to the context the trunk and every
 * flow conditioner see) and {@code observed_values}. An observed gate keeps its observed state
 * ({@code Where} on the mask; its probabilities become that state's one-hot, and the forced state
 * is what later gates and the flow are conditioned on), and {@code values} carries the observed
 * value unchanged where the mask is 1.
 */
public final class OnnxExporter {

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
    List<String> headInputs = gateHeadInputs(g, weights, trunk);

    List<String> oneHots = new ArrayList<>();
    List<String> probabilities = new ArrayList<>();
    for (int j = 0; j < gates; j++) {
      SamplerWeights.GateHead head = weights.heads().get(j);
      String pre = headInputs.get(j);
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
      int count = spec.targets().get(j).states();
      String oneHot = sampledOneHot(g, p, u, head.lastSeenState(), count, axisOneScalar, axisOne);
      if (spec.observedInputs()) {
        String observed =
            g.op("Greater", List.of(slice(g, OnnxNames.OBSERVED, j, j + 1, axisOne), half));
        int from = spec.gates() + spec.stateOffset(j);
        String observedOneHot = slice(g, OnnxNames.OBSERVED, from, from + count, axisOne);
        oneHot = g.op("Where", List.of(observed, observedOneHot, oneHot));
        p = g.op("Where", List.of(observed, observedOneHot, p));
      }
      probabilities.add(p);
      oneHots.add(oneHot);
    }
    String allOneHots =
        oneHots.size() == 1 ? oneHots.get(0) : g.op("Concat", oneHots, intAttribute("axis", 1));
    concatOrIdentity(g, OnnxNames.GATE_PROBABILITIES, probabilities);
    g.output(OnnxNames.VALUES, TensorProto.DataType.FLOAT, spec.targets().size());
    g.output(OnnxNames.GATE_STATES, TensorProto.DataType.INT64, gates);
    g.output(OnnxNames.GATE_PROBABILITIES, TensorProto.DataType.FLOAT, spec.totalStates());

    writeValues(g, weights, context, allOneHots, half, axisOne);

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

  /**
   * Every gate head's trunk term {@code trunk·A_j + a_j}, computed for all heads by one MatMul
   * (their weights side by side, as in training) and split per head.
   */
  private static List<String> gateHeadInputs(GraphBuilder g, SamplerWeights weights, String trunk) {
    List<SamplerWeights.GateHead> heads = weights.heads();
    List<Tensor> matrices = new ArrayList<>();
    List<Tensor> biases = new ArrayList<>();
    for (SamplerWeights.GateHead head : heads) {
      matrices.add(head.trunkToHidden());
      biases.add(head.hiddenBias());
    }
    String all =
        g.op(
            "Add",
            List.of(
                g.op("MatMul", List.of(trunk, g.constant("gate_a", sideBySide(matrices)))),
                g.constant("gate_ab", sideBySide(biases))));
    return split(g, all, matrices);
  }

  /**
   * Gate sampling by inverse CDF as a one-hot row: with the exclusive cumulative probabilities
   * {@code e_0 = 0 <= e_1 <= ...} over the states up to the last seen one, {@code r_k = [e_k <= u]}
   * is a run of ones followed by zeros whose length is state + 1 (the state counts the inclusive
   * cumulative probabilities {@code <= u} before the last seen state), so {@code onehot_s = r_s -
   * r_(s+1)}: one exact MatMul of 0/1 values with a constant step-down matrix.
   */
  private static String sampledOneHot(
      GraphBuilder g,
      String probabilities,
      String uniform,
      int lastSeenState,
      int count,
      String axisOneScalar,
      String axisOne) {
    String exclusive =
        g.op("CumSum", List.of(probabilities, axisOneScalar), intAttribute("exclusive", 1));
    int candidates = lastSeenState + 1;
    String leading =
        candidates == count
            ? exclusive
            : g.op(
                "Slice",
                List.of(
                    exclusive,
                    g.constantLong("start0", new long[] {0}, 1),
                    g.constantLong("seen_end", new long[] {candidates}, 1),
                    axisOne));
    String reached =
        g.op(
            "Cast",
            List.of(g.op("LessOrEqual", List.of(leading, uniform))),
            intAttribute("to", TensorProto.DataType.FLOAT.getNumber()));
    float[] stepDown = new float[candidates * count];
    for (int s = 0; s < candidates; s++) {
      stepDown[s * count + s] = 1f;
      if (s + 1 < candidates) {
        stepDown[(s + 1) * count + s] = -1f;
      }
    }
    return g.op("MatMul", List.of(reached, g.constant("step_down", stepDown, candidates, count)));
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

  /**
   * Writes the outputs {@code gate_states} and {@code values} from the one-hot gate states: one
   * MatMul with constant tables gives per target twice the sign times the unit (-2, 0, +2 in units
   * of 1, as the flow yields half magnitudes; 0 for atoms and categorical targets), an added value
   * (the atom's value, or a categorical target's state index) and per gate the state index; exact,
   * as every product is a one-hot 0/1 times a table entry.
   */
  private static void writeValues(
      GraphBuilder g,
      SamplerWeights weights,
      String context,
      String allOneHots,
      String half,
      String axisOne) {
    ModelSpec spec = weights.spec();
    int targets = spec.targets().size();
    int gates = spec.gates();
    int states = spec.totalStates();
    int width = 2 * targets + gates;
    float[] tables = new float[states * width];
    int row = 0;
    for (int j = 0; j < gates; j++) {
      TargetSpec target = spec.targets().get(j);
      for (int state = 0; state < target.states(); state++, row++) {
        boolean categorical = target.kind() == TargetKind.CATEGORICAL;
        tables[row * width + j] = categorical ? 0f : 2 * target.signedUnit(state);
        tables[row * width + targets + j] = categorical ? state : target.atomValue(state);
        tables[row * width + 2 * targets + j] = state;
      }
    }
    List<String> parts =
        g.splitColumns(
            g.op("MatMul", List.of(allOneHots, g.constant("state_tables", tables, states, width))),
            targets,
            targets,
            gates);
    g.opNamed(
        "Cast",
        OnnxNames.GATE_STATES,
        List.of(parts.get(2)),
        intAttribute("to", TensorProto.DataType.INT64.getNumber()));
    String added = parts.get(1);
    int[] flowTargets = spec.flowTargets();
    String signed = null;
    if (flowTargets.length > 0) {
      String halfMagnitude = halfMagnitudes(g, weights, context, allOneHots);
      boolean inTargetOrder = flowTargets.length == targets;
      float[] scatter = new float[flowTargets.length * targets];
      for (int d = 0; d < flowTargets.length; d++) {
        scatter[d * targets + flowTargets[d]] = 1f;
        inTargetOrder &= flowTargets[d] == d;
      }
      String byTarget =
          inTargetOrder
              ? halfMagnitude
              : g.op(
                  "MatMul",
                  List.of(
                      halfMagnitude,
                      g.constant("flow_to_target", scatter, flowTargets.length, targets)));
      signed = g.op("Mul", List.of(parts.get(0), byTarget));
    }
    if (spec.observedInputs()) {
      String sampled = signed == null ? added : g.op("Add", List.of(signed, added));
      String observed =
          g.op("Greater", List.of(slice(g, OnnxNames.OBSERVED, 0, targets, axisOne), half));
      g.opNamed("Where", OnnxNames.VALUES, List.of(observed, OnnxNames.OBSERVED_VALUES, sampled));
    } else if (signed != null) {
      g.opNamed("Add", OnnxNames.VALUES, List.of(signed, added));
    } else {
      g.opNamed("Identity", OnnxNames.VALUES, List.of(added));
    }
  }

  /**
   * Half the flow's magnitudes, expm1(clip(sigma * y + mu)) / 2, [batch, D]: the transform is
   * applied halved (sigma, mu and the clip bounds divided by 2, exact in binary floating point), so
   * that expm1 becomes sinh * exp (see {@link #halfExpm1OfDouble}); the sign table carries the
   * factor 2 back (exact). Every layer's condition term {@code h·Wc + b1} is computed for all
   * layers by one MatMul and split.
   */
  private static String halfMagnitudes(
      GraphBuilder g, SamplerWeights weights, String context, String allOneHots) {
    ModelSpec spec = weights.spec();
    String condition = g.op("Concat", List.of(context, allOneHots), intAttribute("axis", 1));
    String clamp = g.constant("clamp", new float[] {spec.architecture().clamp()}, 1);
    List<SamplerWeights.FlowLayer> layers = weights.flowLayers();
    List<Tensor> conditionWeights = new ArrayList<>();
    List<Tensor> conditionBiases = new ArrayList<>();
    for (SamplerWeights.FlowLayer layer : layers) {
      conditionWeights.add(layer.conditionWeight());
      conditionBiases.add(layer.hiddenBias());
    }
    List<String> conditionTerms =
        split(
            g,
            g.op(
                "Add",
                List.of(
                    g.op(
                        "MatMul",
                        List.of(condition, g.constant("flow_wc", sideBySide(conditionWeights)))),
                    g.constant("flow_b1", sideBySide(conditionBiases)))),
            conditionWeights);
    int dims = spec.flowDims();
    String current = OnnxNames.FLOW_NORMAL;
    for (int l = layers.size() - 1; l >= 0; l--) {
      SamplerWeights.FlowLayer layer = layers.get(l);
      String base = current;
      String conditionTerm = conditionTerms.get(l);
      String w1 = g.constant("flow_w1", layer.inputWeight());
      String w2 = g.constant("flow_w2", layer.hiddenWeight());
      String b2 = g.constant("flow_b2", layer.hiddenBias2());
      String wmu = g.constant("flow_wmu", layer.shiftWeight());
      String bmu = g.constant("flow_bmu", layer.shiftBias());
      float clampValue = spec.architecture().clamp();
      String waOverClamp =
          g.constant("flow_wa_over_clamp", divided(layer.logScaleWeight(), clampValue));
      String baOverClamp =
          g.constant("flow_ba_over_clamp", divided(layer.logScaleBias(), clampValue));
      for (int pass = 0; pass < layer.passes(); pass++) {
        String z1 =
            relu(g, g.op("Add", List.of(g.op("MatMul", List.of(current, w1)), conditionTerm)));
        String z2 = relu(g, g.op("Add", List.of(g.op("MatMul", List.of(z1, w2)), b2)));
        String shift = g.op("Add", List.of(g.op("MatMul", List.of(z2, wmu)), bmu));
        String rawOverClamp =
            g.op("Add", List.of(g.op("MatMul", List.of(z2, waOverClamp)), baOverClamp));
        String logScale = g.op("Mul", List.of(g.op("Tanh", List.of(rawOverClamp)), clamp));
        current =
            g.op("Add", List.of(g.op("Mul", List.of(base, g.op("Exp", List.of(logScale)))), shift));
      }
    }
    float[][] transform = weights.magnitudeTransform();
    float[][] half = new float[transform.length][dims];
    for (int i = 0; i < transform.length; i++) {
      for (int d = 0; d < dims; d++) {
        half[i][d] = transform[i][d] / 2;
      }
    }
    String halfLogMagnitude =
        g.op(
            "Add",
            List.of(
                g.op("Mul", List.of(current, g.constant("half_sigma", half[0], 1, dims))),
                g.constant("half_mu", half[1], 1, dims)));
    String clipped =
        g.op(
            "Max",
            List.of(
                g.op(
                    "Min",
                    List.of(halfLogMagnitude, g.constant("half_log_high", half[3], 1, dims))),
                g.constant("half_log_low", half[2], 1, dims)));
    return halfExpm1OfDouble(g, clipped);
  }

  /** {@code tensor / divisor}: folds the log-scale's division by the clamp into its weights. */
  private static Tensor divided(Tensor tensor, float divisor) {
    float[] data = tensor.data();
    for (int i = 0; i < data.length; i++) {
      data[i] /= divisor;
    }
    return new Tensor(tensor.shape(), data);
  }

  /** Splits {@code input}'s columns into pieces as wide as the parts' last dimensions. */
  private static List<String> split(GraphBuilder g, String input, List<Tensor> parts) {
    if (parts.size() == 1) {
      return List.of(input);
    }
    long[] widths = new long[parts.size()];
    for (int i = 0; i < widths.length; i++) {
      long[] shape = parts.get(i).shape();
      widths[i] = shape[shape.length - 1];
    }
    return g.splitColumns(input, widths);
  }

  /**
   * Matrices [rows, n_i] (or vectors [n_i]) side by side: [rows, sum n_i] (or [sum n_i]), so that
   * one MatMul (or Add) does the work of one per part.
   */
  static Tensor sideBySide(List<Tensor> parts) {
    long[] first = parts.get(0).shape();
    int rows = first.length == 1 ? 1 : (int) first[0];
    int width = 0;
    for (Tensor part : parts) {
      long[] shape = part.shape();
      if (shape.length != first.length || (shape.length == 2 && shape[0] != rows)) {
        throw new IllegalArgumentException("parts of different heights cannot sit side by side");
      }
      width += (int) shape[shape.length - 1];
    }
    float[] out = new float[rows * width];
    int column = 0;
    for (Tensor part : parts) {
      long[] shape = part.shape();
      int n = (int) shape[shape.length - 1];
      float[] data = part.data();
      for (int r = 0; r < rows; r++) {
        System.arraycopy(data, r * n, out, r * width + column, n);
      }
      column += n;
    }
    return new Tensor(first.length == 1 ? new long[] {width} : new long[] {rows, width}, out);
  }

  /**
   * expm1(2h) / 2 as sinh(h) * exp(h), for h >= 0 in float: no cancellation near 0 (where exp(x) -
   * 1 loses all relative precision for tiny amounts) and no branch. Measured against the exact
   * value over h in [1e-11, 16]: within 2.1e-7 relative in ONNX Runtime (exp(x) - 1 in float is off
   * by 2e-6 already at x = 0.03). {@code ReferenceSampler} uses the correctly rounded {@code
   * Math.expm1}.
   */
  private static String halfExpm1OfDouble(GraphBuilder g, String h) {
    return g.op("Mul", List.of(g.op("Sinh", List.of(h)), g.op("Exp", List.of(h))));
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
