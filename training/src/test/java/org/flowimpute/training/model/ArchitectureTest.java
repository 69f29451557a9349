package org.flowimpute.training.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ArchitectureTest {

  @Test
  void hiddenWidthIsEightUnitsPerTargetBetween32And128() {
    assertEquals(32, Architecture.hiddenFor(1));
    assertEquals(32, Architecture.hiddenFor(4)); // the simple benchmark split
    assertEquals(40, Architecture.hiddenFor(5));
    assertEquals(48, Architecture.hiddenFor(6));
    assertEquals(64, Architecture.hiddenFor(8)); // the CPS-like split keeps the old default
    assertEquals(128, Architecture.hiddenFor(16));
    assertEquals(128, Architecture.hiddenFor(30));
  }

  @Test
  void defaultsForTargetsChangeOnlyTheHiddenWidth() {
    Architecture chosen = Architecture.defaultsFor(4);

    assertEquals(Architecture.defaults().withHidden(32), chosen);
  }

  @Test
  void noTargetsIsRefused() {
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> Architecture.hiddenFor(0));

    assertEquals("at least one target is needed, got 0", error.getMessage());
  }
}
