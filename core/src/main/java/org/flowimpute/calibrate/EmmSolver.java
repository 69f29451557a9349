package org.flowimpute.calibrate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;

/**
 * Entropic Marginal Matching: finds weights w ≥ 0 minimising Σ_k loss_k((Fᵀw)_k, t_k) + (λ/Q)·Σ_i
 * [w_i log(w_i/q_i) − w_i + q_i] (Q = Σ q), optionally with L·q ≤ w ≤ U·q, by Newton's method on
 * the concave dual in the K multipliers η, where w_i = q_i·g(F_i·η) and g = exp clipped to the
 * bounds.
 *
 * <p>Dividing λ by Q makes it unit-free: with least-squares losses scaled to each target's size, λ
 * ≈ 1e-2 already meets most targets to about 1e-4 relative. With only equality targets the solution
 * does not depend on λ at all: it is raking (R's calibrate(calfun="raking")).
 *
 * <p>Each Newton step costs one pass over the records (parallel, deterministic order, see {@link
 * DualPass}) and one Cholesky solve of the K×K Newton system, dense or sparse (see {@link
 * NewtonSystem}; a pseudo-inverse or a ridge if the matrix is singular, e.g. when bounds clip all
 * records of a group). Bands are sign-constrained multipliers handled by projection; a backtracking
 * line search keeps every step an ascent step. A solve either converges to the tolerance or throws:
 * never NaN, never negative weights, never a silent non-converged result.
 */
public final class EmmSolver {

  /**
   * The largest block of coupled constraints (sharing records, see {@link CoupledConstraints}) in
   * which a failed solve looks for a Farkas certificate: each block's dense Gram matrix and its
   * pivoted Cholesky factorisation cost K_b² memory and up to K_b³/3 time ({@link GramNullSpace}),
   * which for one block of 20,000 cells would take gigabytes and an hour. A conflict within a
   * larger block is named by the ranking of the rows pulling hardest, as every failed solve of more
   * than 2,000 constraints was until 2026-12-04.
   */
  static final int COUPLED_LIMIT = 2_000;

  /**
   * The factorisation work (Σ block size³) a failed solve spends looking for a certificate: that of
   * two blocks of {@link #COUPLED_LIMIT} constraints, a few seconds to twenty here.
   */
  static final double CERTIFICATE_WORK = 2.0 * Math.pow(COUPLED_LIMIT, 3);

  /**
   * The constraints a failed solve names by their pull, and so what soften softens in one round:
   * the five pulling hardest, or the fewer on which a proof holds.
   */
  private static final int NAMED_PULLING = 5;

  private static final double ARMIJO = 1e-4;
  private static final int MAX_HALVINGS = 60;
  private static final double EXTREME_RATIO = 1e12;

  /**
   * Newton steps the residual may take to fall below half of where it last halved before the solve
   * counts as stalled. Measured from the residual at the last halving, not from the running best:
   * measured from the best, only a step halving the residual by itself counted, so steady progress
   * slower than that (1 to 0.04 in 30 steps) was taken for a stall.
   */
  private static final int STAGNANT_STEPS = 30;

  /**
   * Steps without halving the residual after which a solve checks whether the direction it has
   * climbed since proves its hard targets infeasible ({@link BoundedRay}): waiting for a stall took
   * 31 of the 37 steps of each softening round on 3,611 cells, where the proof holds after two.
   */
  private static final int PROOF_AFTER_STEPS = 2;

  /**
   * With weight bounds and soft losses at a smaller λ, the λ of the first stage of the continuation
   * a direct solve falls back to when it struggles (see {@link Run#ascendInStages}).
   */
  static final double FIRST_STAGE_LAMBDA = 1.0;

  /** How much smaller λ is in each stage of the continuation than in the one before. */
  static final double STAGE_FACTOR = 10.0;

  /**
   * The scaled residual at which a stage of the continuation hands on to the next. At 1e-3 the
   * start extrapolated from two stages was too rough with narrow bounds (0.9,1.1): every record of
   * a hard count's group stayed clipped, the Newton model had no curvature there, and the last
   * stage crawled until it was called stalled.
   */
  static final double STAGE_TOLERANCE = 1e-5;

  /**
   * Steps without halving the residual after which a direct solve that may fall back to the
   * continuation does so (see {@link Run#ascend}): full steps can be accepted while the dual only
   * creeps along a direction in which all records of some rows stay clipped.
   */
  static final int STRUGGLING_STEPS = 5;

  /** The first Levenberg–Marquardt damping ν of a rejected full step (see {@link Run#ascend}). */
  private static final double MARQUARDT_START = 1e-4;

  /** Below this ν is 0 (undamped Newton). */
  private static final double MARQUARDT_FLOOR = 1e-10;

  /** How much ν grows with each rejection of the full step. */
  private static final double MARQUARDT_FACTOR = 10.0;

  /** Full steps tried with a growing ν before the step is shortened instead. */
  private static final int MARQUARDT_RETRIES = 8;

  /**
   * A hard mean or share target whose group keeps less than this share of its base weight is met
   * only by weighting the group away: Σw(x − m) = 0 holds for w → 0.
   */
  private static final double COLLAPSED_GROUP = 1e-9;

  private final SolverOptions options;
  private final NewtonSystem.Method method;

  private EmmSolver(SolverOptions options, NewtonSystem.Method method) {
    this.options = options;
    this.method = method;
  }

  /** A solver with these options. */
  public static EmmSolver with(SolverOptions options) {
    return new EmmSolver(options, NewtonSystem.Method.AUTOMATIC);
  }

  /** A solver with these options that factorises the Newton system as {@code method} says. */
  static EmmSolver with(SolverOptions options, NewtonSystem.Method method) {
    return new EmmSolver(options, method);
  }

  /** Solves from η = 0 (w = q). */
  public CalibrationResult solve(CalibrationProblem problem) {
    return solve(problem, DualSolution.cold());
  }

  /** Solves starting from a previous dual solution (matched by constraint name). */
  public CalibrationResult solve(CalibrationProblem problem, DualSolution warmStart) {
    long start = System.nanoTime();
    requireCurvatureMemory(problem.constraintCount());
    CurvaturePattern pattern = CurvaturePattern.of(problem.features());
    NewtonSystem newton = new NewtonSystem(pattern, method);
    CurvatureMemory memory = CurvatureMemory.of(pattern, newton);
    memory.require();
    ForkJoinPool pool = new ForkJoinPool(memory.workers(options.threads()));
    try {
      return new Run(problem, pattern, newton, pool, start).execute(warmStart);
    } finally {
      pool.shutdown();
    }
  }

  private enum Kind {
    EQUALITY,
    LEAST_SQUARES,
    BAND,
    KL
  }

  /** State of one solve. */
  private final class Run {
    private final CalibrationProblem problem;
    private final CurvaturePattern fullPattern;
    private final NewtonSystem fullNewton;
    private final ForkJoinPool pool;
    private final long startNanos;
    private final Divergence divergence;
    private final double lambdaPerWeight;
    private int[] active;
    private Kind[] kind;
    private double[] target;
    private double[] lower;
    private double[] upper;
    private double[] rho;
    private double[] requestedRho;
    private boolean softBounded;
    private double[] size;
    private double[] baseCurvature;
    private DualPass pass;
    private ConstraintMatrix features;
    private DisjointRows disjointRows;
    private CurvaturePattern pattern;
    private NewtonSystem newton;

    Run(
        CalibrationProblem problem,
        CurvaturePattern pattern,
        NewtonSystem newton,
        ForkJoinPool pool,
        long startNanos) {
      this.problem = problem;
      this.fullPattern = pattern;
      this.fullNewton = newton;
      this.pool = pool;
      this.startNanos = startNanos;
      this.divergence = options.divergence();
      double totalBase = 0.0;
      for (double q : problem.baseWeights()) {
        totalBase += q;
      }
      this.lambdaPerWeight = options.lambda() / totalBase;
    }

