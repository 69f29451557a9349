package org.flowimpute.calibrate;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Softens hard targets so that the mean and share targets among them keep their groups' weight. A
 * softened mean or share is a least-squares loss on Σw(x − m) over its group, which shrinking the
 * group's weights reduces as well as moving the mean does: contradictory shares were "met" by
 * weights of 0.1 % of the base, and a softened mean outside its group's data shrank the group. So
 * each softened ratio target's group gets a hard count at the weight the other targets give it (a
 * solve without the softened ratio targets, named {@code <target>:weight} in the report), and the
 * loss then measures the miss of the mean itself.
 */
final class HeldGroupWeights {

  /** Appended to a softened ratio target's name for the count holding its group's weight. */
  static final String SUFFIX = ":weight";

  /**
   * Loss weight of a held group weight when it cannot be held exactly (weight bounds): large beside
   * the softened targets' 1, so the group keeps its weight but for a small part.
   */
  static final double NEARLY_HARD = 1e6;

  /**
   * A group the other targets leave less than this share of its base weight is not held: its mean
   * is of almost no weight whatever it is (e.g. a count of all records pulled to the count of one
   * of their groups).
   */
  private static final double KEPT_MASS = 1e-9;

  private final CalibrationProblem softened;
  private final ConstraintMatrix heldGroups;
  private final List<String> names;
  private final double[] masses;

  private HeldGroupWeights(
      CalibrationProblem softened,
      ConstraintMatrix heldGroups,
      List<String> names,
      double[] masses) {
    this.softened = softened;
    this.heldGroups = heldGroups;
    this.names = names;
    this.masses = masses;
  }

  /**
   * The groups to hold when the hard targets {@code chosen} of {@code problem} are softened ({@link
   * Calibrator#soften}): one per softened mean or share, at the weight {@code solver} gives it
   * without the softened means and shares (one solve, done here once).
   *
   * @throws CalibrationException if the problem without them cannot be solved
   */
  static HeldGroupWeights of(
      CalibrationProblem problem,
      Predicate<String> chosen,
      EmmSolver solver,
      DualSolution warmStart) {
    CalibrationProblem softened = Calibrator.soften(problem, chosen);
    List<Integer> ratios = new ArrayList<>();
    List<Integer> others = new ArrayList<>();
    for (int c = 0; c < problem.constraintCount(); c++) {
      Constraint constraint = problem.constraints().get(c);
      boolean softenedRatio =
          constraint.isRatio() && constraint.loss().isHard() && chosen.test(constraint.name());
      (softenedRatio ? ratios : others).add(c);
    }
    if (ratios.isEmpty()) {
      return new HeldGroupWeights(
          softened, ConstraintMatrix.builder(problem.size()).build(), List.of(), new double[0]);
    }
    double[] held = weightsWithout(softened, others, solver, warmStart);
    int[] ratioColumns = ratios.stream().mapToInt(Integer::intValue).toArray();
    ConstraintMatrix groups = problem.groupIndicators().selectColumns(ratioColumns);
    double[] mass = groupMass(groups, held);
    double[] baseMass = groupMass(groups, problem.baseWeights());
    List<Integer> holding = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int r = 0; r < ratioColumns.length; r++) {
      if (mass[r] > KEPT_MASS * baseMass[r]) {
        holding.add(r);
        names.add(problem.constraints().get(ratioColumns[r]).name() + SUFFIX);
      }
    }
    return new HeldGroupWeights(
        softened,
        groups.selectColumns(holding.stream().mapToInt(Integer::intValue).toArray()),
        names,
        holding.stream().mapToDouble(r -> mass[r]).toArray());
  }

  /** Whether any group is held. */
  boolean holdsAny() {
    return !names.isEmpty();
  }

  /**
   * The softened problem with a count holding each group at its weight, as {@code heldLoss}: hard,
   * or {@link #NEARLY_HARD} least squares.
   */
  CalibrationProblem problem(Loss heldLoss) {
    List<Constraint> constraints = new ArrayList<>(softened.constraints());
    ConstraintMatrix.Builder noGroups = ConstraintMatrix.builder(softened.size());
    for (int h = 0; h < names.size(); h++) {
      constraints.add(new Constraint(names.get(h), "count", heldLoss, masses[h], Double.NaN));
      noGroups.addSparseColumn(new int[0], new double[0], 0);
    }
    return new CalibrationProblem(
        softened.baseWeights(),
        ConstraintMatrix.concatColumns(softened.features(), heldGroups),
        ConstraintMatrix.concatColumns(softened.groupIndicators(), noGroups.build()),
        constraints);
  }

  /** Σ w·1{g} for each group (column) of {@code groups}. */
  private static double[] groupMass(ConstraintMatrix groups, double[] weights) {
    double[] mass = new double[groups.columns()];
    for (int row = 0; row < weights.length; row++) {
      for (int p = groups.rowStart(row); p < groups.rowStart(row + 1); p++) {
        mass[groups.columnAt(p)] += weights[row] * groups.valueAt(p);
      }
    }
    return mass;
  }

  /**
   * The weights {@code solver} gives {@code problem} restricted to the constraints {@code kept}.
   */
  private static double[] weightsWithout(
      CalibrationProblem problem, List<Integer> kept, EmmSolver solver, DualSolution warmStart) {
    if (kept.isEmpty()) {
      return problem.baseWeights();
    }
    int[] columns = kept.stream().mapToInt(Integer::intValue).toArray();
    List<Constraint> constraints = new ArrayList<>();
    for (int c : columns) {
      constraints.add(problem.constraints().get(c));
    }
    CalibrationProblem reduced =
        new CalibrationProblem(
            problem.baseWeights(),
            problem.features().selectColumns(columns),
            problem.groupIndicators().selectColumns(columns),
            constraints);
    return solver.solve(reduced, warmStart).weights();
  }
}
