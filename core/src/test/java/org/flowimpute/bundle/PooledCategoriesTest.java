package org.flowimpute.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A categorical condition whose rare categories a synthesis bundle pooled: the pool is the one-hot
 * "other" level under policy OTHER without shares, its share optional, and the two fields are left
 * out of the manifest of a condition without a pool.
 */
class PooledCategoriesTest {

  @Test
  void aPoolIsTheOtherLevelAndItsShareIsOptional() {
    CategoricalCondition withShare =
        CategoricalCondition.pooled("region", List.of("north", "south"), 3, 0.0125);
    CategoricalCondition withoutShare =
        CategoricalCondition.pooled("region", List.of("north", "south"), 1, Double.NaN);

    assertEquals(
        List.of("region=north", "region=south", "region=<other>"), withShare.encodedColumns());
    assertTrue(withShare.hasPooledShare());
    assertFalse(withShare.encodesUnknownAsShares());
    assertFalse(withoutShare.hasPooledShare());
    assertEquals(UnknownCategoryPolicy.OTHER, withoutShare.unknownCategory());
  }

  @Test
  void aPoolNeedsTheOtherLevelWithoutSharesAndAShareNeedsAPool() {
    IllegalArgumentException underError =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new CategoricalCondition(
                    "region",
                    List.of("north", "south"),
                    UnknownCategoryPolicy.ERROR,
                    List.of(),
                    2,
                    Double.NaN));
    assertEquals(
        "field 'pooled_categories' needs unknown_category other without category_shares (the"
            + " pooled categories are the one-hot <other> level)",
        underError.getMessage());
    IllegalArgumentException withShares =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new CategoricalCondition(
                    "region",
                    List.of("north", "south"),
                    UnknownCategoryPolicy.OTHER,
                    List.of(0.5, 0.5),
                    2,
                    Double.NaN));
    assertEquals(underError.getMessage(), withShares.getMessage());
    IllegalArgumentException shareWithoutPool =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new CategoricalCondition(
                    "region",
                    List.of("north", "south"),
                    UnknownCategoryPolicy.OTHER,
                    List.of(),
                    0,
                    0.1));
    assertEquals(
        "field 'pooled_share' must be between 0 and 1 (exclusive) and needs pooled_categories,"
            + " got 0.1 with 0 pooled categories",
        shareWithoutPool.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> CategoricalCondition.pooled("region", List.of("north"), 1, 1.0));
    assertThrows(
        IllegalArgumentException.class,
        () -> CategoricalCondition.pooled("region", List.of("north"), 0, Double.NaN));
  }
}
