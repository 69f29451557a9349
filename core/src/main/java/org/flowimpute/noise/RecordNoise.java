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
    checkIndex(index);
    int[] counter = counter(stream, index >>> 1);
    int[] out = new int[4];
    Philox4x32.block(counter, key0, key1, out);
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
    double[] draws = draws(stream, count);
    for (int i = 0; i < count; i++) {
      dst[offset + i] = floorToFloat(draws[i]);
    }
  }

  /**
   * Writes draws {@code 0 .. count-1} of {@code stream} as doubles in (0, 1) (see {@link
   * #uniform}).
   */
  public void fillUniform(int stream, double[] dst, int offset, int count) {
    System.arraycopy(draws(stream, count), 0, dst, offset, count);
  }

  /**
   * Writes the standard normal draws {@code 0 .. count-1} of {@code stream} (see {@link #normal}),
   * rounded to the nearest float, into {@code dst[offset .. offset+count-1]}.
   */
  public void fillNormal(int stream, float[] dst, int offset, int count) {
    double[] draws = draws(stream, count);
    for (int i = 0; i < count; i++) {
      dst[offset + i] = (float) InverseNormal.quantile(draws[i]);
    }
  }

  /** Writes the standard normal draws {@code 0 .. count-1} of {@code stream} as doubles. */
  public void fillNormal(int stream, double[] dst, int offset, int count) {
    double[] draws = draws(stream, count);
    for (int i = 0; i < count; i++) {
      dst[offset + i] = InverseNormal.quantile(draws[i]);
    }
  }

  private double[] draws(int stream, int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0, got " + count);
    }
    double[] draws = new double[count];
    int[] out = new int[4];
    for (int i = 0; i < count; i += 2) {
      Philox4x32.block(counter(stream, i >>> 1), key0, key1, out);
      draws[i] = toUniform(out, 0);
      if (i + 1 < count) {
        draws[i + 1] = toUniform(out, 1);
      }
    }
    return draws;
  }

  private int[] counter(int stream, long block) {
    return new int[] {(int) block, (int) (block >>> 32), stream, salt};
  }

  private static double toUniform(int[] out, int half) {
    long bits = ((long) out[2 * half] << 32) | (out[2 * half + 1] & 0xFFFFFFFFL);
    return ((bits >>> 12) + 0.5) * TWO_POW_MINUS_52;
  }

  static float floorToFloat(double value) {
    float rounded = (float) value;
    return rounded > value ? Math.nextDown(rounded) : rounded;
  }

  private static void checkIndex(long index) {
    if (index < 0) {
      throw new IllegalArgumentException("draw index must be >= 0, got " + index);
    }
  }
}
