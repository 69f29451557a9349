package org.flowimpute.cli;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.flowimpute.household.HouseholdContext;
import org.flowimpute.household.HouseholdFeature;
import org.flowimpute.synth.ConditionSynthesis;

/**
 * The lines of {@code inspect}'s summary that say what a bundle was trained for beyond its
 * conditions and targets: household-aware ({@code train --household-id}) and with synthesis data
 * ({@code train --synthesis}), which the summary listed only as plain conditions and a checksum.
 */
final class BundleDescriptions {

  private BundleDescriptions() {}

  /**
   * A household-aware model's context: the id field and how each feature is computed, e.g. {@code
   * by household_id (train --household-id): household_size = members, household_adults = members
   * with age >= 18, ...}.
   */
  static String household(HouseholdContext household) {
    return "by "
        + household.idField()
        + " (train --household-id): "
        + household.features().stream()
            .map(BundleDescriptions::feature)
            .collect(Collectors.joining(", "))
        + "; computed from all records with the same "
        + household.idField()
        + " (input fields of these names are replaced)";
  }

  private static String feature(HouseholdFeature feature) {
    String counted =
        switch (feature.kind()) {
          case HouseholdFeature.COUNT_AT_LEAST ->
              "members with " + feature.field() + " >= " + plain(feature.threshold());
          case HouseholdFeature.COUNT_BELOW ->
              "members with " + feature.field() + " < " + plain(feature.threshold());
          default -> "members";
        };
    return feature.name() + " = " + counted;
  }

  /**
   * What {@code synthesize} draws from: the cells released and suppressed and the cell size k, e.g.
   * {@code synthesis.json (train --synthesis 10): 3 cells of region released, 2 suppressed (fewer
   * than 10 training rows)}, and for a file written before release version 2 that it may give
   * values and weights of fewer than k rows away.
   */
  static String synthesis(ConditionSynthesis synthesis) {
    List<String> categorical = synthesis.categorical();
    int released = synthesis.cells().size();
    return String.format(
        Locale.ROOT,
        "%s (train --synthesis %d): %d cell%s%s released, %d suppressed (fewer than %d training"
            + " rows)%s",
        ConditionSynthesis.FILE,
        synthesis.minCellRows(),
        released,
        released == 1 ? "" : "s",
        categorical.isEmpty() ? "" : " of " + String.join(" x ", categorical),
        synthesis.suppressedCells(),
        synthesis.minCellRows(),
        synthesis.releasesRareValues()
            ? String.format(
                Locale.ROOT,
                "; written before 2026-12-03, its quantiles may give away values of fewer than %d"
                    + " rows (extremes, a heavy row's value) and its suppressed weight share the"
                    + " suppressed cells' weight: retrain to release neither",
                synthesis.minCellRows())
            : "");
  }

  private static String plain(double value) {
    return new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
  }
}