    CalibrationResult execute(DualSolution warmStart) {
      int k = problem.constraintCount();
      DualPass.Sums base =
          new DualPass(
                  problem.features(),
                  fullPattern,
                  problem.baseWeights(),
                  Divergence.entropy(),
                  pool)
              .evaluate(new double[k], true);
      requireFiniteAtBase(base);
      String[] status =
          FeasibilityAnalysis.analyze(problem.constraints(), base, groupMass(problem), divergence);
      setUpCoordinates(status, base);
      ConstraintMatrix activeFeatures =
          active.length == k ? problem.features() : problem.features().selectColumns(active);
      pattern = active.length == k ? fullPattern : CurvaturePattern.of(activeFeatures);
      newton = active.length == k ? fullNewton : new NewtonSystem(pattern, method);
      pass = new DualPass(activeFeatures, pattern, problem.baseWeights(), divergence, pool);
      features = activeFeatures;
      boolean[] swept = new boolean[active.length];
      for (int j = 0; j < active.length; j++) {
        swept[j] = kind[j] == Kind.LEAST_SQUARES || kind[j] == Kind.EQUALITY;
      }
      disjointRows = softBounded ? DisjointRows.of(activeFeatures, swept) : DisjointRows.none();

      double[] eta = new double[active.length];
      for (int j = 0; j < active.length; j++) {
        eta[j] =
            clampToDomain(j, warmStart.multiplier(problem.constraints().get(active[j]).name()));
      }
      boolean cold = true;
      for (double multiplier : eta) {
        cold &= multiplier == 0.0;
      }
      boolean baseIsStart =
          cold
              && active.length == k
              && divergence.bounds().isUnbounded()
              && divergence instanceof Divergence.Entropy;
      DualPass.Sums sums = baseIsStart ? base : pass.evaluate(eta, true);
      if (!sums.isFinite()) {
        eta = new double[active.length];
        sums = pass.evaluate(eta, true);
      }
      Ascent ascent = new Ascent(eta, sums);
      boolean staged = softBounded && options.lambda() < FIRST_STAGE_LAMBDA;
      ascend(ascent, options.tolerance(), staged);
      if (ascent.struggling) {
        int spent = ascent.iterations;
        ascent = new Ascent(new double[active.length], null);
        ascent.iterations = spent;
        ascendInStages(ascent);
      }
      eta = ascent.eta;
      sums = ascent.sums;
      int iterations = ascent.iterations;
      boolean converged = ascent.converged;
      boolean stalled = ascent.stalled;
      if (!converged) {
        CalibrationException failure =
            ascent.metOnlyAtBounds
                ? metOnlyAtBounds(sums, eta, ascent.proofFrom, iterations)
                : failure(sums, eta, ascent.etaAtLastHalving, iterations, stalled, ascent.proven);
        if (failure instanceof InfeasibleTargetsException) {
          throw failure;
        }
        if (Double.isNaN(ascent.failedStage)) {
          throw notConverged(failure, sums, eta, iterations, status, null);
        }
        throw notConverged(
            stageFailure(ascent, sums, eta), sums, eta, iterations, status, ascent.failedStage);
      }
      double[] weights = pass.weights(eta);
      for (int row = 0; row < weights.length; row++) {
        if (!Double.isFinite(weights[row])
            || (weights[row] < 0 && divergence.bounds().lower() >= 0)) {
          throw new CalibrationException(
              "solver produced an invalid weight " + weights[row] + " for row " + (row + 1));
        }
      }
      InfeasibleTargetsException collapsed = collapsedGroups(weights, iterations);
      if (collapsed != null) {
        throw collapsed;
      }
      return new CalibrationResult(
          weights, dualSolution(eta), report(weights, sums, eta, iterations, status, true, null));
    }

    /**
     * {@code failure} with the report of the last iterate, marked not converged (and stopped at
     * {@code stage}, the λ of a continuation's stage before the requested one, if not null); {@code
     * failure} itself, with the reason attached, when that iterate's weights or sums are not
     * finite.
     */
    private CalibrationException notConverged(
        CalibrationException failure,
        DualPass.Sums sums,
        double[] eta,
        int iterations,
        String[] status,
        Double stage) {
      try {
        return new NotConvergedException(
            failure.getMessage(),
            report(pass.weights(eta), sums, eta, iterations, status, false, stage));
      } catch (CalibrationException notFinite) {
        failure.addSuppressed(notFinite);
        return failure;
      }
    }

    /** A solve whose result is not finite, which must never be reported as converged. */
    private CalibrationException nonFinite(String what) {
      return new CalibrationException(
          "calibration failed: the solution is not finite ("
              + what
              + "), so it is not reported as converged; keep base weights, the values the targets"
              + " read and the targets within the solver's safe range (magnitude at most "
              + CalibrationData.MAX_MAGNITUDE
              + ", see docs/calibration.md)");
    }

    /**
     * Refuses a problem whose sums overflow already at the base weights (records and targets
     * outside the safe range of {@link CalibrationData#MAX_MAGNITUDE}, or too many of them): a
     * weight of 1e308 was solved to "converged" with a NaN effective sample size, a total over
     * values of 1e200 failed as "inconsistent targets" naming no target.
     */
    private void requireFiniteAtBase(DualPass.Sums base) {
      if (base.isFinite() && base.curvatureIsFinite()) {
        return;
      }
      int j = base.firstNonFinite();
      String what =
          j >= 0
              ? "constraint '"
                  + problem.constraints().get(j).name()
                  + "' sums to "
                  + base.achieved[j]
                  + " (Σ q|F| = "
                  + base.absolute[j]
                  + ")"
              : Double.isFinite(base.weightSum) && Double.isFinite(base.weightSquareSum)
                  ? "the curvature Σ q F Fᵀ overflows"
                  : "the base weights sum to "
                      + base.weightSum
                      + " (squares "
                      + base.weightSquareSum
                      + ")";
      throw new CalibrationException(
          "cannot calibrate: the sums over the records overflow at the base weights ("
              + what
              + "); keep base weights, the values the targets read and the targets within the"
              + " solver's safe range (magnitude at most "
              + CalibrationData.MAX_MAGNITUDE
              + ", see docs/calibration.md)");
    }

