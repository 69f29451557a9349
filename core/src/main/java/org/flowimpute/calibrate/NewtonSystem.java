package org.flowimpute.calibrate;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.apache.commons.math3.exception.MaxCountExceededException;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.ConjugateGradient;
import org.apache.commons.math3.linear.NonPositiveDefiniteOperatorException;
import org.apache.commons.math3.linear.RealLinearOperator;
import org.apache.commons.math3.linear.RealVector;
import org.ejml.data.DMatrix;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.DMatrixSparseCSC;
import org.ejml.data.DMatrixSparseTriplet;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;
import org.ejml.interfaces.decomposition.CholeskySparseDecomposition_F64;
import org.ejml.interfaces.linsol.LinearSolverDense;
import org.ejml.interfaces.linsol.LinearSolverSparse;
import org.ejml.ops.DConvertMatrixStruct;
import org.ejml.sparse.FillReducing;
import org.ejml.sparse.csc.factory.LinearSolverFactory_DSCC;
import org.ejml.sparse.csc.misc.ColumnCounts_DSCC;
import org.ejml.sparse.csc.misc.TriangularSolver_DSCC;

/**
 * Solves the Newton system (C + diag(added)) Δ = ∇ of one dual step over the free coordinates,
 * Jacobi-scaled, with the curvature C given over its {@link CurvaturePattern}.
 *
 * <p>Why three ways: a dense Cholesky costs K³/3 operations and K² memory whatever the pattern
 * (5,000 cells: 80 s for one margin); EJML's sparse Cholesky costs what its factor holds, which
 * stays small for the cells of a grouping but fills for crossed groupings and for households whose
 * members fall in different cells (every household couples its members' cells, a random graph:
 * 14,390 such cells ran over ten minutes in one factorisation); conjugate gradients cost a product
 * with the pattern per iteration, and the Jacobi-scaled systems here need tens of them. The sparse
 * factor orders the coordinates by ascending degree (EJML 0.43 offers no fill-reducing ordering:
 * {@link FillReducing} has only NONE, RANDOM and IDENTITY), so that the cells of a large grouping
 * come first and the margins and totals coupled to many of them last, where their fill stays in a
 * small dense corner. {@link Method#AUTOMATIC} keeps the dense one up to {@link #DENSE_LIMIT}
 * constraints (a pseudo-inverse when a pivot is below {@link #MIN_PIVOT}) and above it takes the
 * cheapest in operations (see {@link #chooseForLargePattern}). A sparse matrix that is not positive
 * definite to {@link #MIN_PIVOT} is solved again with a ridge ε·I of growing ε (Tikhonov, which
 * tends to the pseudo-inverse solution as ε → 0); conjugate gradients always add a ridge of the
 * gradient's size (see {@link #solveIterative}); every step is still checked by the line search.
 */
final class NewtonSystem {

  /** Which factorisation a solve uses. */
  enum Method {
    /** Chosen by the number of constraints and the factor's fill (see the class comment). */
    AUTOMATIC,
    DENSE,
    SPARSE,
    /** Conjugate gradients, for patterns whose factor would fill (see the class comment). */
    ITERATIVE
  }

  /**
   * Constraints up to which {@link Method#AUTOMATIC} always factorises densely. Below it both ways
   * take milliseconds (measured on 60,000 records, docs/calibration.md).
   */
  static final int DENSE_LIMIT = 500;

  /** How much faster per operation the dense kernel was than the sparse one, measured. */
  private static final double DENSE_SPEEDUP = 2.0;

  /** The smallest pivot of the scaled (unit-diagonal) matrix taken as positive definite. */
  static final double MIN_PIVOT = 1e-12;

  /** The ridges tried, in order, when the sparse matrix is not positive definite. */
  private static final double[] RIDGES = {1e-10, 1e-7, 1e-4, 1e-1};

  /**
   * Products with the matrix one conjugate-gradient solve is taken to need when choosing it over a
   * factorisation; the household and crossed-grouping systems measured needed 35 to 60.
   */
  static final int ITERATIONS_ASSUMED = 500;

