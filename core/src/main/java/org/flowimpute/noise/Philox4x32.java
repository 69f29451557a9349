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
}