    /**
     * Newton ascent from where {@code ascent} stands until the scaled residual is at most {@code
     * tolerance}, the iteration limit (counted over all stages of a solve), a stall, or, if {@code
     * stopWhenStruggling}, the first full step the line search rejects or {@link #STRUGGLING_STEPS}
     * steps without halving the residual; updates {@code ascent}.
     *
     * <p>With weight bounds and soft losses a rejected full step is first retried with the Newton
     * matrix damped by ν·diag(C₀) (Levenberg–Marquardt: ν from {@link #MARQUARDT_START}, times
     * {@link #MARQUARDT_FACTOR} per retry), and only then shortened. After a full step ν follows
     * the gain, the dual's increase over the model's: times 0.3 above 0.75 (to 0 below {@link
     * #MARQUARDT_FLOOR}), doubled below 0.25. Cut tenfold after every step accepted at once, ν fell
     * below what the next step needed and every other full step was rejected; dropped to 0 below
     * 1e-4, it could not lengthen the steps of a row whose records were all clipped, which crept by
     * 0.09 where hundreds were due. A soft row whose records are all clipped has the curvature ρ
     * alone, tiny for small λ, so its Newton step is huge (4.6e8 where 1 was due): shortening the
     * whole step to fit it (down to 1e-11) stopped every other row too, while the damping shrinks
     * that row's step and leaves the others theirs.
     *
     * <p>With weight bounds and soft losses every Newton step also starts with the exact
     * maximisation of the least-squares and hard rows that share no record ({@link DisjointRows},
     * e.g. the cells of one grouping), kept when the dual did not fall: the damping left such a
     * row, its records nearly all at a bound, to creep to its optimum over dozens of steps.
     */
    private void ascend(Ascent ascent, double tolerance, boolean stopWhenStruggling) {
      double[] eta = ascent.eta;
      DualPass.Sums sums = ascent.sums;
      double value = dualValue(sums, eta);
      int iterations = ascent.iterations;
      boolean converged = false;
      boolean stalled = false;
      boolean proven = false;
      boolean atBounds = false;
      boolean struggling = false;
      boolean approachesBounds = !divergence.reachesBounds() && !divergence.bounds().isUnbounded();
      double[] proofFrom = null;
      List<double[]> recent = new ArrayList<>();
      int stagnant = 0;
      double halvedAt = Double.POSITIVE_INFINITY;
      double[] halvedEta = eta;
      double marquardt = 0.0;
      while (true) {
        if (!disjointRows.isEmpty()) {
          double[] swept =
              disjointRows.maximise(eta, target, rho, features, problem.baseWeights(), divergence);
          DualPass.Sums sweptSums = pass.evaluate(swept, true);
          double sweptValue =
              sweptSums.isFinite() ? dualValue(sweptSums, swept) : Double.NEGATIVE_INFINITY;
          if (sweptValue >= value) {
            eta = swept;
            sums = sweptSums;
            value = sweptValue;
          }
        }
        boolean[] free = new boolean[active.length];
        double[] gradient = gradient(sums, eta, free);
        double residual = maxResidual(gradient, sums);
        if (residual <= tolerance) {
          converged = true;
          break;
        }
        if (approachesBounds) {
          // after the convergence test: weights that meet the targets within the tolerance are
          // accepted, however close to the bounds; only a solve still climbing is proven
          recent.add(eta);
          if (recent.size() > 4) {
            recent.remove(0);
          }
          proofFrom = iterations >= PROOF_AFTER_STEPS ? rayStart(recent) : null;
          if (proofFrom != null) {
            atBounds = true;
            stalled = true;
            break;
          }
        }
        if (iterations == options.maxIterations()) {
          break;
        }
        if (residual < 0.5 * halvedAt) {
          stagnant = 0;
          halvedAt = residual;
          halvedEta = eta;
        } else {
          stagnant++;
        }
        if (stagnant >= STAGNANT_STEPS) {
          stalled = true;
          break;
        }
        if (stagnant >= PROOF_AFTER_STEPS
            && !divergence.bounds().isUnbounded()
            && provenInfeasible(eta, halvedEta)) {
          stalled = true;
          proven = true;
          break;
        }
        if (stagnant >= PROOF_AFTER_STEPS
            && approachesBounds
            && provenAlong(eta, halvedEta, null, true)) {
          stalled = true;
          atBounds = true;
          proofFrom = halvedEta;
          break;
        }
        if (stopWhenStruggling && stagnant >= STRUGGLING_STEPS) {
          struggling = true;
          break;
        }
        double damping = 0.0;
        if (!divergence.bounds().isUnbounded()) {
          damping = Math.min(0.1, softBounded ? residual * residual : residual);
        }
        double[] direction = newtonDirection(sums, eta, gradient, free, damping, marquardt);
        double slope = 0.0;
        double noise = 1e-13 * (Math.abs(sums.conjugateSum) + sums.weightSum + Math.abs(value));
        double step = 1.0;
        boolean accepted = false;
        boolean firstTrial = true;
        int retries = 0;
        int halving = 0;
        while (halving <= MAX_HALVINGS) {
          double[] trialEta = project(eta, direction, step, free);
          if (trialEta != null && java.util.Arrays.equals(trialEta, eta)) {
            break;
          }
          DualPass.Sums trial = null;
          double trialValue = Double.NEGATIVE_INFINITY;
          if (trialEta != null) {
            slope = 0.0;
            for (int j = 0; j < eta.length; j++) {
              slope += gradient[j] * (trialEta[j] - eta[j]);
            }
            trial = pass.evaluate(trialEta, true);
            if (trial.isFinite()) {
              trialValue = dualValue(trial, trialEta);
            }
          }
          boolean armijo = trialValue >= value + ARMIJO * slope;
          boolean flatButBetter =
              trialValue >= value - noise
                  && maxResidual(gradient(trial, trialEta, new boolean[eta.length]), trial)
                      < residual;
          if (armijo || flatButBetter) {
            double before = value;
            double[] delta = new double[eta.length];
            for (int j = 0; j < eta.length; j++) {
              delta[j] = trialEta[j] - eta[j];
            }
            double predicted = softBounded ? predictedGain(sums, eta, gradient, delta, damping) : 0;
            accepted = true;
            eta = trialEta;
            sums = trial;
            value = trialValue;
            iterations++;
            if (softBounded && step == 1.0) {
              double gain = (trialValue - before) / predicted;
              if (gain > 0.75) {
                marquardt = marquardt * 0.3 < MARQUARDT_FLOOR ? 0.0 : marquardt * 0.3;
              } else if (gain < 0.25 && firstTrial) {
                marquardt = marquardt == 0.0 ? MARQUARDT_START : 2 * marquardt;
              }
            }
            if (options.progress() != null) {
              double after = maxResidual(gradient(sums, eta, new boolean[eta.length]), sums);
              options
                  .progress()
                  .accept(new IterationProgress(iterations, after, value, step, elapsedMillis()));
            }
            break;
          }
          if (firstTrial && stopWhenStruggling) {
            struggling = true;
            break;
          }
          firstTrial = false;
          if (softBounded && step == 1.0 && retries < MARQUARDT_RETRIES) {
            marquardt = marquardt == 0.0 ? MARQUARDT_START : marquardt * MARQUARDT_FACTOR;
            retries++;
            direction = newtonDirection(sums, eta, gradient, free, damping, marquardt);
            continue;
          }
          halving++;
          step *= 0.5;
        }
        if (struggling) {
          break;
        }
        if (!accepted) {
          stalled = true;
          break;
        }
      }
      ascent.eta = eta;
      ascent.sums = sums;
      ascent.iterations = iterations;
      ascent.converged = converged;
      ascent.stalled = stalled;
      ascent.proven = proven;
      ascent.metOnlyAtBounds = atBounds;
      ascent.proofFrom = proofFrom;
      ascent.struggling = struggling;
      ascent.etaAtLastHalving = halvedEta;
    }

    /**
     * Where the ray starts that the last steps of a logit ascent ({@code recent}, the iterates
     * after them, oldest first) prove the targets met only at the bounds along, or null: the last
     * step itself, or, with three steps, the last step extrapolated as if the steps converged
     * geometrically to the ray, d₃ + (d₃ − d₂)·r/(1 − r) with r = |d₃ − d₂|/|d₂ − d₁|. The
     * multipliers that stay finite converge about as fast as the residual falls, so the last step
     * alone approaches the ray only as fast as the solve approaches the bounds (a proof after 14 to
     * 18 steps in {@code InfeasibilityTest}); extrapolated, it gets there in fewer.
     */
    private double[] rayStart(List<double[]> recent) {
      int n = recent.size();
      if (n < 2) {
        return null;
      }
      double[] eta = recent.get(n - 1);
      double[] last = recent.get(n - 2);
      if (provenAlong(eta, last, null, true)) {
        return last;
      }
      if (n < 4) {
        return null;
      }
      double[] start = new double[eta.length];
      double change = 0.0;
      double changeBefore = 0.0;
      for (int j = 0; j < eta.length; j++) {
        double step = eta[j] - last[j];
        double stepBefore = last[j] - recent.get(n - 3)[j];
        double stepBeforeThat = recent.get(n - 3)[j] - recent.get(n - 4)[j];
        change += (step - stepBefore) * (step - stepBefore);
        changeBefore += (stepBefore - stepBeforeThat) * (stepBefore - stepBeforeThat);
      }
      double ratio = Math.sqrt(change / changeBefore);
      if (!(ratio < 1.0)) {
        return null;
      }
      for (int j = 0; j < eta.length; j++) {
        double step = eta[j] - last[j];
        double stepBefore = last[j] - recent.get(n - 3)[j];
        start[j] = eta[j] - (step + (step - stepBefore) * ratio / (1.0 - ratio));
      }
      return provenAlong(eta, start, null, true) ? start : null;
    }

