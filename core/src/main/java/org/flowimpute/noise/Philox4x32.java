package org.flowimpute.noise;

/**
 * The Philox4x32-10 counter-based block function of Salmon, Moraes, Dror and Shaw (2011), "Parallel
 * random numbers: as easy as 1, 2, 3" (Random123). It maps a 128-bit counter and a 64-bit key to
 * 128 random bits, so any draw can be computed directly from its index: that is what makes the
 * per-record noise independent of batching, ordering and threads.
 */
final class Philox4x32 {
  private static final long M0 = 0xD2511F53L;
  private static final long M1 = 0xCD9E8D57L;
  private static final int W0 = 0x9E3779B9;
  private static final int W1 = 0xBB67AE85;
  private static final int ROUNDS = 10;
  private static final long MASK32 = 0xFFFFFFFFL;

  private Philox4x32() {}

  /**
   * Encrypts one counter block.
   *
   * @param counter0 counter word 0 (likewise 1 to 3)
   * @param key0 first key word
   * @param key1 second key word
   * @param out receives the four 32-bit output words
   */
  static void block(
      int counter0, int counter1, int counter2, int counter3, int key0, int key1, int[] out) {
    int c0 = counter0;
    int c1 = counter1;
    int c2 = counter2;
    int c3 = counter3;
    int k0 = key0;
    int k1 = key1;
    for (int round = 0; round < ROUNDS; round++) {
      if (round > 0) {
        k0 += W0;
        k1 += W1;
      }
      long product0 = M0 * (c0 & MASK32);
      long product1 = M1 * (c2 & MASK32);
      int hi0 = (int) (product0 >>> 32);
      int lo0 = (int) product0;
      int hi1 = (int) (product1 >>> 32);
      int lo1 = (int) product1;
      c0 = hi1 ^ c1 ^ k0;
      c1 = lo1;
      c2 = hi0 ^ c3 ^ k1;
      c3 = lo0;
    }
    out[0] = c0;
    out[1] = c1;
    out[2] = c2;
    out[3] = c3;
  }

  /**
   * Encrypts two counter blocks under one key, exactly as two calls of {@link #block} do, but
   * interleaved: the blocks' multiplications are independent, so the CPU overlaps them. Each
   * block's output is written as two 64-bit words, high word first: words 0 and 1 (as {@code (long)
   * out[0] << 32 | out[1]}) and words 2 and 3 of block a at {@code dst[offset]} and {@code
   * dst[offset + 1]}, those of block b at {@code dst[offset + 2]} and {@code dst[offset + 3]}.
   *
   * @param a0 counter word 0 of block a (likewise a1, a2; b0 to b2 for block b)
   * @param counter3 counter word 3 of both blocks
   */
  static void block2(
      int a0,
      int a1,
      int a2,
      int b0,
      int b1,
      int b2,
      int counter3,
      int key0,
      int key1,
      long[] dst,
      int offset) {
    int x0 = a0;
    int x1 = a1;
    int x2 = a2;
    int x3 = counter3;
    int y0 = b0;
    int y1 = b1;
    int y2 = b2;
    int y3 = counter3;
    int k0 = key0;
    int k1 = key1;
    for (int round = 0; round < ROUNDS; round++) {
      long px0 = M0 * (x0 & MASK32);
      long px1 = M1 * (x2 & MASK32);
      long py0 = M0 * (y0 & MASK32);
      long py1 = M1 * (y2 & MASK32);
      x0 = (int) (px1 >>> 32) ^ x1 ^ k0;
      x1 = (int) px1;
      x2 = (int) (px0 >>> 32) ^ x3 ^ k1;
      x3 = (int) px0;
      y0 = (int) (py1 >>> 32) ^ y1 ^ k0;
      y1 = (int) py1;
      y2 = (int) (py0 >>> 32) ^ y3 ^ k1;
      y3 = (int) py0;
      k0 += W0;
      k1 += W1;
    }
    dst[offset] = (long) x0 << 32 | (x1 & MASK32);
    dst[offset + 1] = (long) x2 << 32 | (x3 & MASK32);
    dst[offset + 2] = (long) y0 << 32 | (y1 & MASK32);
    dst[offset + 3] = (long) y2 << 32 | (y3 & MASK32);
  }

  /**
   * Encrypts one counter block as {@link #block} does and writes its output as {@link #block2}
   * writes block a: words 0 and 1 at {@code dst[offset]}, words 2 and 3 at {@code dst[offset + 1]}.
   */
  static void block1(
      int counter0,
      int counter1,
      int counter2,
      int counter3,
      int key0,
      int key1,
      long[] dst,
      int offset) {
    int x0 = counter0;
    int x1 = counter1;
    int x2 = counter2;
    int x3 = counter3;
    int k0 = key0;
    int k1 = key1;
    for (int round = 0; round < ROUNDS; round++) {
      long px0 = M0 * (x0 & MASK32);
      long px1 = M1 * (x2 & MASK32);
      x0 = (int) (px1 >>> 32) ^ x1 ^ k0;
      x1 = (int) px1;
      x2 = (int) (px0 >>> 32) ^ x3 ^ k1;
      x3 = (int) px0;
      k0 += W0;
      k1 += W1;
    }
    dst[offset] = (long) x0 << 32 | (x1 & MASK32);
    dst[offset + 1] = (long) x2 << 32 | (x3 & MASK32);
  }
}
