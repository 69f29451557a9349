package org.flowimpute.calibrate;

/** Which distance between w and q the solver minimises; see {@link Divergence}. */
public enum DivergenceKind {
  /** EMM / raking (default): weights never negative. */
  ENTROPY,
  /** GREG / R calfun="linear" (truncated to the bounds when bounds are given). */
  CHI_SQUARE,
  /** R calfun="logit"; needs finite bounds. */
  LOGIT;

  /** The divergence of this kind with these bounds. */
  public Divergence with(WeightBounds bounds) {
    return switch (this) {
      case ENTROPY -> Divergence.entropy(bounds);
      case CHI_SQUARE -> Divergence.chiSquare(bounds);
      case LOGIT -> Divergence.logit(bounds);
    };
  }
}