    /**
     * Solves at λ = {@link #FIRST_STAGE_LAMBDA}, then at λ {@link #STAGE_FACTOR} times smaller, and
     * so on down to the requested λ, each stage starting where the last two point to; from η = 0.
     *
     * <p>Why: with weight bounds and a small λ the dual is nearly piecewise linear. The soft rows'
     * multipliers grow like 1/λ (η = (t − a)/ρ with ρ ∝ λ), so at the optimum most records are
     * clipped at a bound and only those with F_i·η in the sliver (log L, log U) carry curvature.
     * The Newton model, built from the records inside the bounds where it stands, ignores those
     * about to enter them, and from w = q its steps overshot for dozens of iterations (15 targets
     * out of reach of bounds 0.5,2 on 100,000 records: 30 steps of length 1/16 to 1e-7, then
     * "stalled"; converged at λ = 1e-2). Scaled by λ the solution moves little from one λ to the
     * next, so each stage starts near its optimum, where Newton converges in a few steps, as an
     * interior-point method follows its barrier parameter. A stage starts at η(λ) ≈ A + B/λ through
     * the solutions of the last two (after the first, η·λ_before/λ); intermediate stages stop at
     * {@link #STAGE_TOLERANCE}. The last one solves the requested problem, with the same ρ as a
     * direct solve, to the requested tolerance, so the optimum is the same.
     */
    private void ascendInStages(Ascent ascent) {
      double lambda = options.lambda();
      double stage = FIRST_STAGE_LAMBDA;
      double[] before = null;
      double stageBefore = Double.NaN;
      while (true) {
        boolean last = stage <= lambda * (1 + 1e-9);
        setStageLambda(last ? lambda : stage);
        ascent.sums = pass.evaluate(ascent.eta, true);
        if (!ascent.sums.isFinite() && before != null) {
          ascent.eta = before.clone();
          ascent.sums = pass.evaluate(ascent.eta, true);
        }
        ascend(
            ascent,
            last ? options.tolerance() : Math.max(STAGE_TOLERANCE, options.tolerance()),
            false);
        if (!last && !ascent.converged) {
          ascent.failedStage = stage;
        }
        if (last || !ascent.converged) {
          return;
        }
        double next = Math.max(lambda, stage / STAGE_FACTOR);
        double[] solved = ascent.eta;
        double[] start = new double[solved.length];
        for (int j = 0; j < solved.length; j++) {
          double guess;
          if (before == null) {
            guess = solved[j] * stage / next;
          } else {
            double slope = (solved[j] - before[j]) / (1.0 / stage - 1.0 / stageBefore);
            guess = solved[j] + slope * (1.0 / next - 1.0 / stage);
          }
          start[j] = Double.isFinite(guess) ? clampToDomain(j, guess) : solved[j];
        }
        before = solved;
        stageBefore = stage;
        stage = next;
        ascent.eta = start;
      }
    }

    /** Sets the soft losses' ρ (proportional to λ) to their value at {@code stageLambda}. */
    private void setStageLambda(double stageLambda) {
      for (int j = 0; j < rho.length; j++) {
        rho[j] =
            stageLambda == options.lambda()
                ? requestedRho[j]
                : requestedRho[j] * (stageLambda / options.lambda());
      }
    }

    /**
     * The hard mean and share targets met only by weights that all but vanish in their groups, as
     * an infeasibility naming them; null when there are none. Such targets contradict each other
     * (two means of one column, a share overall against shares by region that cannot average to it)
     * without any count or total: each row Σw(x − m) = 0 holds as w → 0, so the solve "converged"
     * to weights of about 1e-22 and the weighted means were of nothing.
     */
    private InfeasibleTargetsException collapsedGroups(double[] weights, int iterations) {
      double[] baseMass = groupMass(problem);
      double[] keptMass = new double[baseMass.length];
      ConstraintMatrix groups = problem.groupIndicators();
      for (int row = 0; row < weights.length; row++) {
        for (int p = groups.rowStart(row); p < groups.rowStart(row + 1); p++) {
          keptMass[groups.columnAt(p)] += weights[row] * groups.valueAt(p);
        }
      }
      List<String> names = new ArrayList<>();
      double least = Double.POSITIVE_INFINITY;
      double most = 0.0;
      for (int j = 0; j < active.length; j++) {
        int c = active[j];
        boolean hard = kind[j] == Kind.EQUALITY || kind[j] == Kind.BAND;
        if (hard && baseMass[c] > 0 && keptMass[c] <= COLLAPSED_GROUP * baseMass[c]) {
          names.add(problem.constraints().get(c).name());
          least = Math.min(least, keptMass[c] / baseMass[c]);
          most = Math.max(most, keptMass[c] / baseMass[c]);
        }
      }
      if (names.isEmpty()) {
        return null;
      }
      return new InfeasibleTargetsException(
          String.format(
              Locale.ROOT,
              "mean or share targets that contradict each other: %s are met only by weighting their"
                  + " groups away (their weights fell to %.3g–%.3g of the base weights in %d"
                  + " Newton steps, a mean or share of almost no weight)",
              names.size() <= 8 ? String.join(", ", names) : names.size() + " targets",
              least,
              most,
              iterations),
          names);
    }

    /** Σ q·1{g} per constraint (0 for rows without a group indicator, i.e. non-ratio rows). */
    private double[] groupMass(CalibrationProblem problem) {
      double[] mass = new double[problem.constraintCount()];
      ConstraintMatrix groups = problem.groupIndicators();
      double[] q = problem.baseWeights();
      for (int row = 0; row < q.length; row++) {
        for (int p = groups.rowStart(row); p < groups.rowStart(row + 1); p++) {
          mass[groups.columnAt(p)] += q[row] * groups.valueAt(p);
        }
      }
      return mass;
    }

    private long elapsedMillis() {
      return (System.nanoTime() - startNanos) / 1_000_000L;
    }

    private void setUpCoordinates(String[] status, DualPass.Sums base) {
      List<Integer> kept = new ArrayList<>();
      for (int j = 0; j < status.length; j++) {
        if (status[j].equals(FeasibilityAnalysis.SOLVED)) {
          kept.add(j);
        }
      }
      int m = kept.size();
      active = kept.stream().mapToInt(Integer::intValue).toArray();
      kind = new Kind[m];
      target = new double[m];
      lower = new double[m];
      upper = new double[m];
      rho = new double[m];
      size = new double[m];
      baseCurvature = new double[m];
      for (int j = 0; j < m; j++) {
        Constraint constraint = problem.constraints().get(active[j]);
        double natural = Math.max(Math.abs(constraint.target()), base.absolute[active[j]]);
        target[j] = constraint.target();
        size[j] = natural;
        baseCurvature[j] = base.curvatureDiagonal(active[j]);
        Loss loss = constraint.loss();
        if (loss instanceof Loss.Equality) {
          kind[j] = Kind.EQUALITY;
        } else if (loss instanceof Loss.LeastSquares leastSquares) {
          kind[j] = Kind.LEAST_SQUARES;
          double scale = Double.isNaN(leastSquares.scale()) ? natural : leastSquares.scale();
          rho[j] = lambdaPerWeight * scale * scale / leastSquares.weight();
        } else if (loss instanceof Loss.KullbackLeibler kl) {
          kind[j] = Kind.KL;
          double scale = Double.isNaN(kl.scale()) ? natural : kl.scale();
          rho[j] = lambdaPerWeight * scale * scale / (constraint.target() * kl.weight());
        } else if (loss instanceof Loss.Band band) {
          kind[j] = Kind.BAND;
          lower[j] = band.lower();
          upper[j] = band.upper();
        }
        softBounded |= kind[j] == Kind.LEAST_SQUARES || kind[j] == Kind.KL;
      }
      softBounded &= !divergence.bounds().isUnbounded();
      requestedRho = rho.clone();
    }

    private double clampToDomain(int j, double eta) {
      if (kind[j] == Kind.BAND) {
        if (lower[j] == Double.NEGATIVE_INFINITY) {
          return Math.min(eta, 0.0);
        }
        if (upper[j] == Double.POSITIVE_INFINITY) {
          return Math.max(eta, 0.0);
        }
      }
      if (kind[j] == Kind.KL && 1.0 + rho[j] * eta <= 0) {
        return 0.0;
      }
      return eta;
    }

    /** φ_j(η_j): the loss conjugate's contribution to the dual. */
    private double phi(int j, double eta) {
      return switch (kind[j]) {
        case EQUALITY -> target[j] * eta;
        case LEAST_SQUARES -> target[j] * eta - 0.5 * rho[j] * eta * eta;
        case KL -> target[j] / rho[j] * Math.log1p(rho[j] * eta);
        case BAND -> eta > 0 ? lower[j] * eta : eta < 0 ? upper[j] * eta : 0.0;
      };
    }

