package org.flowimpute.calibrate;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The directions in one block of coupled constraints that leave some records' statistics unchanged:
 * the null space of their Gram matrix Σ_i F_i F_iᵀ, Jacobi-scaled by the curvature at the base
 * weights, from a symmetric eigendecomposition (eigenvalues up to 1e-10 of the largest count as 0).
 * A failed solve projects candidate Farkas certificates onto it; its cost, K_b³ for a block of K_b
 * constraints, is why only blocks up to {@link EmmSolver#COUPLED_LIMIT} are searched.
 */
final class GramNullSpace {

  private final double[] scale;
  private final List<DMatrixRMaj> vectors;

  private GramNullSpace(double[] scale, List<DMatrixRMaj> vectors) {
    this.scale = scale;
    this.vectors = vectors;
  }

  /**
   * The null space over the {@code records} for which {@code counted} holds, in the coordinates of
   * {@code columns} (a block of {@link CoupledConstraints}; {@code local} maps a column of {@code
   * features} to its place there); {@code curvature} is each column's curvature at the base
   * weights, indexed as {@code features}' columns. Null when the decomposition fails.
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
    EigenDecomposition_F64<DMatrixRMaj> eigen = DecompositionFactory_DDRM.eig(m, true, true);
    if (!eigen.decompose(gram)) {
      return null;
    }
    double top = 0.0;
    for (int e = 0; e < m; e++) {
      top = Math.max(top, Math.abs(eigen.getEigenvalue(e).getReal()));
    }
    List<DMatrixRMaj> vectors = new ArrayList<>();
    for (int e = 0; e < m; e++) {
      if (Math.abs(eigen.getEigenvalue(e).getReal()) <= 1e-10 * top) {
        vectors.add(eigen.getEigenVector(e));
      }
    }
    return new GramNullSpace(scale, vectors);
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
    for (DMatrixRMaj vector : vectors) {
      double along = 0.0;
      for (int a = 0; a < m; a++) {
        along += vector.get(a) * scaled[a];
      }
      for (int a = 0; a < m; a++) {
        double unscale = scale[a] > 0 ? 1.0 / scale[a] : 0.0;
        direction[a] += along * vector.get(a) * unscale;
      }
    }
    return direction;
  }
}
