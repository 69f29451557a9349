package org.flowimpute.calibrate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.flowimpute.calibrate.targets.TargetsFile;

/**
 * Integrated household calibration (as R surveysd's {@code ipf(conP, conH, hid)} and laeken's
 * integrated weighting): person-level and household-level targets met with <b>one weight per
 * household</b>, shared by all its persons.
 *
 * <p>It exists because calibrating persons alone gives members of one household different weights,
 * which breaks household statistics (a household counted with two weights) and household
 * composition. The household is the unit of the EMM problem: its statistic row is the sum of its
 * members' person rows (Σ_i∈h F_i, so a person count becomes the household size) joined with its
 * household row (one household counted once, from columns that must be constant within the
 * household). Its base weight is the members' base weight, which must be the same for every member.
 * The solved household weights are then spread back to the persons ({@link #personWeights}).
 */
public final class HouseholdProblem {

  private final CalibrationProblem problem;
  private final int[] householdOfPerson;
  private final List<String> householdIds;

  private HouseholdProblem(
      CalibrationProblem problem, int[] householdOfPerson, List<String> householdIds) {
    this.problem = problem;
    this.householdOfPerson = householdOfPerson;
    this.householdIds = householdIds;
  }

  /**
   * Builds the household-level problem.
   *
   * @param targets person targets ({@code targets}) and household targets ({@code
   *     householdTargets})
   * @param persons one row per person, with base weights and every column the targets read
   * @param householdIds the household id of each person (same order as {@code persons})
   * @throws IllegalArgumentException naming the household when its members' base weights differ or
   *     a column used by a household target is not constant within it
   */
  public static HouseholdProblem build(
      TargetsFile targets, CalibrationData persons, List<String> householdIds) {
    return build(targets, persons, householdIds, null);
  }

  /**
   * As {@link #build(TargetsFile, CalibrationData, List)}; errors about targets that do not fit the
   * data name {@code source} (e.g. "targets file t.yaml"; null for none) and the target's place in
   * the file ("at householdTargets[0]"), as {@link ProblemBuilder#build(TargetsFile,
   * CalibrationData, String)} does.
   */
  public static HouseholdProblem build(
      TargetsFile targets, CalibrationData persons, List<String> householdIds, String source) {
    if (householdIds.size() != persons.size()) {
      throw new IllegalArgumentException(
          householdIds.size() + " household ids for " + persons.size() + " records");
    }
    Map<String, Integer> indexById = new LinkedHashMap<>();
    int[] householdOf = new int[persons.size()];
    int[] firstMember = new int[persons.size()];
    for (int row = 0; row < persons.size(); row++) {
      String id = householdIds.get(row);
      if (id == null || id.isEmpty()) {
        throw new IllegalArgumentException(persons.rowName(row) + ": household id is missing");
      }
      Integer index = indexById.get(id);
      if (index == null) {
        index = indexById.size();
        indexById.put(id, index);
        firstMember[index] = row;
      } else {
        checkSame(
            persons,
            id,
            "the base weight",
            "integrated household calibration needs one base weight per household",
            firstMember[index],
            row,
            persons.baseWeight(firstMember[index]),
            persons.baseWeight(row));
      }
      householdOf[row] = index;
    }
    int households = indexById.size();
    List<String> ids = List.copyOf(indexById.keySet());
    double[] householdWeights = new double[households];
    for (int h = 0; h < households; h++) {
      householdWeights[h] = persons.baseWeight(firstMember[h]);
    }

    ConstraintMatrix features = ConstraintMatrix.builder(households).build();
    ConstraintMatrix groups = ConstraintMatrix.builder(households).build();
    List<Constraint> constraints = new ArrayList<>();
    if (!targets.targets().isEmpty()) {
      CalibrationProblem personLevel =
          ProblemBuilder.build(
              TargetsFile.of(targets.classColumn(), targets.targets()), persons, source);
      features = personLevel.features().sumRowsByGroup(householdOf, households);
      groups = personLevel.groupIndicators().sumRowsByGroup(householdOf, households);
      constraints.addAll(personLevel.constraints());
    }
    if (targets.hasHouseholdTargets()) {
      TargetsFile householdOnly = householdTargetsOnly(targets);
      CalibrationData householdData =
          householdColumns(householdOnly, persons, householdOf, firstMember, ids, householdWeights);
      CalibrationProblem householdLevel =
          ProblemBuilder.build(householdOnly, householdData, source, "householdTargets");
      features = ConstraintMatrix.concatColumns(features, householdLevel.features());
      groups = ConstraintMatrix.concatColumns(groups, householdLevel.groupIndicators());
      constraints.addAll(householdLevel.constraints());
    }
    return new HouseholdProblem(
        new CalibrationProblem(householdWeights, features, groups, constraints), householdOf, ids);
  }