    private double dualValue(DualPass.Sums sums, double[] eta) {
      double value = -sums.conjugateSum;
      for (int j = 0; j < eta.length; j++) {
        value += phi(j, eta[j]);
      }
      return value;
    }

    /** ∂h/∂η_j = φ'_j − a_j; marks coordinates that may move (bands inside their band do not). */
    private double[] gradient(DualPass.Sums sums, double[] eta, boolean[] free) {
      double[] gradient = new double[eta.length];
      for (int j = 0; j < eta.length; j++) {
        double achieved = sums.achieved[j];
        free[j] = true;
        switch (kind[j]) {
          case EQUALITY -> gradient[j] = target[j] - achieved;
          case LEAST_SQUARES -> gradient[j] = target[j] - rho[j] * eta[j] - achieved;
          case KL -> gradient[j] = target[j] / (1.0 + rho[j] * eta[j]) - achieved;
          case BAND -> {
            if (eta[j] > 0 || (eta[j] == 0 && achieved < lower[j])) {
              gradient[j] = lower[j] - achieved;
            } else if (eta[j] < 0 || achieved > upper[j]) {
              gradient[j] = upper[j] - achieved;
            } else {
              gradient[j] = 0.0;
              free[j] = false;
            }
          }
        }
      }
      return gradient;
    }

    private double scaleOf(int j, DualPass.Sums sums) {
      double scale = Math.max(size[j] * 1e-12, sums.absolute[j]);
      if (kind[j] == Kind.BAND) {
        if (Double.isFinite(lower[j])) {
          scale = Math.max(scale, Math.abs(lower[j]));
        }
        if (Double.isFinite(upper[j])) {
          scale = Math.max(scale, Math.abs(upper[j]));
        }
        return Math.max(scale, Double.MIN_NORMAL);
      }
      return Math.max(Math.max(scale, Math.abs(target[j])), Double.MIN_NORMAL);
    }

    private double maxResidual(double[] gradient, DualPass.Sums sums) {
      double max = 0.0;
      for (int j = 0; j < gradient.length; j++) {
        max = Math.max(max, Math.abs(gradient[j]) / scaleOf(j, sums));
      }
      return max;
    }

    /**
     * Solves (C + diag(−φ'') + μ·diag(C₀ʰ) + ν·diag(C₀)) Δ = ∇ over the free coordinates,
     * Jacobi-scaled (see {@link NewtonSystem}); the gradient itself when no factorisation gives a
     * finite direction. C₀ is the curvature at w = q, C₀ʰ that of the hard coordinates (0 for soft
     * ones, see {@link #dampedCurvature}); the damping μ (only with weight bounds, shrinking with
     * the residual) lets a hard constraint whose records are all clipped at a bound move at all; ν
     * is the Levenberg–Marquardt damping of {@link #ascend}.
     */
    private double[] newtonDirection(
        DualPass.Sums sums,
        double[] eta,
        double[] gradient,
        boolean[] free,
        double damping,
        double marquardt) {
      double[] added = new double[eta.length];
      for (int j = 0; j < eta.length; j++) {
        added[j] = added(j, eta, damping, marquardt);
      }
      double[] direction = newton.solve(sums.curvature, added, gradient, free);
      return direction == null ? gradient.clone() : direction;
    }

    /**
     * The increase of the dual the Newton model predicts for the step {@code delta} from {@code
     * eta}: gᵀΔ − ½ΔᵀHΔ, H the Newton matrix without the Levenberg–Marquardt term.
     */
    private double predictedGain(
        DualPass.Sums sums, double[] eta, double[] gradient, double[] delta, double damping) {
      double[] curved = pattern.multiply(sums.curvature, delta);
      double linear = 0.0;
      double quadratic = 0.0;
      for (int a = 0; a < eta.length; a++) {
        linear += gradient[a] * delta[a];
        double row = (curvatureOfLoss(a, eta[a]) + damping * dampedCurvature(a)) * delta[a];
        quadratic += delta[a] * (row + curved[a]);
      }
      return linear - 0.5 * quadratic;
    }

    /** What the diagonal of the Newton matrix adds to the records' curvature in coordinate j. */
    private double added(int j, double[] eta, double damping, double marquardt) {
      return curvatureOfLoss(j, eta[j])
          + damping * dampedCurvature(j)
          + marquardt * baseCurvature[j];
    }

    /**
     * C₀_jj for hard coordinates (equality, band), 0 for soft ones: a least-squares or KL row
     * already has the loss curvature ρ > 0 even when all its records are clipped, and damping it by
     * μ·C₀ (C₀ ≫ ρ for small λ) would shrink its Newton steps until the solve stalls.
     */
    private double dampedCurvature(int j) {
      return kind[j] == Kind.EQUALITY || kind[j] == Kind.BAND ? baseCurvature[j] : 0.0;
    }

    private double curvatureOfLoss(int j, double eta) {
      return switch (kind[j]) {
        case LEAST_SQUARES -> rho[j];
        case KL -> {
          double base = 1.0 + rho[j] * eta;
          yield rho[j] * target[j] / (base * base);
        }
        default -> 0.0;
      };
    }

    /** η + step·Δ kept in the domain (band signs, KL); null when a KL multiplier leaves it. */
    private double[] project(double[] eta, double[] direction, double step, boolean[] free) {
      double[] next = new double[eta.length];
      for (int j = 0; j < eta.length; j++) {
        double value = free[j] ? eta[j] + step * direction[j] : eta[j];
        if (kind[j] == Kind.BAND) {
          boolean positiveSide = eta[j] > 0 || (eta[j] == 0 && direction[j] > 0);
          value = positiveSide ? Math.max(value, 0.0) : Math.min(value, 0.0);
          if (positiveSide && lower[j] == Double.NEGATIVE_INFINITY
              || !positiveSide && upper[j] == Double.POSITIVE_INFINITY) {
            value = 0.0;
          }
        }
        if (kind[j] == Kind.KL && 1.0 + rho[j] * value <= 0) {
          return null;
        }
        next[j] = value;
      }
      return next;
    }

    private DualSolution dualSolution(double[] eta) {
      Map<String, Double> multipliers = new LinkedHashMap<>();
      for (int j = 0; j < eta.length; j++) {
        multipliers.put(problem.constraints().get(active[j]).name(), eta[j]);
      }
      return new DualSolution(multipliers);
    }

