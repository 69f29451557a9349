package org.flowimpute.noise;

/**
 * The random draws of one record, computed on demand from (stream, index) with the Philox4x32-10
 * counter-based generator. Draw {@code i} of stream {@code s} is a pure function of the record's
 * {@link NoiseKey}, {@code s} and {@code i}: nothing depends on how many draws were taken before,
 * by whom, or in which batch. Instances are immutable and thread-safe.
 *
 * <p>Streams used by inference ({@link #GATE_UNIFORM_STREAM}, {@link #FLOW_NORMAL_STREAM}) are
 * fixed by the model contract; other stream numbers are free for other uses.
 */
public final class RecordNoise {
  /** Stream of the U(0,1) draws fed to the ONNX input {@code gate_uniform} (one per gate). */
  public static final int GATE_UNIFORM_STREAM = 0;

  /** Stream of the N(0,1) draws fed to the ONNX input {@code flow_normal} (one per target). */
  public static final int FLOW_NORMAL_STREAM = 1;

  private static final double TWO_POW_MINUS_52 = 0x1.0p-52;

  private final int key0;
  private final int key1;
  private final int salt;

  RecordNoise(int key0, int key1, int salt) {
    this.key0 = key0;
    this.key1 = key1;
    this.salt = salt;
  }

  /**
   * Draw {@code index} of {@code stream} as a double uniform strictly inside (0, 1): {@code (k +
   * 0.5) / 2^52} for a random 52-bit integer {@code k} (every such value is exact in a double, so
   * the extremes are {@code 2^-53} and {@code 1 - 2^-53}).
   */
  public double uniform(int stream, long index) {
    if (index < 0) {
      throw new IllegalArgumentException("draw index must be >= 0, got " + index);
    }
    int[] out = new int[4];
    block(stream, index >>> 1, out);
    return toUniform(out, (int) (index & 1));
  }

  /**
   * Draw {@code index} of {@code stream} as a standard normal: the AS 241 quantile of {@link
   * #uniform}.
   */
  public double normal(int stream, long index) {
    return InverseNormal.quantile(uniform(stream, index));
  }

  /**
   * Writes draws {@code 0 .. count-1} of {@code stream} as floats strictly inside (0, 1) into
   * {@code dst[offset .. offset+count-1]}. Each float is the largest float not above the double
   * {@link #uniform} (rounding down keeps it below 1).
   */
  public void fillUniform(int stream, float[] dst, int offset, int count) {
    checkCount(count);
    int[] out = new int[4];
    for (int i = 0; i < count; i++) {
      dst[offset + i] = floorToFloat(draw(stream, i, out));
    }
  }

  /**
   * Writes draws {@code 0 .. count-1} of {@code stream} as doubles in (0, 1) (see {@link
   * #uniform}).
   */
  public void fillUniform(int stream, double[] dst, int offset, int count) {
    checkCount(count);
    int[] out = new int[4];
    for (int i = 0; i < count; i++) {
      dst[offset + i] = draw(stream, i, out);
    }
  }

  /**
   * Writes the standard normal draws {@code 0 .. count-1} of {@code stream} (see {@link #normal}),
   * rounded to the nearest float, into {@code dst[offset .. offset+count-1]}.
   */
  public void fillNormal(int stream, float[] dst, int offset, int count) {
    checkCount(count);
    int[] out = new int[4];
    for (int i = 0; i < count; i++) {
      dst[offset + i] = (float) InverseNormal.quantile(draw(stream, i, out));
    }
  }

  /** Writes the standard normal draws {@code 0 .. count-1} of {@code stream} as doubles. */
  public void fillNormal(int stream, double[] dst, int offset, int count) {
    checkCount(count);
    int[] out = new int[4];
    for (int i = 0; i < count; i++) {
      dst[offset + i] = InverseNormal.quantile(draw(stream, i, out));
    }
  }

  /**
   * Draw i of a sequential fill: computes a block at even i and reuses its second half at odd i.
   */
  private double draw(int stream, int i, int[] out) {
    if ((i & 1) == 0) {
      block(stream, i >>> 1, out);
    }
    return toUniform(out, i & 1);
  }

  private void block(int stream, long block, int[] out) {
    Philox4x32.block((int) block, (int) (block >>> 32), stream, salt, key0, key1, out);
  }

  private static double toUniform(int[] out, int half) {
    long bits = ((long) out[2 * half] << 32) | (out[2 * half + 1] & 0xFFFFFFFFL);
    return ((bits >>> 12) + 0.5) * TWO_POW_MINUS_52;
  }

  static float floorToFloat(double value) {
    float rounded = (float) value;
    return rounded > value ? Math.nextDown(rounded) : rounded;
  }

  private static void checkCount(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0, got " + count);
    }
  }
}
