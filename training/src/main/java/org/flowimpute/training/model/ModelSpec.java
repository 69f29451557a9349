package org.flowimpute.training.model;

import java.util.ArrayList;
import java.util.List;
import org.flowimpute.encode.ObservedTargetEncoder;

/**
 * Everything needed to rebuild the network without its weights: encoded context width, targets (in
 * gate order = manifest target order) and architecture. Training, the DJL reference sampler and the
 * ONNX exporter all derive their shapes and masks from this one value.
 *
 * <p>With {@code observedInputs} (training with {@code --missing-targets}) the context vector ends
 * with the observed-target block of core's {@code ObservedTargetEncoder} (mask, one-hot observed
 * states, observed magnitudes: {@link #observedWidth()} floats): the gate trunk and every flow
 * conditioner see it like any other condition, and sampling keeps the observed gate states.
 *
 * @param contextDim width of the context vector the network sees (conditions, then the observed
 *     block if any)
 * @param targets targets in manifest order; each is one gate
 * @param architecture network sizes
 * @param observedInputs whether the context ends with the observed-target block
 */
public record ModelSpec(
    int contextDim, List<TargetSpec> targets, Architecture architecture, boolean observedInputs) {

  /** A model without observed-target inputs. */
  public ModelSpec(int contextDim, List<TargetSpec> targets, Architecture architecture) {
    this(contextDim, targets, architecture, false);
  }

  public ModelSpec {
    targets = List.copyOf(targets);
    if (contextDim < 1) {
      throw new IllegalArgumentException("at least one encoded condition column is needed");
    }
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("at least one target is needed");
    }
    int observed = observedInputs ? observedWidthOf(targets) : 0;
    if (contextDim - observed < 1) {
      throw new IllegalArgumentException("at least one encoded condition column is needed");
    }
  }

  private static int observedWidthOf(List<TargetSpec> targets) {
    int width = targets.size();
    for (TargetSpec target : targets) {
      width += target.states() + (target.kind() == TargetKind.CONTINUOUS ? 1 : 0);
    }
    return width;
  }

  /** Width of the observed-target block at the end of the context (0 without one): T + S + D. */
  public int observedWidth() {
    return observedInputs ? observedWidthOf(targets) : 0;
  }

  /** Core's observed-target encoder for this layout (training path: states and magnitudes). */
  public ObservedTargetEncoder observedEncoder() {
    int[] stateCounts = targets.stream().mapToInt(TargetSpec::states).toArray();
    boolean[] continuous = new boolean[targets.size()];
    for (int j = 0; j < continuous.length; j++) {
      continuous[j] = targets.get(j).kind() == TargetKind.CONTINUOUS;
    }
    return ObservedTargetEncoder.layout(stateCounts, continuous);
  }

  /** Width of the encoded conditions (the context before the observed-target block). */
  public int conditionDim() {
    return contextDim - observedWidth();
  }

  /** Number of gates (one per target). */
  public int gates() {
    return targets.size();
  }

  /** Total number of gate states over all gates. */
  public int totalStates() {
    int total = 0;
    for (TargetSpec target : targets) {
      total += target.states();
    }
    return total;
  }

  /** Offset of gate {@code gate}'s states in the concatenated state vector. */
  public int stateOffset(int gate) {
    int offset = 0;
    for (int j = 0; j < gate; j++) {
      offset += targets.get(j).states();
    }
    return offset;
  }

  /** Gate index of every concatenated state position. */
  public int[] gateOfState() {
    int[] owner = new int[totalStates()];
    int position = 0;
    for (int j = 0; j < targets.size(); j++) {
      for (int s = 0; s < targets.get(j).states(); s++) {
        owner[position++] = j;
      }
    }
    return owner;
  }

  /** Target indices of the continuous targets, i.e. of the flow dimensions in order. */
  public int[] flowTargets() {
    List<Integer> indices = new ArrayList<>();
    for (int j = 0; j < targets.size(); j++) {
      if (targets.get(j).kind() == TargetKind.CONTINUOUS) {
        indices.add(j);
      }
    }
    return indices.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Number of flow dimensions (continuous targets). */
  public int flowDims() {
    return flowTargets().length;
  }

  /** Width of the flow's conditioning vector: encoded context plus one-hot gate states. */
  public int flowConditionDim() {
    return contextDim + totalStates();
  }

  /** Additive logit mask: 0 for seen states, -1e9 for unseen ones (probability exactly 0). */
  public float[] logitMask() {
    float[] mask = new float[totalStates()];
    int position = 0;
    for (TargetSpec target : targets) {
      for (int s = 0; s < target.states(); s++) {
        mask[position++] = target.seen(s) ? 0f : UNSEEN_LOGIT;
      }
    }
    return mask;
  }

  /** Logit added to states never seen in training; exp() of it underflows to exactly 0. */
  public static final float UNSEEN_LOGIT = -1e9f;
}
