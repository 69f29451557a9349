package org.flowimpute.calibrate.targets;

import java.util.List;
import java.util.Map;

/**
 * One group's target inside a {@link TargetSpec}: the group's levels of the {@code by} columns and
 * the value (or band, or histogram shares) it must meet.
 *
 * @param group level per {@code by} column (empty when the target has no {@code by})
 * @param value target value: count, total, mean or share
 * @param lower band lower end (loss band)
 * @param upper band upper end (loss band)
 * @param shares histogram bin shares, one per bin
 */
public record TargetCell(
    Map<String, String> group, Double value, Double lower, Double upper, List<Double> shares) {

  public TargetCell {
    group = TargetLists.copyGroup(group);
    shares = TargetLists.copy(shares, "cell shares", "a number");
  }
}