  /** The household-level problem (one row per household, in order of first appearance). */
  public CalibrationProblem problem() {
    return problem;
  }

  /** Number of households. */
  public int households() {
    return householdIds.size();
  }

  /** Each person's weight: the weight of its household (same order as the input records). */
  public double[] personWeights(double[] householdWeights) {
    if (householdWeights.length != householdIds.size()) {
      throw new IllegalArgumentException(
          householdWeights.length + " weights for " + householdIds.size() + " households");
    }
    double[] weights = new double[householdOfPerson.length];
    for (int row = 0; row < weights.length; row++) {
      weights[row] = householdWeights[householdOfPerson[row]];
    }
    return weights;
  }

  /** One row per household with the household targets' columns, checked constant within it. */
  private static CalibrationData householdColumns(
      TargetsFile householdOnly,
      CalibrationData persons,
      int[] householdOf,
      int[] firstMember,
      List<String> ids,
      double[] householdWeights) {
    int households = ids.size();
    CalibrationData.Builder builder = CalibrationData.withBaseWeights(householdWeights);
    for (String column : householdOnly.numericColumns()) {
      double[] values = new double[households];
      for (int h = 0; h < households; h++) {
        values[h] = persons.numeric(column, firstMember[h]);
      }
      for (int row = 0; row < householdOf.length; row++) {
        checkSame(
            persons,
            ids.get(householdOf[row]),
            "field '" + column + "'",
            usedBy(householdOnly, column),
            firstMember[householdOf[row]],
            row,
            values[householdOf[row]],
            persons.numeric(column, row));
      }
      builder.numeric(column, values);
    }
    for (String column : householdOnly.categoricalColumns()) {
      String[] values = new String[households];
      for (int h = 0; h < households; h++) {
        values[h] = persons.categorical(column, firstMember[h]);
      }
      for (int row = 0; row < householdOf.length; row++) {
        String value = persons.categorical(column, row);
        if (!value.equals(values[householdOf[row]])) {
          throw differs(
              persons,
              ids.get(householdOf[row]),
              "field '" + column + "'",
              usedBy(householdOnly, column),
              firstMember[householdOf[row]],
              row,
              "'" + values[householdOf[row]] + "'",
              "'" + value + "'");
        }
      }
      builder.categorical(column, values);
    }
    return builder.build();
  }

  /**
   * The household targets as a file of their own; the class column is kept only when a household
   * target has a class (a per-person class column need not be constant within households).
   */
  private static TargetsFile householdTargetsOnly(TargetsFile targets) {
    boolean classes =
        targets.householdTargets().stream().anyMatch(target -> target.classLabel() != null);
    return TargetsFile.of(classes ? targets.classColumn() : null, targets.householdTargets());
  }

  private static void checkSame(
      CalibrationData persons,
      String household,
      String what,
      String why,
      int firstRow,
      int row,
      double first,
      double other) {
    if (Double.compare(first, other) != 0) {
      throw differs(
          persons, household, what, why, firstRow, row, Double.toString(first), "" + other);
    }
  }

  /**
   * The error for a household whose persons {@code firstRow} and {@code row} hold different values
   * of {@code what}, naming both rows (their file and row) and {@code why} one value is needed.
   */
  private static IllegalArgumentException differs(
      CalibrationData persons,
      String household,
      String what,
      String why,
      int firstRow,
      int row,
      String first,
      String other) {
    return new IllegalArgumentException(
        String.format(
            Locale.ROOT,
            "household '%s': %s differs between its persons (%s on %s, %s on %s); %s",
            household,
            what,
            first,
            persons.rowName(firstRow),
            other,
            persons.rowName(row),
            why));
  }

  /** Why {@code column} needs one value per household: the household targets that read it. */
  private static String usedBy(TargetsFile householdOnly, String column) {
    List<String> names =
        householdOnly.targets().stream()
            .filter(
                target ->
                    target.numericColumns().contains(column)
                        || target.categoricalColumns().contains(column))
            .map(target -> "'" + target.name() + "'")
            .toList();
    if (names.isEmpty()) {
      return "household targets need one value per household";
    }
    return (names.size() == 1 ? "household target " : "household targets ")
        + String.join(", ", names)
        + (names.size() == 1 ? " reads it" : " read it")
        + ", and a household target needs one value per household";
  }
}
