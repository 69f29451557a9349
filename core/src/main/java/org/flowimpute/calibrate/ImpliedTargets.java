package org.flowimpute.calibrate;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.decomposition.QRPDecomposition_F64;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * Finds the equality targets whose statistic is a linear combination of other equality targets' (a
 * margin's cells sum to the total of another margin): such a target is <em>implied</em> when its
 * value equals the same combination of theirs, and the targets are inconsistent otherwise. Dropping
 * implied targets keeps the Newton matrix non-singular.
 *
 * <p>Dependence is found by a column-pivoted QR (EJML) of the normalised Gram matrix G = Σ q F Fᵀ
 * of the equality targets, read from the curvature at the base weights. Up to {@link #DENSE_LIMIT}
 * targets G is taken whole. Above it (the dense QR costs n³: 14,400 cells would take hours), the
 * targets that share no record with each other are set apart first, lowest degree first; their
 * block of G is diagonal and positive, so they are independent, and the QR runs on the Schur
 * complement of that block, a matrix over the remaining targets only (the other margins and the
 * totals). A dependence found there is expressed in all targets, as in the dense case. When more
 * than {@link #SCHUR_LIMIT} targets remain, dependence is not looked for: targets that agree are
 * then solved with a singular Newton matrix, which the sparse factorisation's ridge handles, and
 * inconsistent ones end as a solve that does not converge rather than being named here.
 */
final class ImpliedTargets {

  /** Equality targets up to which G is analysed whole (as it always was). */
  static final int DENSE_LIMIT = NewtonSystem.DENSE_LIMIT;

  /** Targets left after the independent cells up to which their Schur complement is analysed. */
  static final int SCHUR_LIMIT = 2_000;

  private static final double DEPENDENCE_THRESHOLD = 1e-10;
  private static final double CONSISTENCY_TOLERANCE = 1e-8;

  /** Targets a message names at most (a cell of 14,400 may be the combination of thousands). */
  private static final int MAX_NAMED = 20;

  private final List<Constraint> constraints;
  private final DualPass.Sums atBase;
  private final String[] status;

  private ImpliedTargets(List<Constraint> constraints, DualPass.Sums atBase, String[] status) {
    this.constraints = constraints;
    this.atBase = atBase;
    this.status = status;
  }

  /**
   * Marks implied equality targets {@link FeasibilityAnalysis#IMPLIED} in {@code status}; throws
   * when one contradicts the targets it is a combination of.
   */
  static void mark(List<Constraint> constraints, DualPass.Sums atBase, String[] status) {
    List<Integer> equality = new ArrayList<>();
    for (int j = 0; j < constraints.size(); j++) {
      if (status[j].equals(FeasibilityAnalysis.SOLVED)
          && constraints.get(j).loss() instanceof Loss.Equality) {
        equality.add(j);
      }
    }
    if (equality.size() < 2) {
      return;
    }
    ImpliedTargets analysis = new ImpliedTargets(constraints, atBase, status);
    int[] targets = equality.stream().mapToInt(Integer::intValue).toArray();
    if (targets.length <= DENSE_LIMIT) {
      analysis.analyseDense(targets);
    } else {
      analysis.analyseSparse(targets);
    }
  }

  /** QR of the whole Gram matrix of {@code targets} (constraint indices). */
  private void analyseDense(int[] targets) {
    int n = targets.length;
    DMatrixRMaj gram = new DMatrixRMaj(n, n);
    for (int a = 0; a < n; a++) {
      for (int b = 0; b < n; b++) {
        gram.set(a, b, atBase.curvature(targets[a], targets[b]));
      }
    }
    for (Dependence dependence : dependences(gram, gram)) {
      check(targets[dependence.dependent], dependence.indices(targets), dependence.coefficients);
    }
  }

  /** QR of the Schur complement of the Gram block of targets that share no record. */
  private void analyseSparse(int[] targets) {
    CurvaturePattern pattern = atBase.pattern;
    int k = pattern.size();
    int[] equalityIndex = new int[k];
    Arrays.fill(equalityIndex, -1);
    for (int t = 0; t < targets.length; t++) {
      equalityIndex[targets[t]] = t;
    }
    int[][] neighbours = neighbours(pattern, targets, equalityIndex);
    boolean[] apart = setApart(targets, neighbours);
    int[] restIndex = new int[targets.length];
    List<Integer> rest = new ArrayList<>();
    for (int t = 0; t < targets.length; t++) {
      restIndex[t] = apart[t] ? -1 : rest.size();
      if (!apart[t]) {
        rest.add(t);
      }
    }
    int r = rest.size();
    if (r < 1 || r > SCHUR_LIMIT) {
      return;
    }
    DMatrixRMaj gram = new DMatrixRMaj(r, r);
    DMatrixRMaj schur = new DMatrixRMaj(r, r);
    for (int x = 0; x < r; x++) {
      int tx = rest.get(x);
      for (int y = 0; y < r; y++) {
        gram.set(x, y, atBase.curvature(targets[tx], targets[rest.get(y)]));
      }
    }
    schur.setTo(gram);
    for (int t = 0; t < targets.length; t++) {
      if (!apart[t]) {
        continue;
      }
      double diagonal = atBase.curvatureDiagonal(targets[t]);
      for (int x : neighbours[t]) {
        for (int y : neighbours[t]) {
          schur.add(
              restIndex[x],
              restIndex[y],
              -atBase.curvature(targets[t], targets[x])
                  * atBase.curvature(targets[t], targets[y])
                  / diagonal);
        }
      }
    }
    for (Dependence dependence : dependences(schur, gram)) {
      double[] coefficient = new double[targets.length];
      for (int b = 0; b < dependence.basis.length; b++) {
        coefficient[rest.get(dependence.basis[b])] = dependence.coefficients[b];
      }
      int dependent = rest.get(dependence.dependent);
      for (int t = 0; t < targets.length; t++) {
        if (apart[t] && touches(neighbours[t], dependent, coefficient)) {
          double residual = atBase.curvature(targets[t], targets[dependent]);
          for (int x : neighbours[t]) {
            residual -= atBase.curvature(targets[t], targets[x]) * coefficient[x];
          }
          coefficient[t] = residual / atBase.curvatureDiagonal(targets[t]);
        }
      }
      List<Integer> indices = new ArrayList<>();
      List<Double> values = new ArrayList<>();
      for (int t = 0; t < targets.length; t++) {
        if (coefficient[t] != 0.0) {
          indices.add(targets[t]);
          values.add(coefficient[t]);
        }
      }
      check(
          targets[dependent],
          indices.stream().mapToInt(Integer::intValue).toArray(),
          values.stream().mapToDouble(Double::doubleValue).toArray());
    }
  }

  /** Whether a set-apart target shares records with the dependent one or with its basis. */
  private static boolean touches(int[] neighbours, int dependent, double[] coefficient) {
    for (int x : neighbours) {
      if (x == dependent || coefficient[x] != 0.0) {
        return true;
      }
    }
    return false;
  }

  /** Per equality target, the other equality targets it shares records with (equality indices). */
  private static int[][] neighbours(CurvaturePattern pattern, int[] targets, int[] equalityIndex) {
    int[] count = new int[targets.length];
    for (int t = 0; t < targets.length; t++) {
      int a = targets[t];
      for (int p = pattern.rowStart(a) + 1; p < pattern.rowStart(a + 1); p++) {
        int u = equalityIndex[pattern.columnAt(p)];
        if (u >= 0) {
          count[t]++;
          count[u]++;
        }
      }
    }
    int[][] neighbours = new int[targets.length][];
    for (int t = 0; t < targets.length; t++) {
      neighbours[t] = new int[count[t]];
    }
    int[] filled = new int[targets.length];
    for (int t = 0; t < targets.length; t++) {
      int a = targets[t];
      for (int p = pattern.rowStart(a) + 1; p < pattern.rowStart(a + 1); p++) {
        int u = equalityIndex[pattern.columnAt(p)];
        if (u >= 0) {
          neighbours[t][filled[t]++] = u;
          neighbours[u][filled[u]++] = t;
        }
      }
    }
    return neighbours;
  }

  /** Targets no two of which share a record, chosen greedily by ascending degree. */
  private static boolean[] setApart(int[] targets, int[][] neighbours) {
    Integer[] byDegree = new Integer[targets.length];
    for (int t = 0; t < targets.length; t++) {
      byDegree[t] = t;
    }
    Arrays.sort(byDegree, (a, b) -> Integer.compare(neighbours[a].length, neighbours[b].length));
    boolean[] apart = new boolean[targets.length];
    boolean[] blocked = new boolean[targets.length];
    for (int t : byDegree) {
      if (!blocked[t]) {
        apart[t] = true;
        for (int u : neighbours[t]) {
          blocked[u] = true;
        }
      }
    }
    return apart;
  }

  /**
   * The columns of {@code matrix} (a Gram matrix, or a Schur complement of one) that the others
   * express, each with the coefficients over the independent ones; {@code gram} gives the diagonal
   * each column is normalised by.
   */
  private static List<Dependence> dependences(DMatrixRMaj matrix, DMatrixRMaj gram) {
    int n = matrix.numRows;
    DMatrixRMaj normalized = new DMatrixRMaj(n, n);
    for (int a = 0; a < n; a++) {
      for (int b = 0; b < n; b++) {
        normalized.set(a, b, matrix.get(a, b) / Math.sqrt(gram.get(a, a) * gram.get(b, b)));
      }
    }
    QRPDecomposition_F64<DMatrixRMaj> qrp = DecompositionFactory_DDRM.qrp(n, n);
    qrp.setSingularThreshold(DEPENDENCE_THRESHOLD);
    if (!qrp.decompose(normalized.copy())) {
      throw new CalibrationException("could not analyse the constraint matrix (QR failed)");
    }
    int rank = qrp.getRank();
    List<Dependence> found = new ArrayList<>();
    if (rank == n) {
      return found;
    }
    int[] pivots = qrp.getColPivots();
    int[] independent = Arrays.copyOf(pivots, rank);
    Arrays.sort(independent);
    DMatrixRMaj basis = new DMatrixRMaj(rank, rank);
    for (int a = 0; a < rank; a++) {
      for (int b = 0; b < rank; b++) {
        basis.set(a, b, matrix.get(independent[a], independent[b]));
      }
    }
    LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.symmPosDef(rank);
    if (!solver.setA(basis)) {
      solver = LinearSolverFactory_DDRM.pseudoInverse(true);
      solver.setA(basis);
    }
    for (int p = rank; p < n; p++) {
      DMatrixRMaj right = new DMatrixRMaj(rank, 1);
      for (int a = 0; a < rank; a++) {
        right.set(a, 0, matrix.get(independent[a], pivots[p]));
      }
      DMatrixRMaj beta = new DMatrixRMaj(rank, 1);
      solver.solve(right, beta);
      found.add(new Dependence(pivots[p], independent, beta.getData().clone()));
    }
    return found;
  }

  /**
   * Marks {@code dependent} implied if its target equals Σ coefficient·target over {@code others}
   * (constraint indices, ascending); throws naming them when it does not.
   */
  private void check(int dependent, int[] others, double[] coefficients) {
    Constraint target = constraints.get(dependent);
    double implied = 0.0;
    double magnitude = Math.abs(target.target()) + atBase.absolute[dependent];
    double largest = 0.0;
    for (int a = 0; a < others.length; a++) {
      double contribution = coefficients[a] * constraints.get(others[a]).target();
      implied += contribution;
      magnitude += Math.abs(contribution);
      largest = Math.max(largest, Math.abs(coefficients[a]));
    }
    if (Math.abs(target.target() - implied) <= CONSISTENCY_TOLERANCE * magnitude) {
      status[dependent] = FeasibilityAnalysis.IMPLIED;
      return;
    }
    List<String> names = new ArrayList<>();
    names.add(target.name());
    List<String> described = new ArrayList<>();
    boolean ratios = target.isRatio();
    for (int a = 0; a < others.length; a++) {
      if (Math.abs(coefficients[a]) > 1e-9 * largest) {
        Constraint other = constraints.get(others[a]);
        names.add(other.name());
        if (described.size() < MAX_NAMED) {
          described.add("'" + other.name() + "' = " + FeasibilityAnalysis.describeTarget(other));
        }
        ratios |= other.isRatio();
      }
    }
    if (names.size() - 1 > MAX_NAMED) {
      described.add("and " + (names.size() - 1 - MAX_NAMED) + " more");
    }
    String message =
        ratios
            ? String.format(
                Locale.ROOT,
                "inconsistent targets: '%s' (%s) = %s contradicts %s (over the same records its"
                    + " statistic is a combination of theirs, e.g. two means of one column)",
                target.name(),
                target.statistic(),
                FeasibilityAnalysis.describeTarget(target),
                String.join(", ", described))
            : String.format(
                Locale.ROOT,
                "inconsistent targets: '%s' = %s but %s imply %s (its statistic is a"
                    + " combination of theirs, e.g. two margins with different totals)",
                target.name(),
                significant(target.target()),
                String.join(", ", described),
                significant(implied));
    throw new InfeasibleTargetsException(message, names);
  }

  /**
   * {@code value} to 10 significant digits without trailing zeros: the implied total of other
   * targets carries the rounding of their sums (700000.0000000049 for 700000).
   */
  private static String significant(double value) {
    if (!Double.isFinite(value)) {
      return Double.toString(value);
    }
    return new BigDecimal(value).round(new MathContext(10)).stripTrailingZeros().toPlainString();
  }

  /** A column expressed in others: column {@code dependent} = Σ coefficients[b]·column basis[b]. */
  private record Dependence(int dependent, int[] basis, double[] coefficients) {

    /** The basis as constraint indices, given the constraint index of each column. */
    int[] indices(int[] constraintOf) {
      return Arrays.stream(basis).map(b -> constraintOf[b]).toArray();
    }
  }
}
