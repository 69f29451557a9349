package org.flowimpute.calibrate;

/**
 * A proof that hard targets cannot be met by weights within their bounds, read off the direction a
 * stalled ascent climbed along: what lets a solve stop at once instead of climbing for 30 more
 * Newton steps before it is called stalled.
 *
 * <p>Weights w_i in [L·q_i, U·q_i] make Σ_i w_i F_i·d at most M(d) = Σ_i q_i F_i·d · (U if F_i·d
 * &gt; 0, L if below). If the targets' side T(d) = Σ_j d_j t_j (a band's lower end where d_j &gt;
 * 0, its upper end where d_j &lt; 0) exceeds M(d), no such weights meet the targets: Farkas' lemma
 * for a box. It is also the limit of the dual's slope along d, which is why a bounded ascent whose
 * targets conflict climbs that ray with a constant gain per step and a residual that no longer
 * falls. Only hard rows enter d: a least-squares row can absorb any difference.
 *
 * <p>If T(d) equals M(d) instead, weights meeting the targets sit at the bound d pushes each record
 * it moves to: feasible for weights that reach their bounds, but not for logit's, whose dual climbs
 * that ray while its weights only approach the bounds.
 */
final class BoundedRay {

  /** How far T(d) must exceed M(d), relative to the sums' magnitude, to count as a proof. */
  private static final double MARGIN = 1e-8;

  /**
   * How close T(d) must come to M(d), relative to the sums' magnitude, to prove that the targets
   * are met only with weights at their bounds. A feasible target whose solution keeps the weights d
   * moves further from their bounds than this is not taken for one; the direction a logit solve
   * climbs approaches the ray geometrically, so the proof holds after a few steps.
   */
  private static final double AT_BOUNDS = 1e-6;

  /** |F_i·d| below this fraction of Σ_p |F_ip d_p| is rounding, taken as 0. */
  private static final double ROUNDING = 1e-12;

  private BoundedRay() {}

  /**
   * True when {@code direction} (0 for every soft row) proves the hard targets infeasible under
   * {@code bounds}; {@code targetSide} is T(d), NaN when a band open on the side d points to makes
   * it unbounded.
   */
  static boolean provesInfeasible(
      ConstraintMatrix features,
      double[] baseWeights,
      WeightBounds bounds,
      double[] direction,
      double targetSide,
      double targetScale) {
    if (!Double.isFinite(targetSide)) {
      return false;
    }
    double[] box = reachable(features, baseWeights, bounds, direction, targetScale);
    return box != null && targetSide - box[0] > MARGIN * box[1];
  }

  /**
   * True when {@code direction} proves that the hard targets are met only with weights at their
   * bounds: T(d) is within {@link #AT_BOUNDS} of M(d) (relative to the sums' magnitude) without
   * exceeding it by {@link #MARGIN}. Any admissible weights give Σ_i w_i F_i·d = T(d), and M(d) −
   * T(d) = Σ_i |F_i·d|·(the distance of w_i from the bound d points it to), so every record d moves
   * must sit at that bound: a proof for logit, whose weights lie strictly inside (L·q, U·q) and so
   * meet such targets only in the limit, while its dual climbs the ray d. Inputs as for {@link
   * #provesInfeasible}; false when d moves no record.
   */
  static boolean provesMetOnlyAtBounds(
      ConstraintMatrix features,
      double[] baseWeights,
      WeightBounds bounds,
      double[] direction,
      double targetSide,
      double targetScale) {
    if (!Double.isFinite(targetSide)) {
      return false;
    }
    double[] box = reachable(features, baseWeights, bounds, direction, targetScale);
    if (box == null || box[2] == 0.0) {
      return false;
    }
    double excess = targetSide - box[0];
    return excess >= -AT_BOUNDS * box[1] && excess <= MARGIN * box[1];
  }

  /**
   * {M(d), the scale of T(d) and M(d) together, the number of records d moves}; null when d moves a
   * weight towards a bound that is not finite.
   */
  private static double[] reachable(
      ConstraintMatrix features,
      double[] baseWeights,
      WeightBounds bounds,
      double[] direction,
      double targetScale) {
    double reachable = 0.0;
    double scale = targetScale;
    int moved = 0;
    for (int row = 0; row < features.rows(); row++) {
      double along = 0.0;
      double magnitude = 0.0;
      for (int p = features.rowStart(row); p < features.rowStart(row + 1); p++) {
        double term = features.valueAt(p) * direction[features.columnAt(p)];
        along += term;
        magnitude += Math.abs(term);
      }
      if (Math.abs(along) <= ROUNDING * magnitude) {
        continue;
      }
      double ratio = along > 0 ? bounds.upper() : bounds.lower();
      if (!Double.isFinite(ratio)) {
        return null;
      }
      double most = baseWeights[row] * ratio * along;
      reachable += most;
      scale += Math.abs(most);
      moved++;
    }
    return new double[] {reachable, scale, moved};
  }
}
