package org.flowimpute.training.fit;

/**
 * Training rows held compactly in primitive arrays (row-major): encoded contexts, gate states,
 * transformed magnitudes and weights. One million rows with 40 columns take about 200 MB.
 *
 * @param rows number of rows
 * @param contextDim encoded context width E
 * @param gates number of gates G
 * @param flowDims number of flow dimensions D
 * @param context [rows, E]
 * @param gateStates [rows, G] observed gate states as unsigned bytes (read them with {@link
 *     #gateState}): at most {@link #MAX_GATE_STATES} states per gate
 * @param flowValues [rows, D] transformed magnitude y, NaN where the gate is not "nonzero"
 * @param weights [rows] positive survey weights
 */
public record EncodedData(
    int rows,
    int contextDim,
    int gates,
    int flowDims,
    float[] context,
    byte[] gateStates,
    float[] flowValues,
    float[] weights) {

  /** The most states one gate can have (its states are stored as unsigned bytes). */
  public static final int MAX_GATE_STATES = 256;

  public EncodedData {
    if (context.length != (long) rows * contextDim
        || gateStates.length != (long) rows * gates
        || flowValues.length != (long) rows * flowDims
        || weights.length != rows) {
      throw new IllegalArgumentException("encoded arrays do not match " + rows + " rows");
    }
  }

  /** The observed state of gate {@code gate} in row {@code row}. */
  public int gateState(int row, int gate) {
    return gateStates[row * gates + gate] & 0xFF;
  }
}