  /** The most products with the matrix one conjugate-gradient solve may take. */
  static final int MAX_ITERATIONS = 5_000;

  /** The largest ridge of a conjugate-gradient solve (see {@link #solveIterative}). */
  static final double MAX_ITERATIVE_RIDGE = 1e-6;

  /** Relative residual ‖AΔ − ∇‖ / ‖∇‖ at which a conjugate-gradient solve stops. */
  static final double ITERATIVE_TOLERANCE = 1e-8;

  private final CurvaturePattern pattern;
  private final int[] order;
  private final Method method;

  /** Entries of the sparse factor per column; null when the size alone chose the dense path. */
  private final int[] factorColumns;

  NewtonSystem(CurvaturePattern pattern, Method method) {
    this.pattern = pattern;
    this.order = degreeOrder(pattern);
    boolean small =
        method == Method.DENSE || method == Method.AUTOMATIC && pattern.size() <= DENSE_LIMIT;
    this.factorColumns = small || method == Method.ITERATIVE ? null : factorColumnCounts();
    if (small) {
      this.method = Method.DENSE;
    } else {
      this.method = method == Method.AUTOMATIC ? chooseForLargePattern() : method;
    }
  }

  /**
   * The cheapest way for more than {@link #DENSE_LIMIT} constraints, in operations: dense K³/3
   * (counted at a {@link #DENSE_SPEEDUP}th, its kernel being that much faster), sparse Σ L_j² over
   * the factor's columns, iterative {@link #ITERATIONS_ASSUMED} products with the pattern's 4·E
   * multiply-adds; a factorisation whose matrices would take more than a quarter of the heap is not
   * a candidate.
   */
  private Method chooseForLargePattern() {
    double k = pattern.size();
    double heapQuarter = Runtime.getRuntime().maxMemory() / 4.0;
    double sparseOperations = 0.0;
    for (int count : factorColumns) {
      sparseOperations += (double) count * count;
    }
    double denseOperations = k * k * k / 3.0 / DENSE_SPEEDUP;
    double iterativeOperations = ITERATIONS_ASSUMED * 4.0 * pattern.entries();
    boolean denseFits = 2.0 * k * k * Double.BYTES <= heapQuarter;
    boolean sparseFits = sparseFactorBytes() <= heapQuarter;
    double direct =
        Math.min(
            sparseFits ? sparseOperations : Double.POSITIVE_INFINITY,
            denseFits ? denseOperations : Double.POSITIVE_INFINITY);
    if (iterativeOperations < direct) {
      return Method.ITERATIVE;
    }
    return sparseFits && (sparseOperations <= denseOperations || !denseFits)
        ? Method.SPARSE
        : Method.DENSE;
  }

  /** The way the Newton steps are solved (never {@link Method#AUTOMATIC}). */
  Method method() {
    return method;
  }

  /**
   * Bytes one Newton step needs besides the sums: for the dense path the matrix and its copy (K²
   * each, 8 bytes an entry); for the sparse one the scaled matrix and its Cholesky factor (12 bytes
   * an entry: value and row index), whose size EJML's symbolic analysis tells without factorising;
   * for the iterative one the scaled matrix over the pattern and five vectors.
   */
  double stepBytes() {
    double k = pattern.size();
    return switch (method) {
      case DENSE -> 2.0 * k * k * Double.BYTES;
      case SPARSE -> sparseFactorBytes();
      default -> Double.BYTES * (pattern.entries() + 5.0 * k);
    };
  }

  /** The scaled matrix and its Cholesky factor, 12 bytes an entry. */
  private double sparseFactorBytes() {
    double factor = 0.0;
    for (int count : factorColumns) {
      factor += count;
    }
    return 12.0 * (pattern.entries() + factor);
  }

