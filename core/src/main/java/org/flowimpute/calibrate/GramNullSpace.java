package org.flowimpute.calibrate;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import org.ejml.data.DMatrixRMaj;

/**
 * The directions in one block of coupled constraints that leave some records' statistics unchanged:
 * the null space of their Gram matrix Σ_i F_i F_iᵀ, Jacobi-scaled by the curvature at the base
 * weights, from a Cholesky factorisation with diagonal pivoting (pivots up to 1e-10 of the largest
 * diagonal entry count as 0). A failed solve projects candidate Farkas certificates onto it; its
 * cost, up to K_b³/3 for a block of K_b constraints, is why only blocks up to {@link
 * EmmSolver#COUPLED_LIMIT} are searched.
 */
final class GramNullSpace {

  private final double[] scale;

  /**
   * Pivots of the Cholesky factorisation at most this fraction of the largest diagonal entry of the
   * scaled Gram matrix count as 0 (the rank is reached).
   */
  private static final double RANK_TOLERANCE = 1e-10;

  private final List<double[]> vectors;

  private GramNullSpace(double[] scale, List<double[]> vectors) {
    this.scale = scale;
    this.vectors = vectors;
  }

  /**
   * The null space over the {@code records} for which {@code counted} holds, in the coordinates of
   * {@code columns} (a block of {@link CoupledConstraints}; {@code local} maps a column of {@code
   * features} to its place there); {@code curvature} is each column's curvature at the base
   * weights, indexed as {@code features}' columns.
   */
  static GramNullSpace of(
      ConstraintMatrix features,
      int[] columns,
      int[] local,
      int[] records,
      IntPredicate counted,
      double[] curvature) {
    int m = columns.length;
    DMatrixRMaj gram = new DMatrixRMaj(m, m);
    for (int row : records) {
      if (!counted.test(row)) {
        continue;
      }
      for (int p = features.rowStart(row); p < features.rowStart(row + 1); p++) {
        int a = local[features.columnAt(p)];
        for (int r = features.rowStart(row); r < features.rowStart(row + 1); r++) {
          gram.add(a, local[features.columnAt(r)], features.valueAt(p) * features.valueAt(r));
        }
      }
    }
    double[] scale = new double[m];
    for (int a = 0; a < m; a++) {
      scale[a] = Math.sqrt(curvature[columns[a]]);
    }
    for (int a = 0; a < m; a++) {
      for (int b = 0; b < m; b++) {
        double norm = scale[a] * scale[b];
        gram.set(a, b, norm > 0 ? gram.get(a, b) / norm : 0.0);
      }
    }
    return new GramNullSpace(scale, orthonormal(nullBasis(gram, m)));
  }

  /**
   * A basis of the null space of the symmetric positive semidefinite {@code gram} (m×m, lower
   * triangle read, overwritten) from a Cholesky factorisation with diagonal pivoting, stopped where
   * every remaining pivot is at most {@link #RANK_TOLERANCE} of the largest diagonal entry: with
   * the pivoted matrix ≈ [L₁; L₂][L₁; L₂]ᵀ, L₁ of rank r, the null space is spanned by the columns
   * of [−L₁⁻ᵀL₂ᵀ; I]. It costs m²r/3 where the symmetric eigendecomposition it replaced cost
   * several m³ (about 20 s for 2,000 constraints).
   */
  private static List<double[]> nullBasis(DMatrixRMaj gram, int m) {
    double[][] g = new double[m][];
    double largest = 0.0;
    for (int i = 0; i < m; i++) {
      g[i] = new double[i + 1];
      for (int j = 0; j <= i; j++) {
        g[i][j] = gram.get(i, j);
      }
      largest = Math.max(largest, g[i][i]);
    }
    int[] order = new int[m];
    for (int i = 0; i < m; i++) {
      order[i] = i;
    }
    double threshold = RANK_TOLERANCE * largest;
    int rank = 0;
    while (rank < m) {
      int pivot = rank;
      for (int i = rank + 1; i < m; i++) {
        if (g[i][i] > g[pivot][pivot]) {
          pivot = i;
        }
      }
      if (!(g[pivot][pivot] > threshold)) {
        break;
      }
      swap(g, order, rank, pivot);
      int k = rank;
      double root = Math.sqrt(g[k][k]);
      g[k][k] = root;
      for (int i = k + 1; i < m; i++) {
        g[i][k] /= root;
      }
      for (int i = k + 1; i < m; i++) {
        double factor = g[i][k];
        double[] rowI = g[i];
        for (int j = k + 1; j <= i; j++) {
          rowI[j] -= factor * g[j][k];
        }
      }
      rank++;
    }
    List<double[]> basis = new ArrayList<>();
    for (int free = rank; free < m; free++) {
      double[] x = new double[m];
      x[free] = 1.0;
      for (int a = rank - 1; a >= 0; a--) {
        double sum = -g[free][a];
        for (int b = a + 1; b < rank; b++) {
          sum -= g[b][a] * x[b];
        }
        x[a] = sum / g[a][a];
      }
      double[] vector = new double[m];
      for (int i = 0; i < m; i++) {
        vector[order[i]] = x[i];
      }
      basis.add(vector);
    }
    return basis;
  }

