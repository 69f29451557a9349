package org.flowimpute.evaluation;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The categories of one group-by column that only one of the two compared tables has: they have no
 * mean on the other side, so the per-category mean errors leave them out, and the report lists them
 * rather than hide that the error covers fewer categories.
 *
 * @param categoriesWithoutSyntheticRows real categories the synthetic table has no row of, in
 *     first-seen order
 * @param categoriesWithoutRealRows synthetic categories the real table has no row of, in first-seen
 *     order
 */
public record CategoryCoverage(
    List<String> categoriesWithoutSyntheticRows, List<String> categoriesWithoutRealRows) {

  /** The coverage of {@code real} by {@code synthetic} category labels (one per row). */
  public static CategoryCoverage of(String[] real, String[] synthetic) {
    Set<String> realSet = new LinkedHashSet<>(List.of(real));
    Set<String> syntheticSet = new LinkedHashSet<>(List.of(synthetic));
    return new CategoryCoverage(
        realSet.stream().filter(c -> !syntheticSet.contains(c)).toList(),
        syntheticSet.stream().filter(c -> !realSet.contains(c)).toList());
  }

  /**
   * The categories of one table only, in words, for the group-by column {@code column} and the
   * method {@code method}, e.g. "column region: real categories without model rows: island (left
   * out of the category errors)"; empty when both tables have the same categories.
   */
  public String describe(String column, String method) {
    if (complete()) {
      return "";
    }
    List<String> parts = new ArrayList<>();
    if (!categoriesWithoutSyntheticRows.isEmpty()) {
      parts.add(
          "real categories without "
              + method
              + " rows: "
              + String.join(", ", categoriesWithoutSyntheticRows));
    }
    if (!categoriesWithoutRealRows.isEmpty()) {
      parts.add(
          method
              + " categories without real rows: "
              + String.join(", ", categoriesWithoutRealRows));
    }
    return "column "
        + column
        + ": "
        + String.join("; ", parts)
        + " (left out of the category errors)";
  }

  /** Whether both tables have the same categories. */
  public boolean complete() {
    return categoriesWithoutSyntheticRows.isEmpty() && categoriesWithoutRealRows.isEmpty();
  }
}
