package org.flowimpute.training.model;

/**
 * The two flow families offered: the seed's masked autoregressive flow, whose sampling needs one
 * conditioner pass per dimension and layer, and the affine coupling flow, whose sampling needs one
 * pass per layer.
 */
public enum FlowKind {
  /** Masked autoregressive flow (MADE conditioners); D sequential passes per layer to sample. */
  MAF,
  /** Affine coupling layers with alternating halves; one pass per layer to sample. */
  COUPLING;

  /** How many conditioner passes inverting one layer over {@code dims} dimensions takes. */
  public int inversePasses(int dims) {
    return this == MAF ? dims : 1;
  }
}
