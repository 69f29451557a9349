package org.flowimpute.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KeyHashesTest {

  /** Every key is new once, through growth of the table; a repeat is found. */
  @Test
  void findsRepeatsAmongManyKeys() {
    KeyHashes seen = new KeyHashes();
    for (int i = 0; i < 100_000; i++) {
      assertTrue(seen.add("p" + i), "p" + i);
    }
    assertFalse(seen.add("p77777"));
    assertFalse(seen.add("p0"));
    assertTrue(seen.add("p100000"));
    assertTrue(seen.add(""));
    assertFalse(seen.add(""));
  }
}
