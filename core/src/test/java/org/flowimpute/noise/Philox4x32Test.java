package org.flowimpute.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** Known-answer vectors published with Random123 (its tests/kat_vectors file, philox4x32 10). */
class Philox4x32Test {

  @Test
  void zeroCounterAndKey() {
    assertKnownAnswer(
        new int[] {0, 0, 0, 0}, 0, 0, new int[] {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8});
  }

  @Test
  void allOnesCounterAndKey() {
    assertKnownAnswer(
        new int[] {-1, -1, -1, -1},
        -1,
        -1,
        new int[] {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd});
  }

  @Test
  void digitsOfPi() {
    assertKnownAnswer(
        new int[] {0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344},
        0xa4093822,
        0x299f31d0,
        new int[] {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1});
  }

  private static void assertKnownAnswer(int[] counter, int key0, int key1, int[] expected) {
    int[] actual = new int[4];

    Philox4x32.block(counter[0], counter[1], counter[2], counter[3], key0, key1, actual);

    assertArrayEquals(expected, actual);
  }
}