    private CalibrationException failure(
        DualPass.Sums sums,
        double[] eta,
        double[] etaAtLastHalving,
        int iterations,
        boolean stalled,
        boolean provenByRay) {
      double residual = maxResidual(gradient(sums, eta, new boolean[eta.length]), sums);
      WeightBounds bounds = divergence.bounds();
      boolean anySign =
          bounds.lower() == Double.NEGATIVE_INFINITY && bounds.upper() == Double.POSITIVE_INFINITY;
      boolean bounded = !anySign && (!bounds.isUnbounded() || bounds.lower() < 0);
      boolean extreme =
          anySign
              ? sums.maxRatio > EXTREME_RATIO || sums.minRatio < -EXTREME_RATIO
              : sums.maxRatio > EXTREME_RATIO || sums.minRatio < 1.0 / EXTREME_RATIO;
      if (!bounded && (extreme || anySign || stalled)) {
        InfeasibleTargetsException proven =
            farkasCertificate(eta, gradient(sums, eta, new boolean[eta.length]), anySign);
        if (proven != null) {
          return proven;
        }
      }
      if (bounded && stalled && !(divergence instanceof Divergence.Entropy)) {
        // linear or logit with bounds: targets that no weights of any sign meet are named as such,
        // rather than as the five rows pulling hardest under the bounds (raking is left as it was)
        InfeasibleTargetsException proven =
            farkasCertificate(eta, gradient(sums, eta, new boolean[eta.length]), true);
        if (proven != null) {
          return proven;
        }
      }
      if (provenByRay) {
        return rayProof(eta, etaAtLastHalving, iterations, residual, false);
      }
      List<Integer> order = new ArrayList<>();
      for (int j = 0; j < eta.length; j++) {
        if (kind[j] == Kind.EQUALITY || kind[j] == Kind.BAND) {
          order.add(j);
        }
      }
      double[] pull =
          (bounded || anySign) && stalled && etaAtLastHalving != null
              ? pullSinceHalving(eta, etaAtLastHalving)
              : absolute(eta);
      order.sort((a, b) -> Double.compare(pull[b], pull[a]));
      List<String> names = new ArrayList<>();
      for (int p = 0; p < Math.min(NAMED_PULLING, order.size()); p++) {
        names.add(problem.constraints().get(active[order.get(p)]).name());
      }
      String how = stalled ? "stalled" : "did not converge";
      if (anySign && (extreme || stalled) && !names.isEmpty()) {
        InfeasibleTargetsException collapsed = collapsedGroups(pass.weights(eta), iterations);
        if (collapsed != null) {
          return collapsed;
        }
        return new InfeasibleTargetsException(
            String.format(
                Locale.ROOT,
                "inconsistent linear equations: no weights, negative or not, meet the targets to"
                    + " the solver's precision (statistics that are linear combinations of each"
                    + " other, or nearly, with targets that disagree): the solve %s after %d"
                    + " Newton steps with w/q in [%.3g, %.3g] (residual %.3g); constraints"
                    + " pulling hardest (a ranking, not a proof that these conflict): %s",
                how,
                iterations,
                sums.minRatio,
                sums.maxRatio,
                residual,
                String.join(", ", names)),
            names);
      }
      if ((extreme || (bounded && stalled)) && !names.isEmpty()) {
        return new InfeasibleTargetsException(
            String.format(
                Locale.ROOT,
                "targets appear impossible to meet together by %s weights (outside the convex"
                    + " hull of the records' statistics): the dual %s, w/q reached [%.3g, %.3g]"
                    + " after %d Newton steps (residual %.3g); constraints pulling hardest (a"
                    + " ranking, not a proof that these conflict): %s",
                bounded ? "bounded" : "nonnegative",
                extreme ? "diverged" : "stalled",
                sums.minRatio,
                sums.maxRatio,
                iterations,
                residual,
                String.join(", ", names)),
            names);
      }
      return new CalibrationException(
          String.format(
              Locale.ROOT,
              "calibration %s after %d Newton steps: max scaled residual %.3g > tolerance %.3g",
              how,
              iterations,
              residual,
              options.tolerance()));
    }

    /**
     * The refusal of targets that the direction a logit solve climbed from {@code from} proves met
     * only with weights at the bounds, which logit weights never reach.
     */
    private InfeasibleTargetsException metOnlyAtBounds(
        DualPass.Sums sums, double[] eta, double[] from, int iterations) {
      double residual = maxResidual(gradient(sums, eta, new boolean[eta.length]), sums);
      return rayProof(eta, from, iterations, residual, true);
    }

    /**
     * The infeasibility that the ray from {@code from} to {@code eta} proves ({@link BoundedRay}):
     * the targets cannot be met by weights within the bounds or, if {@code atBounds}, only by
     * weights at them. Names the shortest head of the hard rows, by their pull since {@code from},
     * on which the proof holds.
     */
    private InfeasibleTargetsException rayProof(
        double[] eta, double[] from, int iterations, double residual, boolean atBounds) {
      List<Integer> order = new ArrayList<>();
      for (int j = 0; j < eta.length; j++) {
        if (kind[j] == Kind.EQUALITY || kind[j] == Kind.BAND) {
          order.add(j);
        }
      }
      double[] pull = pullSinceHalving(eta, from);
      order.sort((a, b) -> Double.compare(pull[b], pull[a]));
      List<Integer> conflicting = provingHead(order, eta, from, atBounds);
      List<String> named = new ArrayList<>();
      for (int j : conflicting.subList(0, Math.min(NAMED_PULLING, conflicting.size()))) {
        named.add(problem.constraints().get(active[j]).name());
      }
      String holds =
          conflicting.size() <= NAMED_PULLING
              ? "it holds for " + String.join(", ", named) + " alone"
              : String.format(
                  Locale.ROOT,
                  "it holds for the %d targets pulling hardest (the first %d: %s)",
                  conflicting.size(),
                  named.size(),
                  String.join(", ", named));
      WeightBounds bounds = divergence.bounds();
      if (atBounds) {
        return new InfeasibleTargetsException(
            String.format(
                Locale.ROOT,
                "targets can be met together only by weights at the bounds [%.3g, %.3g]·q, which"
                    + " %s weights never reach (they lie strictly inside): along the direction"
                    + " their multipliers climbed, the most weights within the bounds reach equals"
                    + " the targets (a proof, after %d Newton steps; residual %.3g); %s; widen"
                    + " --bounds, use --calfun linear (its weights may sit at the bounds), or"
                    + " soften these targets (--on-infeasible soften)",
                bounds.lower(),
                bounds.upper(),
                divergence.name(),
                iterations,
                residual,
                holds),
            named);
      }
      return new InfeasibleTargetsException(
          String.format(
              Locale.ROOT,
              "targets cannot be met together by weights within the bounds [%.3g, %.3g]·q: along"
                  + " the direction their multipliers climbed, the most such weights reach stays"
                  + " short of the targets (a proof, after %d Newton steps; residual %.3g); %s",
              bounds.lower(),
              bounds.upper(),
              iterations,
              residual,
              holds),
          named);
    }

    /**
     * Whether the hard rows' part of η − {@code from} proves the targets infeasible under the
     * weight bounds ({@link BoundedRay}); a band enters with the end its multiplier's sign points
     * to.
     */
    private boolean provenInfeasible(double[] eta, double[] from) {
      return provenAlong(eta, from, null, false);
    }

    /**
     * Whether the part of η − {@code from} in the hard rows {@code rows} (every hard row when null)
     * proves the targets infeasible under the weight bounds, or, if {@code atBounds}, met only with
     * weights at the bounds ({@link BoundedRay#provesMetOnlyAtBounds}).
     */
    private boolean provenAlong(double[] eta, double[] from, boolean[] rows, boolean atBounds) {
      double[] direction = new double[eta.length];
      double targetSide = 0.0;
      double targetScale = 0.0;
      for (int j = 0; j < eta.length; j++) {
        double moved = eta[j] - from[j];
        if (moved == 0.0
            || (kind[j] != Kind.EQUALITY && kind[j] != Kind.BAND)
            || (rows != null && !rows[j])) {
          continue;
        }
        double end = kind[j] == Kind.EQUALITY ? target[j] : moved > 0 ? lower[j] : upper[j];
        direction[j] = moved;
        targetSide += moved * end;
        targetScale += Math.abs(moved * end);
      }
      return atBounds
          ? BoundedRay.provesMetOnlyAtBounds(
              features,
              problem.baseWeights(),
              divergence.bounds(),
              direction,
              targetSide,
              targetScale)
          : BoundedRay.provesInfeasible(
              features,
              problem.baseWeights(),
              divergence.bounds(),
              direction,
              targetSide,
              targetScale);
    }

    /**
     * The shortest head of {@code order} (the hard rows, hardest pull first) on which the ray from
     * {@code from} to {@code eta}, which proves the targets infeasible, still does: the support of
     * a certificate, targets that conflict. Naming the five rows pulling hardest whatever the proof
     * needed named, beside a conflict of two, three targets met long before on records of their
     * own, and soften softened them. Heads of 1 to 8 rows are tried in turn, then doubled and
     * bisected: beyond 8, O(log K) passes over the records.
     */
    private List<Integer> provingHead(
        List<Integer> order, double[] eta, double[] from, boolean atBounds) {
      int failing = 0;
      int size = 1;
      while (size < order.size() && !provenAlong(eta, from, head(order, size), atBounds)) {
        failing = size;
        size = size < 8 ? size + 1 : 2 * size;
      }
      size = Math.min(size, order.size());
      while (size - failing > 1) {
        int middle = (failing + size) >>> 1;
        if (provenAlong(eta, from, head(order, middle), atBounds)) {
          size = middle;
        } else {
          failing = middle;
        }
      }
      return order.subList(0, size);
    }