  /** Entries per column of the Cholesky factor in the sparse ordering (EJML, symbolic only). */
  private int[] factorColumnCounts() {
    boolean[] all = new boolean[pattern.size()];
    Arrays.fill(all, true);
    double[] ones = new double[pattern.entries()];
    Arrays.fill(ones, 1.0);
    double[] unit = new double[all.length];
    Arrays.fill(unit, 1.0);
    DMatrixSparseCSC structure = scaledMatrix(ones, new double[all.length], all, place(all), unit);
    int n = structure.numCols;
    int[] parent = new int[n];
    int[] post = new int[n];
    int[] counts = new int[n];
    TriangularSolver_DSCC.eliminationTree(structure, false, parent, null);
    TriangularSolver_DSCC.postorder(parent, n, post, null);
    new ColumnCounts_DSCC(false).process(structure, parent, post, counts);
    return counts;
  }

  /**
   * The Newton direction: Δ solving (C + diag(added)) Δ = gradient over the coordinates marked
   * {@code free}, 0 elsewhere; null when no factorisation succeeded or Δ is not finite.
   */
  double[] solve(double[] curvature, double[] added, double[] gradient, boolean[] free) {
    int m = gradient.length;
    double[] scale = new double[m];
    for (int j = 0; j < m; j++) {
      double d = curvature[pattern.diagonal(j)] + added[j];
      scale[j] = d > 0 ? 1.0 / Math.sqrt(d) : 1.0;
    }
    double[] direction =
        switch (method) {
          case SPARSE -> solveSparse(curvature, added, gradient, free, scale);
          case ITERATIVE -> solveIterative(curvature, added, gradient, free, scale);
          default -> solveDense(curvature, added, gradient, free, scale);
        };
    if (direction == null) {
      return null;
    }
    for (double component : direction) {
      if (!Double.isFinite(component)) {
        return null;
      }
    }
    return direction;
  }

  private double[] solveDense(
      double[] curvature, double[] added, double[] gradient, boolean[] free, double[] scale) {
    int m = gradient.length;
    int[] place = new int[m];
    int count = 0;
    for (int j = 0; j < m; j++) {
      place[j] = free[j] ? count++ : -1;
    }
    DMatrixRMaj matrix = new DMatrixRMaj(count, count);
    DMatrixRMaj right = new DMatrixRMaj(count, 1);
    forEachScaledEntry(
        curvature,
        added,
        free,
        scale,
        (a, b, position, value) -> {
          matrix.set(place[a], place[b], value);
          matrix.set(place[b], place[a], value);
        });
    for (int a = 0; a < m; a++) {
      if (free[a]) {
        right.set(place[a], 0, gradient[a] * scale[a]);
      }
    }
    DMatrixRMaj solution = new DMatrixRMaj(count, 1);
    LinearSolverDense<DMatrixRMaj> cholesky = LinearSolverFactory_DDRM.symmPosDef(count);
    if (cholesky.setA(matrix.copy()) && smallestDensePivot(cholesky) >= MIN_PIVOT) {
      cholesky.solve(right, solution);
    } else {
      LinearSolverDense<DMatrixRMaj> pseudo = LinearSolverFactory_DDRM.pseudoInverse(true);
      pseudo.setA(matrix);
      pseudo.solve(right, solution);
    }
    double[] direction = new double[m];
    for (int j = 0; j < m; j++) {
      if (free[j]) {
        direction[j] = solution.get(place[j]) * scale[j];
      }
    }
    return direction;
  }

  private double[] solveSparse(
      double[] curvature, double[] added, double[] gradient, boolean[] free, double[] scale) {
    int m = gradient.length;
    int[] place = place(free);
    int count = 0;
    for (int j = 0; j < m; j++) {
      count += free[j] ? 1 : 0;
    }
    DMatrixRMaj right = new DMatrixRMaj(count, 1);
    for (int j = 0; j < m; j++) {
      if (free[j]) {
        right.set(place[j], 0, gradient[j] * scale[j]);
      }
    }
    double ridge = 0.0;
    for (int attempt = 0; attempt <= RIDGES.length; attempt++) {
      DMatrixSparseCSC matrix = scaledMatrix(curvature, added, free, place, scale);
      addToDiagonal(matrix, ridge);
      LinearSolverSparse<DMatrixSparseCSC, DMatrixRMaj> cholesky =
          LinearSolverFactory_DSCC.cholesky(FillReducing.NONE);
      if (cholesky.setA(matrix) && (ridge > 0 || smallestPivot(cholesky) >= MIN_PIVOT)) {
        DMatrixRMaj solution = new DMatrixRMaj(count, 1);
        cholesky.solve(right.copy(), solution);
        double[] direction = new double[m];
        for (int j = 0; j < m; j++) {
          if (free[j]) {
            direction[j] = solution.get(place[j]) * scale[j];
          }
        }
        return direction;
      }
      if (attempt < RIDGES.length) {
        ridge = RIDGES[attempt];
      }
    }
    return null;
  }

