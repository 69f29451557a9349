package org.flowimpute.infer;

import java.util.List;
import org.flowimpute.bundle.ContinuousTarget;
import org.flowimpute.bundle.Manifest;
import org.flowimpute.bundle.TargetSpec;

/**
 * The exact amounts of the point-mass gate states of a model's continuous targets ({@link
 * ContinuousTarget#atoms}). The graph computes and outputs float32, and most heaped amounts have no
 * float32 of their own (2444.4 becomes 2444.39990234375): its value for an atom state is the
 * nearest float, a hair off the amount the manifest names, so the heap would not be reproduced
 * exactly and the imputed distribution would sit beside the real one at every such amount. {@link
 * ImputedBatch#value} gives the manifest's amount for an atom state instead; every other state
 * keeps the graph's value.
 */
public final class PointMasses {

  private static final PointMasses NONE = new PointMasses(new double[0][]);

  /** Per target in manifest order: its atoms ascending, or {@code null} if it has none. */
  private final double[][] atomsByTarget;

  private PointMasses(double[][] atomsByTarget) {
    this.atomsByTarget = atomsByTarget;
  }

  /** No point masses: every value as the graph gives it. */
  public static PointMasses none() {
    return NONE;
  }

  /** The point masses of {@code manifest}'s targets. */
  public static PointMasses of(Manifest manifest) {
    List<TargetSpec> targets = manifest.targets();
    double[][] atoms = new double[targets.size()][];
    boolean any = false;
    for (int t = 0; t < atoms.length; t++) {
      if (targets.get(t) instanceof ContinuousTarget continuous && !continuous.atoms().isEmpty()) {
        atoms[t] = continuous.atoms().stream().mapToDouble(Double::doubleValue).toArray();
        any = true;
      }
    }
    return any ? new PointMasses(atoms) : NONE;
  }

  /** Whether no target has a point mass. */
  boolean isEmpty() {
    return atomsByTarget.length == 0;
  }

  /**
   * The value of target {@code target} in gate state {@code state}: the atom's exact amount for an
   * atom state, else {@code graphValue}.
   */
  double value(int target, long state, float graphValue) {
    double[] atoms = target < atomsByTarget.length ? atomsByTarget[target] : null;
    if (atoms != null) {
      long atom = state - ContinuousTarget.FIRST_ATOM;
      if (atom >= 0 && atom < atoms.length) {
        return atoms[(int) atom];
      }
    }
    return graphValue;
  }
}
