package org.flowimpute.training.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything needed to rebuild the network without its weights: encoded context width, targets (in
 * gate order = manifest target order) and architecture. Training, the DJL reference sampler and the
 * ONNX exporter all derive their shapes and masks from this one value.
 *
 * @param contextDim width of the encoded context vector
 * @param targets targets in manifest order; each is one gate
 * @param architecture network sizes
 */
public record ModelSpec(int contextDim, List<TargetSpec> targets, Architecture architecture) {

  public ModelSpec {
    targets = List.copyOf(targets);
    if (contextDim < 1) {
      throw new IllegalArgumentException("at least one encoded condition column is needed");
    }
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("at least one target is needed");
    }
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