  /**
   * Conjugate gradients (Commons Math) on the scaled matrix plus a ridge μ·I, from Δ = 0, to a
   * relative residual of {@link #ITERATIVE_TOLERANCE}: an inexact Newton step, whose error the next
   * step corrects. μ = min({@link #MAX_ITERATIVE_RIDGE}, ‖∇‖) (Levenberg–Marquardt with the
   * gradient's norm, which keeps Newton's quadratic convergence): targets that agree but were
   * rounded apart (a region's count and the sum of its cells') leave a sliver of ∇ outside the
   * range of a singular matrix, on which plain conjugate gradients diverge once the rest is solved
   * (a 5,411-cell household calibration stalled at a residual of 3e-7 for three steps); with the
   * ridge that sliver moves Δ by at most its share of ‖∇‖, along directions that leave the weights
   * unchanged. Past {@link #MAX_ITERATIONS}, or when a direction has no curvature, the iterate
   * reached is returned (Commons Math updates it in place) and the line search judges it.
   */
  private double[] solveIterative(
      double[] curvature, double[] added, double[] gradient, boolean[] free, double[] scale) {
    int m = gradient.length;
    double[] values = new double[pattern.entries()];
    forEachScaledEntry(
        curvature, added, free, scale, (a, b, position, value) -> values[position] = value);
    ArrayRealVector right = new ArrayRealVector(m);
    for (int j = 0; j < m; j++) {
      if (free[j]) {
        right.setEntry(j, gradient[j] * scale[j]);
      }
    }
    double ridge = Math.min(MAX_ITERATIVE_RIDGE, right.getNorm());
    for (int j = 0; j < m; j++) {
      if (free[j]) {
        values[pattern.diagonal(j)] += ridge;
      }
    }
    ArrayRealVector iterate = new ArrayRealVector(m);
    ConjugateGradient solver = new ConjugateGradient(MAX_ITERATIONS, ITERATIVE_TOLERANCE, true);
    RealVector solution;
    try {
      solution = solver.solveInPlace(new ScaledMatrix(values), right, iterate);
    } catch (MaxCountExceededException | NonPositiveDefiniteOperatorException stopped) {
      solution = iterate;
    }
    double[] direction = new double[m];
    for (int j = 0; j < m; j++) {
      if (free[j]) {
        direction[j] = solution.getEntry(j) * scale[j];
      }
    }
    return direction;
  }

  /** The scaled Newton matrix as the operator conjugate gradients multiply by. */
  private final class ScaledMatrix extends RealLinearOperator {
    private final double[] values;

    ScaledMatrix(double[] values) {
      this.values = values;
    }

    @Override
    public int getRowDimension() {
      return pattern.size();
    }

    @Override
    public int getColumnDimension() {
      return pattern.size();
    }

    @Override
    public RealVector operate(RealVector x) {
      return new ArrayRealVector(pattern.multiply(values, x.toArray()), false);
    }
  }

  /** The position of each free coordinate in the sparse ordering; -1 for the others. */
  private int[] place(boolean[] free) {
    int[] place = new int[free.length];
    Arrays.fill(place, -1);
    int count = 0;
    for (int j : order) {
      if (free[j]) {
        place[j] = count++;
      }
    }
    return place;
  }