  /** Swaps rows and columns {@code a} &lt; {@code b} of the lower triangle {@code g}. */
  private static void swap(double[][] g, int[] order, int a, int b) {
    if (a == b) {
      return;
    }
    int m = g.length;
    int keep = order[a];
    order[a] = order[b];
    order[b] = keep;
    double diagonal = g[a][a];
    g[a][a] = g[b][b];
    g[b][b] = diagonal;
    for (int j = 0; j < a; j++) {
      double t = g[a][j];
      g[a][j] = g[b][j];
      g[b][j] = t;
    }
    for (int i = a + 1; i < b; i++) {
      double t = g[i][a];
      g[i][a] = g[b][i];
      g[b][i] = t;
    }
    for (int i = b + 1; i < m; i++) {
      double t = g[i][a];
      g[i][a] = g[i][b];
      g[i][b] = t;
    }
  }

  /** {@code basis} made orthonormal (Gram–Schmidt, twice); vectors that vanish are dropped. */
  private static List<double[]> orthonormal(List<double[]> basis) {
    List<double[]> result = new ArrayList<>();
    for (double[] vector : basis) {
      double before = Math.sqrt(dot(vector, vector));
      for (int pass = 0; pass < 2; pass++) {
        for (double[] done : result) {
          double along = dot(done, vector);
          for (int i = 0; i < vector.length; i++) {
            vector[i] -= along * done[i];
          }
        }
      }
      double norm = Math.sqrt(dot(vector, vector));
      if (norm > 1e-8 * before) {
        for (int i = 0; i < vector.length; i++) {
          vector[i] /= norm;
        }
        result.add(vector);
      }
    }
    return result;
  }

  private static double dot(double[] x, double[] y) {
    double sum = 0.0;
    for (int i = 0; i < x.length; i++) {
      sum += x[i] * y[i];
    }
    return sum;
  }

  /**
   * {@code x} (in the block's coordinates, η's own) Jacobi-scaled, projected onto the null space
   * and scaled back: for η, its part along which the records' statistics stay put.
   */
  double[] projectedScaled(double[] x) {
    double[] scaled = new double[x.length];
    for (int a = 0; a < x.length; a++) {
      scaled[a] = x[a] * scale[a];
    }
    return projected(scaled);
  }

  /**
   * {@code x} divided by the Jacobi scale (0 where a column has no curvature), projected and scaled
   * back: for the gradient, the part of the targets that the records cannot move.
   */
  double[] projectedUnscaled(double[] x) {
    double[] scaled = new double[x.length];
    for (int a = 0; a < x.length; a++) {
      scaled[a] = scale[a] > 0 ? x[a] / scale[a] : 0.0;
    }
    return projected(scaled);
  }

  private double[] projected(double[] scaled) {
    int m = scaled.length;
    double[] direction = new double[m];
    for (double[] vector : vectors) {
      double along = dot(vector, scaled);
      for (int a = 0; a < m; a++) {
        double unscale = scale[a] > 0 ? 1.0 / scale[a] : 0.0;
        direction[a] += along * vector[a] * unscale;
      }
    }
    return direction;
  }
}
