package org.flowimpute.calibrate;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The entry point pipelines and the CLI use: solves with {@link EmmSolver} and applies the
 * infeasibility policy of the options.
 *
 * <p>With {@link OnInfeasible#SOFTEN}, an {@link InfeasibleTargetsException} makes it re-solve with
 * the hard targets it names turned into least-squares losses (scaled to the target's size) at λ =
 * {@code softenLambda}, the other targets kept as they are; if that is still infeasible, the newly
 * named targets are softened too (at most {@link #SOFTEN_ROUNDS} rounds), and if it still fails,
 * every hard target is. The report then says so, naming the softened targets, and lists each
 * target's residual. A softened mean or share keeps its group's weight ({@link HeldGroupWeights}).
 * Softening every hard target at once, as before, let census margins that had nothing to do with
 * the conflict drift as well.
 *
 * <p>It works alike with every {@link Divergence}: a softened target is a least-squares row of the
 * dual whatever the ratio function, so the softened solve meets the optimality conditions of the
 * distance in use (raking, linear with or without bounds, logit).
 */
public final class Calibrator {

  /** Re-solves that soften only the targets an infeasibility names, before softening them all. */
  static final int SOFTEN_ROUNDS = 4;

  /**
   * Softened targets named in the reason; the rest are counted. The reason is printed and stored in
   * every report (one per window of a stream), and 863 cells made it 50,000 characters long.
   */
  static final int NAMED_SOFTENED = 8;

  private final SolverOptions options;

  private Calibrator(SolverOptions options) {
    this.options = options;
  }

  /** A calibrator with these options. */
  public static Calibrator with(SolverOptions options) {
    return new Calibrator(options);
  }

  /** Calibrates from w = q. */
  public CalibrationResult calibrate(CalibrationProblem problem) {
    return calibrate(problem, DualSolution.cold());
  }

  /** Calibrates starting from a previous dual solution (e.g. the previous window's). */
  public CalibrationResult calibrate(CalibrationProblem problem, DualSolution warmStart) {
    long start = System.nanoTime();
    try {
      return EmmSolver.with(options).solve(problem, warmStart);
    } catch (InfeasibleTargetsException infeasible) {
      if (options.onInfeasible() == OnInfeasible.FAIL) {
        throw infeasible;
      }
      EmmSolver softSolver = EmmSolver.with(options.withLambda(options.softenLambda()));
      Set<String> named = new LinkedHashSet<>(infeasible.constraintNames());
      for (int round = 0; round < SOFTEN_ROUNDS && !named.isEmpty(); round++) {
        String which = softenedNames(named);
        try {
          Softened softened =
              solveSoftened(problem, named::contains, softSolver, heldLoss(), warmStart);
          return softenedResult(softened.result(), infeasible, which + softened.note(), start);
        } catch (InfeasibleTargetsException again) {
          if (!named.addAll(again.constraintNames())) {
            break;
          }
        } catch (NotConvergedException notConverged) {
          throw softenedNotConverged(notConverged, infeasible, which, start);
        }
      }
      try {
        Softened softened = solveSoftened(problem, name -> true, softSolver, heldLoss(), warmStart);
        return softenedResult(
            softened.result(), infeasible, "softened every hard target" + softened.note(), start);
      } catch (NotConvergedException notConverged) {
        throw softenedNotConverged(notConverged, infeasible, "softened every hard target", start);
      }
    }
  }

  /**
   * "softened " and the first {@link #NAMED_SOFTENED} targets, with how many more; each softened
   * target's loss in the report says least squares.
   */
  private static String softenedNames(Set<String> named) {
    List<String> first = named.stream().limit(NAMED_SOFTENED).toList();
    String more =
        named.size() > NAMED_SOFTENED
            ? " and "
                + (named.size() - NAMED_SOFTENED)
                + " more (the report gives each target's loss)"
            : "";
    return "softened " + String.join(", ", first) + more;
  }

  /**
   * A softened solve that did not converge, its report (of the last iterate) marked softened with
   * the infeasibility and the targets softened: the report had said {@code softened: false}, as if
   * the targets as written had been solved. The message of a continuation stopped at a stage
   * already says what may help, so it is not said twice.
   */
  private static NotConvergedException softenedNotConverged(
      NotConvergedException notConverged,
      InfeasibleTargetsException cause,
      String which,
      long start) {
    long millis = (System.nanoTime() - start) / 1_000_000L;
    NotConvergedException softened =
        new NotConvergedException(
            "the softened targets could not be solved ("
                + which
                + "; the report says why): "
                + notConverged.getMessage()
                + (notConverged.report().stoppedAtStageLambda() == null
                    ? "; a larger --max-iterations, a larger --soften-lambda or wider --bounds may"
                        + " help"
                    : ""),
            notConverged.report().asSoftened(cause.getMessage() + " (" + which + ")", millis));
    softened.initCause(notConverged);
    return softened;
  }

  /**
   * How softened means and shares hold their groups' weight: exactly, or with weight bounds nearly,
   * as least squares weighted {@link HeldGroupWeights#NEARLY_HARD}: hard held counts on clipped
   * weights stalled the bounded solve (30 Newton steps, then a fallback), so trying them first cost
   * several times the solve for nothing.
   */
  private Loss heldLoss() {
    return options.bounds().isUnbounded()
        ? Loss.equality()
        : Loss.leastSquares(Double.NaN, HeldGroupWeights.NEARLY_HARD);
  }

  /**
   * Solves {@code problem} with the targets {@code chosen} softened, holding the groups of softened
   * means and shares at their weight ({@link HeldGroupWeights}) as {@code held}; if that fails,
   * without holding them, as before they existed. The note says which.
   *
   * @throws InfeasibleTargetsException when targets other than the held weights conflict (the
   *     caller softens them too)
   */
  private static Softened solveSoftened(
      CalibrationProblem problem,
      Predicate<String> chosen,
      EmmSolver softSolver,
      Loss held,
      DualSolution warmStart) {
    HeldGroupWeights groups;
    try {
      groups = HeldGroupWeights.of(problem, chosen, softSolver, warmStart);
    } catch (InfeasibleTargetsException conflict) {
      throw conflict;
    } catch (CalibrationException unknown) {
      return withoutHolding(
          problem, chosen, softSolver, warmStart, "their weights unknown: " + unknown.getMessage());
    }
    if (!groups.holdsAny()) {
      return new Softened(softSolver.solve(soften(problem, chosen), warmStart), "");
    }
    String how = held.isHard() ? "held exactly" : "held nearly";
    try {
      return new Softened(
          softSolver.solve(groups.problem(held), warmStart),
          held.isHard()
              ? ""
              : "; their groups' weights held nearly (least squares, weight bounds)");
    } catch (InfeasibleTargetsException conflict) {
      if (conflict.constraintNames().stream()
          .noneMatch(name -> name.endsWith(HeldGroupWeights.SUFFIX))) {
        throw conflict;
      }
      return withoutHolding(
          problem, chosen, softSolver, warmStart, how + ": " + conflict.getMessage());
    } catch (CalibrationException stalled) {
      return withoutHolding(
          problem, chosen, softSolver, warmStart, how + ": " + stalled.getMessage());
    }
  }

  /**
   * The softened solve without held groups, its note naming {@code why}; a failure without a report
   * (a result that is not finite) says it was the softened solve's, with what may help. A stall,
   * also at a stage of the continuation, carries its report, which {@link #calibrate} marks
   * softened.
   */
  private static Softened withoutHolding(
      CalibrationProblem problem,
      Predicate<String> chosen,
      EmmSolver softSolver,
      DualSolution warmStart,
      String why) {
    CalibrationResult result;
    try {
      result = softSolver.solve(soften(problem, chosen), warmStart);
    } catch (InfeasibleTargetsException | NotConvergedException conflictOrLastIterate) {
      throw conflictOrLastIterate;
    } catch (CalibrationException unreported) {
      throw new CalibrationException(
          "the softened targets could not be solved: "
              + unreported.getMessage()
              + " (with weight bounds, a larger --soften-lambda or wider --bounds may help)");
    }
    return new Softened(
        result, "; means and shares softened without holding their groups' weight (" + why + ")");
  }

  /**
   * A softened solve and what to add to the reason it reports (empty, or why groups were not held).
   */
  private record Softened(CalibrationResult result, String note) {}

  private static CalibrationResult softenedResult(
      CalibrationResult softened, InfeasibleTargetsException cause, String which, long start) {
    long millis = (System.nanoTime() - start) / 1_000_000L;
    return new CalibrationResult(
        softened.weights(),
        softened.dual(),
        softened.report().asSoftened(cause.getMessage() + " (" + which + ")", millis));
  }

  /**
   * The hard targets {@code chosen} by name as least squares (a band aims at its nearest finite
   * edge's midpoint); the others unchanged.
   */
  static CalibrationProblem soften(CalibrationProblem problem, Predicate<String> chosen) {
    List<Constraint> softened = new ArrayList<>();
    for (Constraint constraint : problem.constraints()) {
      if (!chosen.test(constraint.name())) {
        softened.add(constraint);
      } else if (constraint.loss() instanceof Loss.Band band) {
        double aim;
        if (Double.isFinite(band.lower()) && Double.isFinite(band.upper())) {
          aim = 0.5 * (band.lower() + band.upper());
        } else {
          aim = Double.isFinite(band.lower()) ? band.lower() : band.upper();
        }
        softened.add(
            new Constraint(
                constraint.name(),
                constraint.statistic(),
                Loss.leastSquares(Double.NaN),
                aim,
                constraint.ratioCenter(),
                constraint.note(),
                constraint.kind()));
      } else if (constraint.loss().isHard()) {
        softened.add(constraint.withLoss(Loss.leastSquares(Double.NaN)));
      } else {
        softened.add(constraint);
      }
    }
    return problem.withConstraints(softened);
  }
}