  /** The upper triangle of the scaled matrix over the free coordinates, in the sparse ordering. */
  private DMatrixSparseCSC scaledMatrix(
      double[] curvature, double[] added, boolean[] free, int[] place, double[] scale) {
    int count = 0;
    int entries = 0;
    for (int a = 0; a < free.length; a++) {
      if (free[a]) {
        count++;
        for (int p = pattern.rowStart(a); p < pattern.rowStart(a + 1); p++) {
          entries += free[pattern.columnAt(p)] ? 1 : 0;
        }
      }
    }
    DMatrixSparseTriplet triplet = new DMatrixSparseTriplet(count, count, entries);
    forEachScaledEntry(
        curvature,
        added,
        free,
        scale,
        (a, b, position, value) ->
            triplet.addItem(Math.min(place[a], place[b]), Math.max(place[a], place[b]), value));
    DMatrixSparseCSC matrix = DConvertMatrixStruct.convert(triplet, (DMatrixSparseCSC) null);
    matrix.sortIndices(null);
    return matrix;
  }

  /** Receives one entry of the scaled Newton matrix's upper triangle and its pattern position. */
  private interface EntrySink {
    void accept(int row, int column, int position, double value);
  }

  /**
   * Gives {@code sink} each entry (a, b) of the pattern between free coordinates with its value in
   * the scaled Newton matrix: (C_ab + [a = b]·added_a)·scale_a·scale_b.
   */
  private void forEachScaledEntry(
      double[] curvature, double[] added, boolean[] free, double[] scale, EntrySink sink) {
    for (int a = 0; a < free.length; a++) {
      if (!free[a]) {
        continue;
      }
      for (int p = pattern.rowStart(a); p < pattern.rowStart(a + 1); p++) {
        int b = pattern.columnAt(p);
        if (free[b]) {
          double value = b == a ? curvature[p] + added[a] : curvature[p];
          sink.accept(a, b, p, value * scale[a] * scale[b]);
        }
      }
    }
  }

  /** Adds {@code ridge} to every diagonal entry (the last of its column: rows are sorted). */
  private static void addToDiagonal(DMatrixSparseCSC matrix, double ridge) {
    if (ridge == 0.0) {
      return;
    }
    for (int c = 0; c < matrix.numCols; c++) {
      matrix.nz_values[matrix.col_idx[c + 1] - 1] += ridge;
    }
  }

  /** The smallest squared diagonal entry of the Cholesky factor L (the smallest pivot). */
  private static double smallestPivot(LinearSolverSparse<DMatrixSparseCSC, DMatrixRMaj> solver) {
    CholeskySparseDecomposition_F64<DMatrixSparseCSC> decomposition = solver.getDecomposition();
    DMatrixSparseCSC factor = decomposition.getT(null);
    double smallest = Double.POSITIVE_INFINITY;
    for (int c = 0; c < factor.numCols; c++) {
      double diagonal = factor.get(c, c);
      smallest = Math.min(smallest, diagonal * diagonal);
    }
    return smallest;
  }

  /**
   * The smallest squared diagonal entry of the dense Cholesky factor (row-major, or in blocks as
   * EJML factorises large matrices). Not EJML's {@code quality()}: that is the product of the
   * factor's diagonal over its largest entry, which falls below any threshold as K grows (1e-14 at
   * K = 100 for a unit-diagonal matrix of off-diagonal 0.5, whose eigenvalues are all at least
   * 0.5), so every dense step above about a hundred constraints was solved by the pseudo-inverse
   * (an SVD, many times slower than the factorisation).
   */
  static double smallestDensePivot(LinearSolverDense<DMatrixRMaj> solver) {
    CholeskyDecomposition_F64<? extends DMatrix> decomposition = solver.getDecomposition();
    DMatrix factor = decomposition.getT(null);
    double smallest = Double.POSITIVE_INFINITY;
    for (int c = 0; c < factor.getNumCols(); c++) {
      double diagonal = factor.get(c, c);
      smallest = Math.min(smallest, diagonal * diagonal);
    }
    return smallest;
  }

  /** Coordinates by ascending number of coupled coordinates, ties by index. */
  private static int[] degreeOrder(CurvaturePattern pattern) {
    int[] degree = pattern.degrees();
    return IntStream.range(0, pattern.size())
        .boxed()
        .sorted(Comparator.<Integer>comparingInt(j -> degree[j]).thenComparingInt(j -> j))
        .mapToInt(Integer::intValue)
        .toArray();
  }
}
