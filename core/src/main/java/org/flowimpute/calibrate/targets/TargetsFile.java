package org.flowimpute.calibrate.targets;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The content of a targets file (YAML or JSON): an optional class column for class-conditional
 * targets, the list of named person (record) targets and, for integrated household calibration, the
 * household targets. See docs/calibration.md for the schema.
 *
 * <p>Household targets are counted once per household (like R surveysd's {@code conH}); person
 * targets once per record ({@code conP}). They only make sense with a household id column, see
 * {@link org.flowimpute.calibrate.HouseholdProblem}.
 *
 * @param classColumn column holding each record's class (needed by targets with {@code class})
 * @param targets the person-level targets
 * @param householdTargets the household-level targets (empty when not given); names are unique
 *     across both lists
 */
public record TargetsFile(
    String classColumn, List<TargetSpec> targets, List<TargetSpec> householdTargets) {

  public TargetsFile {
    targets = targets == null ? List.of() : TargetLists.copy(targets, "targets", "a target");
    householdTargets =
        householdTargets == null
            ? List.of()
            : TargetLists.copy(householdTargets, "householdTargets", "a target");
    if (targets.isEmpty() && householdTargets.isEmpty()) {
      throw new IllegalArgumentException("targets file lists no targets");
    }
    Map<String, String> places = new HashMap<>();
    List<TargetSpec> all = allTargets(targets, householdTargets);
    for (int t = 0; t < all.size(); t++) {
      TargetSpec target = all.get(t);
      String place =
          t < targets.size()
              ? "targets[" + t + "]"
              : "householdTargets[" + (t - targets.size()) + "]";
      String earlier = places.putIfAbsent(target.name(), place);
      if (earlier != null) {
        throw new IllegalArgumentException(
            "target name '"
                + target.name()
                + "' used twice (at "
                + earlier
                + " and "
                + place
                + "): give each target a name of its own");
      }
      if (target.classLabel() != null && classColumn == null) {
        throw new IllegalArgumentException(
            TargetLabel.named(t < targets.size() ? "targets" : "householdTargets", target.name())
                + " has a class but the file sets no classColumn");
      }
    }
  }

  /** A file of person-level targets only. */
  public static TargetsFile of(String classColumn, List<TargetSpec> targets) {
    return new TargetsFile(classColumn, targets, List.of());
  }

  /** Whether the file has household-level targets. */
  public boolean hasHouseholdTargets() {
    return !householdTargets.isEmpty();
  }

  /** Every column read as categories (person and household targets). */
  public Set<String> categoricalColumns() {
    Set<String> columns = new LinkedHashSet<>();
    if (classColumn != null) {
      columns.add(classColumn);
    }
    allTargets(targets, householdTargets)
        .forEach(target -> columns.addAll(target.categoricalColumns()));
    return columns;
  }

  /** Every column read as numbers (person and household targets). */
  public Set<String> numericColumns() {
    Set<String> columns = new LinkedHashSet<>();
    allTargets(targets, householdTargets)
        .forEach(target -> columns.addAll(target.numericColumns()));
    return columns;
  }

  private static List<TargetSpec> allTargets(
      List<TargetSpec> persons, List<TargetSpec> households) {
    return java.util.stream.Stream.concat(persons.stream(), households.stream()).toList();
  }
}