    /** Marks the first {@code size} rows of {@code order}. */
    private boolean[] head(List<Integer> order, int size) {
      boolean[] rows = new boolean[kind.length];
      for (int p = 0; p < size; p++) {
        rows[order.get(p)] = true;
      }
      return rows;
    }

    private static double[] absolute(double[] eta) {
      double[] absolute = new double[eta.length];
      for (int j = 0; j < eta.length; j++) {
        absolute[j] = Math.abs(eta[j]);
      }
      return absolute;
    }

    /**
     * How hard each row pulled while a bounded solve stalled: how far its multiplier moved since
     * the residual last halved, times the base weight its statistic moves (Σ q_i |F_ik|). When
     * targets conflict under the bounds, the dual climbs along a ray on which every row of the
     * conflict moves: a region count whose cells are counted too moves its multiplier as far as
     * each cell does, and by the multiplier alone the five named were five of its cells, so
     * softening them left the conflict to the next round. Weighted by the weight it moves, the
     * region is named.
     */
    private double[] pullSinceHalving(double[] eta, double[] etaAtLastHalving) {
      double[] moved = new double[eta.length];
      double[] base = problem.baseWeights();
      for (int row = 0; row < features.rows(); row++) {
        for (int p = features.rowStart(row); p < features.rowStart(row + 1); p++) {
          moved[features.columnAt(p)] += base[row] * Math.abs(features.valueAt(p));
        }
      }
      for (int j = 0; j < eta.length; j++) {
        moved[j] *= Math.abs(eta[j] - etaAtLastHalving[j]);
      }
      return moved;
    }

    /**
     * The failure of a continuation that stopped before the requested λ: its residual is the
     * stage's, so it is reported as such (it had been compared with the requested tolerance, and
     * could read "0.000903 &gt; tolerance 0.00100"). The caller attaches the report of the stage's
     * last iterate.
     */
    private CalibrationException stageFailure(Ascent ascent, DualPass.Sums sums, double[] eta) {
      return new CalibrationException(
          String.format(
              Locale.ROOT,
              "calibration %s after %d Newton steps at the continuation's stage λ = %.3g on the"
                  + " way to λ = %.3g (weight bounds with soft targets are solved for a falling λ):"
                  + " max scaled residual %.3g there > the stage's tolerance %.3g; a larger"
                  + " --max-iterations, a larger λ (--lambda, or --soften-lambda for softened"
                  + " targets) or wider --bounds may help",
              ascent.stalled ? "stalled" : "did not converge",
              ascent.iterations,
              ascent.failedStage,
              options.lambda(),
              maxResidual(gradient(sums, eta, new boolean[eta.length]), sums),
              Math.max(STAGE_TOLERANCE, options.tolerance())));
    }

    /**
     * Looks for a Farkas certificate of infeasibility: a direction y over the hard rows with F_i·y
     * ≤ 0 for every record and Σ_k φ_k(y_k) &gt; 0 (a band entering by the end the sign of y_k
     * points to), so that no weights w ≥ 0 meet the hard targets. The candidates lie in the
     * directions that leave the still-alive records (w/q &gt; 1e-12) unchanged (the null space of
     * their Gram matrix): first η's part there, which strips the finite part of an η that diverged
     * by weighting records away; then the gradient's part there, the part of the targets that the
     * records cannot move. The second holds where the targets' statistics combine to 0 for every
     * record, e.g. bands whose ends contradict a count: the dual then rises along a direction its
     * singular Newton matrix leaves out, and raking stalled after a few steps naming no target.
     * Returns the exception naming the certificate's constraints, or null when neither proves
     * anything.
     *
     * <p>The Gram matrix of constraints that share no record is block diagonal, so the search runs
     * block by block ({@link CoupledConstraints}): each block's candidates projected onto its own
     * null space ({@link GramNullSpace}), skipping blocks of more than {@link #COUPLED_LIMIT}
     * constraints, the smallest first, and giving up once the blocks' sizes cubed (what their
     * factorisations cost) sum past {@link #CERTIFICATE_WORK}, so that a failed solve of many large
     * blocks is reported as a ranking within seconds rather than after one factorisation per block.
     * A certificate of one block is one of the whole problem (its direction is 0 elsewhere), and
     * names that block's constraints only.
     *
     * <p>With {@code anySign} (unbounded linear calibration, whose weights may be negative) every
     * record is alive, only the gradient's part is tried, and the certificate must have F_i·y = 0
     * for every record: then no weights of any sign meet the targets. A certificate that is 0 for
     * every record says so whatever the weights' sign: the linear equations (and band inequalities)
     * themselves are inconsistent, which is truer than blaming nonnegativity.
     */
    private InfeasibleTargetsException farkasCertificate(
        double[] eta, double[] gradient, boolean anySign) {
      CoupledConstraints blocks = CoupledConstraints.of(features);
      int[] local = new int[eta.length];
      double work = 0.0;
      for (int b : blocks.smallestFirst()) {
        int[] columns = blocks.columns(b);
        if (columns.length > COUPLED_LIMIT) {
          continue;
        }
        work += Math.pow(columns.length, 3);
        if (work > CERTIFICATE_WORK) {
          return null;
        }
        for (int a = 0; a < columns.length; a++) {
          local[columns[a]] = a;
        }
        int[] records = blocks.records(b);
        GramNullSpace nullSpace =
            GramNullSpace.of(
                features,
                columns,
                local,
                records,
                row -> anySign || divergence.ratio(features.rowDot(row, eta)) > 1e-12,
                baseCurvature);
        double[] blockEta = new double[columns.length];
        double[] blockGradient = new double[columns.length];
        for (int a = 0; a < columns.length; a++) {
          blockEta[a] = eta[columns[a]];
          blockGradient[a] = gradient[columns[a]];
        }
        List<double[]> candidates =
            anySign
                ? List.of(nullSpace.projectedUnscaled(blockGradient))
                : List.of(
                    nullSpace.projectedScaled(blockEta),
                    nullSpace.projectedUnscaled(blockGradient));
        for (double[] candidate : candidates) {
          InfeasibleTargetsException proven =
              certificate(columns, local, records, candidate, anySign);
          if (proven != null) {
            return proven;
          }
        }
      }
      return null;
    }

    /**
     * The infeasibility {@code direction}'s hard part proves, or null: F_i·y ≤ 0 for every record
     * (= 0 if {@code anySign}) and Σ_k φ_k(y_k) &gt; 0, each within rounding. {@code direction} is
     * in the coordinates of a block of coupled constraints ({@code columns}, {@code local} the
     * reverse map), whose {@code records} are the only ones it moves.
     */
    private InfeasibleTargetsException certificate(
        int[] columns, int[] local, int[] records, double[] direction, boolean anySign) {
      int m = direction.length;
      double largest = 0.0;
      for (int a = 0; a < m; a++) {
        if (kind[columns[a]] != Kind.EQUALITY && kind[columns[a]] != Kind.BAND) {
          direction[a] = 0.0;
        }
        largest = Math.max(largest, Math.abs(direction[a]));
      }
      if (largest == 0.0) {
        return null;
      }
      double gain = 0.0;
      double magnitude = 0.0;
      for (int a = 0; a < m; a++) {
        direction[a] /= largest;
        gain += phi(columns[a], direction[a]);
        magnitude += Math.abs(phi(columns[a], direction[a]));
      }
      if (!(gain > 1e-9 * magnitude)) {
        return null;
      }
      double maxDot = 0.0;
      double maxAbsoluteDot = 0.0;
      double rowScale = 0.0;
      double[] largestTerm = new double[m];
      for (int row : records) {
        double dot = 0.0;
        double absolute = 0.0;
        for (int p = features.rowStart(row); p < features.rowStart(row + 1); p++) {
          int a = local[features.columnAt(p)];
          double term = features.valueAt(p) * direction[a];
          dot += term;
          absolute += Math.abs(term);
          largestTerm[a] = Math.max(largestTerm[a], Math.abs(term));
        }
        maxDot = Math.max(maxDot, dot);
        maxAbsoluteDot = Math.max(maxAbsoluteDot, Math.abs(dot));
        rowScale = Math.max(rowScale, absolute);
      }
      if ((anySign ? maxAbsoluteDot : maxDot) > 1e-9 * rowScale) {
        return null;
      }
      boolean zeroForEveryRecord = maxAbsoluteDot <= 1e-9 * rowScale;
      List<Integer> support = certificateSupport(columns, direction, largestTerm);
      List<String> names = new ArrayList<>();
      List<String> terms = new ArrayList<>();
      for (int a : support) {
        String name = problem.constraints().get(active[columns[a]]).name();
        names.add(name);
        if (terms.size() < 8) {
          terms.add(String.format(Locale.ROOT, "%+.3g·'%s'", direction[a], name));
        }
      }
      String named = names.size() <= 8 ? String.join(", ", names) : names.size() + " constraints";
      String combination = String.join(" ", terms) + (support.size() > terms.size() ? " …" : "");
      if (zeroForEveryRecord) {
        return new InfeasibleTargetsException(
            String.format(
                Locale.ROOT,
                "inconsistent linear equations: no weights, negative or not, meet %s together"
                    + " (certificate: the combination %s of their statistics is 0 for every"
                    + " record, so for any weights, but > 0 for the targets; e.g. a count that is"
                    + " not the sum of its cells' counts, or two equal columns with different"
                    + " totals)",
                named,
                combination),
            names);
      }
      return new InfeasibleTargetsException(
          String.format(
              Locale.ROOT,
              "targets outside the convex hull of the records' statistics: no nonnegative weights"
                  + " meet %s together (certificate: the combination %s is <= 0 for every"
                  + " record but > 0 for the targets)",
              named,
              combination),
          names);
    }

