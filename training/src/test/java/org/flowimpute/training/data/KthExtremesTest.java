package org.flowimpute.training.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The K-th smallest and K-th largest values that bound a synthesis bundle's ranges. */
class KthExtremesTest {

  @Test
  void theKthValuesFromEachEndIgnoreTheFewerThanKBeyondThem() {
    double[] values = {7, 0, 1, 2, 1, 0, 7, 2, -40, 1};

    assertEquals(Optional.of(new KthExtremes(-40, 7)), KthExtremes.of(values, 1));
    assertEquals(Optional.of(new KthExtremes(0, 2)), KthExtremes.of(values, 3));
  }

  @Test
  void fewerThan2KMinus1RowsGiveTheTwoInOrder() {
    double[] values = {5, 1, 3, 2, 4};

    assertEquals(Optional.of(new KthExtremes(3, 3)), KthExtremes.of(values, 3));
    assertEquals(Optional.of(new KthExtremes(2, 4)), KthExtremes.of(values, 4));
  }

  @Test
  void fewerThanKValuesGiveNone() {
    assertEquals(Optional.empty(), KthExtremes.of(new double[] {1, 2}, 3));
  }
}
