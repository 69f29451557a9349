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

  /** Sign, exponent and the 23 leading significand bits of a double: a float's precision. */
  private static final long FLOAT_SIGNIFICAND = ~((1L << 29) - 1);

  /** Draws a fill computes per step (even, so that each step starts at a block boundary). */
  private static final int CHUNK_DRAWS = 64;

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
    fill(stream, count, false, dst, null, offset);
  }

  /**
   * Writes draws {@code 0 .. count-1} of {@code stream} as doubles in (0, 1) (see {@link
   * #uniform}).
   */
  public void fillUniform(int stream, double[] dst, int offset, int count) {
    fill(stream, count, false, null, dst, offset);
  }

  /**
   * Writes the standard normal draws {@code 0 .. count-1} of {@code stream} (see {@link #normal}),
   * rounded to the nearest float, into {@code dst[offset .. offset+count-1]}.
   */
  public void fillNormal(int stream, float[] dst, int offset, int count) {
    fill(stream, count, true, dst, null, offset);
  }

  /** Writes the standard normal draws {@code 0 .. count-1} of {@code stream} as doubles. */
  public void fillNormal(int stream, double[] dst, int offset, int count) {
    fill(stream, count, true, null, dst, offset);
  }

  /**
   * The fills: draws {@code 0 .. count-1} of {@code stream}, uniform or normal, into {@code floats}
   * or else {@code doubles}, computed {@link #CHUNK_DRAWS} at a time.
   */
  private void fill(
      int stream, int count, boolean normal, float[] floats, double[] doubles, int offset) {
    checkCount(count);
    long[] words = new long[count < CHUNK_DRAWS ? count + 1 : CHUNK_DRAWS];
    for (int from = 0; from < count; ) {
      int chunk = Math.min(count - from, CHUNK_DRAWS);
      words(key0, key1, salt, stream, from >>> 1, chunk, stream, 0, words, 0);
      for (int i = 0; i < chunk; i++) {
        double uniform = toUniform(words[i]);
        if (floats != null) {
          floats[offset + from + i] =
              normal ? (float) InverseNormal.quantile(uniform) : floorToFloat(uniform);
        } else {
          doubles[offset + from + i] = normal ? InverseNormal.quantile(uniform) : uniform;
        }
      }
      from += chunk;
    }
  }

  /**
   * Writes the random words of the record of (key0, key1, salt)'s inputs to {@code words[offset
   * ..]}: those of draws {@code 0 .. gates-1} of {@link #GATE_UNIFORM_STREAM} at {@code offset +
   * i}, those of draws {@code 0 .. flows-1} of {@link #FLOW_NORMAL_STREAM} at {@code offset +
   * inputWords(gates, 0) + i}; {@link #inputWords inputWords(gates, flows)} longs in all. {@link
   * #toUniform(long)} makes a word the draw {@link #uniform} gives.
   */
  static void inputWords(
      int key0, int key1, int salt, int gates, int flows, long[] words, int offset) {
    words(
        key0, key1, salt, GATE_UNIFORM_STREAM, 0, gates, FLOW_NORMAL_STREAM, flows, words, offset);
  }

  /** Longs {@link #inputWords(int, int, int, int, int, long[], int)} writes. */
  static int inputWords(int gates, int flows) {
    return 2 * (blocks(gates) + blocks(flows));
  }

  /** Blocks holding draws {@code 0 .. count-1} of a stream (two draws per block). */
  private static int blocks(int count) {
    return (count >>> 1) + (count & 1);
  }

  /**
   * Writes the random 64-bit words of draws {@code 2 firstA .. 2 firstA + countA - 1} of {@code
   * streamA} to {@code words[offset ..]} and of draws {@code 0 .. countB-1} of {@code streamB} from
   * {@code words[offset + 2 * blocks(countA)]} on, computing the blocks of both streams two at a
   * time ({@link Philox4x32#block2}). Draw i's word is {@code (long) out[2h] << 32 | out[2h + 1]}
   * of the block {@code i / 2} of {@link Philox4x32#block} (counter {@code (i / 2, 0, stream,
   * salt)}: the block index is below 2^31), half {@code h = i % 2}; an odd count's last block also
   * writes the word after it.
   */
  private static void words(
      int key0,
      int key1,
      int salt,
      int streamA,
      int firstA,
      int countA,
      int streamB,
      int countB,
      long[] words,
      int offset) {
    int blocksA = blocks(countA);
    int jobs = blocksA + blocks(countB);
    int job = 0;
    for (; job + 1 < jobs; job += 2) {
      int second = job + 1;
      Philox4x32.block2(
          job < blocksA ? firstA + job : job - blocksA,
          0,
          job < blocksA ? streamA : streamB,
          second < blocksA ? firstA + second : second - blocksA,
          0,
          second < blocksA ? streamA : streamB,
          salt,
          key0,
          key1,
          words,
          offset + 2 * job);
    }
    if (job < jobs) {
      Philox4x32.block1(
          job < blocksA ? firstA + job : job - blocksA,
          0,
          job < blocksA ? streamA : streamB,
          salt,
          key0,
          key1,
          words,
          offset + 2 * job);
    }
  }

  private void block(int stream, long block, int[] out) {
    Philox4x32.block((int) block, (int) (block >>> 32), stream, salt, key0, key1, out);
  }

  private static double toUniform(int[] out, int half) {
    long bits = ((long) out[2 * half] << 32) | (out[2 * half + 1] & 0xFFFFFFFFL);
    return toUniform(bits);
  }

  /** The uniform draw of a random word: {@code (k + 0.5) / 2^52} for its 52 high bits k. */
  static double toUniform(long bits) {
    return ((bits >>> 12) + 0.5) * TWO_POW_MINUS_52;
  }

  /**
   * The largest float not above {@code value}, for a {@code value} in [2^-126, 2^128) (every
   * uniform draw): the double with its significand cut to a float's 24 bits, which is a float (so
   * the cast is exact) and, the value being positive, the one just below or at it. No comparison:
   * the rounded float was above the draw for about half the draws, a branch the CPU mispredicted.
   */
  static float floorToFloat(double value) {
    return (float) Double.longBitsToDouble(Double.doubleToRawLongBits(value) & FLOAT_SIGNIFICAND);
  }

  private static void checkCount(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0, got " + count);
    }
  }
}