    /**
     * The constraints of a certificate, largest part first: those whose term, in some record or in
     * the targets, is not negligible beside the largest. Measured by the term (coefficient times
     * value), not the coefficient alone: a total's coefficient is about 1 / its column's largest
     * value, so a total over values of 1e7 was left out beside a count, and the message blamed the
     * count alone ("-1.00·'people' is <= 0 for every record but > 0 for the targets").
     */
    private List<Integer> certificateSupport(
        int[] columns, double[] direction, double[] largestTerm) {
      int m = direction.length;
      double[] size = new double[m];
      double largest = 0.0;
      for (int j = 0; j < m; j++) {
        size[j] = Math.max(largestTerm[j], Math.abs(phi(columns[j], direction[j])));
        largest = Math.max(largest, size[j]);
      }
      List<Integer> support = new ArrayList<>();
      for (int j = 0; j < m; j++) {
        if (direction[j] != 0.0 && size[j] > 1e-6 * largest) {
          support.add(j);
        }
      }
      support.sort((a, b) -> Double.compare(size[b], size[a]));
      return support;
    }

    /**
     * The report of the weights at {@code eta}; {@code stage} is the λ of the continuation's stage
     * the solve stopped at (its soft losses' ρ are set to it), or null.
     */
    private SolveReport report(
        double[] weights,
        DualPass.Sums sums,
        double[] eta,
        int iterations,
        String[] status,
        boolean converged,
        Double stage) {
      int k = problem.constraintCount();
      double[] achieved = new double[k];
      double[] absolute = new double[k];
      double[] groupWeight = new double[k];
      ConstraintMatrix features = problem.features();
      ConstraintMatrix groups = problem.groupIndicators();
      for (int row = 0; row < weights.length; row++) {
        double w = weights[row];
        for (int p = features.rowStart(row); p < features.rowStart(row + 1); p++) {
          achieved[features.columnAt(p)] += w * features.valueAt(p);
          absolute[features.columnAt(p)] += Math.abs(w * features.valueAt(p));
        }
        for (int p = groups.rowStart(row); p < groups.rowStart(row + 1); p++) {
          groupWeight[groups.columnAt(p)] += w * groups.valueAt(p);
        }
      }
      double[] multiplier = new double[k];
      for (int j = 0; j < active.length; j++) {
        multiplier[active[j]] = eta[j];
      }
      List<ConstraintReport> reports = new ArrayList<>();
      double maxRelative = 0.0;
      for (int c = 0; c < k; c++) {
        Constraint constraint = problem.constraints().get(c);
        double miss;
        if (constraint.loss() instanceof Loss.Band band) {
          miss = Math.max(0.0, Math.max(band.lower() - achieved[c], achieved[c] - band.upper()));
        } else {
          miss = Math.abs(achieved[c] - constraint.target());
        }
        double denominator =
            Math.max(Math.max(Math.abs(constraint.target()), absolute[c]), Double.MIN_NORMAL);
        double relative = miss / denominator;
        maxRelative = Math.max(maxRelative, relative);
        double reportedTarget =
            constraint.isRatio() ? constraint.ratioCenter() : constraint.target();
        double reportedAchieved =
            constraint.isRatio()
                ? (groupWeight[c] > 0
                    ? constraint.ratioCenter() + achieved[c] / groupWeight[c]
                    : constraint.ratioCenter())
                : achieved[c];
        reports.add(
            new ConstraintReport(
                constraint.name(),
                constraint.statistic(),
                constraint.loss().kind(),
                reportedTarget,
                reportedAchieved,
                relative,
                multiplier[c],
                status[c]));
      }
      double gap = 0.0;
      for (int j = 0; j < eta.length; j++) {
        double a = sums.achieved[j];
        gap += eta[j] * a - phi(j, eta[j]);
        if (kind[j] == Kind.LEAST_SQUARES) {
          gap += (a - target[j]) * (a - target[j]) / (2.0 * rho[j]);
        } else if (kind[j] == Kind.KL) {
          gap += (target[j] * Math.log(target[j] / a) - target[j] + a) / rho[j];
        }
      }
      double kish = sums.weightSum * sums.weightSum / sums.weightSquareSum;
      for (ConstraintReport report : reports) {
        if (!Double.isFinite(report.achieved()) || !Double.isFinite(report.relativeError())) {
          throw nonFinite("constraint '" + report.name() + "' achieved " + report.achieved());
        }
      }
      if (!Double.isFinite(maxRelative) || !Double.isFinite(kish)) {
        throw nonFinite(
            "max relative error " + maxRelative + ", Kish effective sample size " + kish);
      }
      return new SolveReport(
          weights.length,
          k,
          divergence.name(),
          options.lambda(),
          iterations,
          converged,
          stage,
          maxRelative,
          kish,
          sums.minRatio,
          sums.maxRatio,
          gap * (stage == null ? lambdaPerWeight : lambdaPerWeight * stage / options.lambda()),
          elapsedMillis(),
          false,
          null,
          reports);
    }
  }

  /** Where a Newton ascent stands: its point, the sums there, and how it ended. */
  private static final class Ascent {
    double[] eta;
    DualPass.Sums sums;
    int iterations;
    boolean converged;
    boolean stalled;
    boolean struggling;

    /**
     * Stopped because the direction climbed since the last halving proves the targets infeasible.
     */
    boolean proven;

    /**
     * Stopped because the direction climbed from {@link #proofFrom} proves the targets met only
     * with weights at their bounds, which the divergence never reaches (logit).
     */
    boolean metOnlyAtBounds;

    /** Where the direction of a {@link #metOnlyAtBounds} proof starts (it ends at η). */
    double[] proofFrom;

    /**
     * η where the residual last halved: after a stall, η minus this is the direction the dual
     * climbed along without getting closer to the targets.
     */
    double[] etaAtLastHalving;

    /** The λ of the continuation stage that did not converge, or NaN. */
    double failedStage = Double.NaN;

    Ascent(double[] eta, DualPass.Sums sums) {
      this.eta = eta;
      this.sums = sums;
    }
  }

  /**
   * Refuses a problem with {@code k} constraints that cannot fit in this process whatever the
   * pattern of its curvature (see {@link CurvatureMemory#leastFor}); {@link #solve} checks the
   * problem's own pattern after this. A caller that builds a problem of a given K checks it before
   * building.
   *
   * @throws IllegalArgumentException saying how much memory the sums need and how much there is
   */
  public static void requireCurvatureMemory(int k) {
    CurvatureMemory.leastFor(k).require();
  }
}
