package org.flowimpute.encode;

/** Checks survey weights the same way for every fitter; errors name rows from 1, as files do. */
final class Weights {
  private Weights() {}

  static void check(double[] weights, int rows, String what) {
    if (weights.length != rows) {
      throw new IllegalArgumentException(
          what + ": " + rows + " values but " + weights.length + " weights");
    }
    if (rows == 0) {
      throw new IllegalArgumentException(what + ": no rows");
    }
    for (int row = 0; row < rows; row++) {
      if (!(weights[row] > 0) || !Double.isFinite(weights[row])) {
        throw new IllegalArgumentException(
            what + " row " + (row + 1) + ": weight must be finite and > 0, got " + weights[row]);
      }
    }
  }
}
