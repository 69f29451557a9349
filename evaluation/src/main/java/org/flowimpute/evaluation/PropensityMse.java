package org.flowimpute.evaluation;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * Propensity-score mean squared error (Woo et al. 2009; Snoke et al. 2018): real and synthetic rows
 * are stacked, a logistic regression predicts "synthetic" from the row, and pMSE = Σ w_i (p_i − c)²
 * / Σ w_i over all N rows, c = Σ_synthetic w_i / Σ w_i. 0 means the model cannot tell the two
 * apart. Without weights every w_i is 1: pMSE = mean (p_i − c)², c = share of synthetic rows.
 *
 * <p>With survey weights the propensity model is fitted by weighted maximum likelihood
 * (pseudo-likelihood), so it compares the weighted distributions, the ones every other metric
 * compares. The weights of each side are first scaled to average 1 (survey weights sum to a
 * population, a synthetic table may have unit weights: only the shape of each side's weights
 * matters), so c is the share of synthetic rows with or without weights.
 *
 * <p>Null expectation. Under identical distributions a logistic model with m features (plus
 * intercept) has, by a score-test argument, E[pMSE] = m·c²(1 − c)²·(1/n_syn + 1/n_real) with n_side
 * = (Σ w)²/Σ w² the side's Kish (1965) effective sample size (weights independent of the features
 * within a side). Unweighted this is m·c(1 − c)/N (N·pMSE ≈ c(1 − c)·χ²_m). S_pMSE = pMSE / E[pMSE]
 * is about 1 for a synthesizer as good as resampling the real data, larger when the data are told
 * apart. The formula often quoted, m(1 − c)²c / N (Snoke et al. 2018), is smaller by the factor (1
 * − c): simulated null data sets average twice it at c = ½ (see PropensityMseTest and
 * docs/evaluation.md).
 *
 * <p>Features per target: signed-log value, zero flag and negative flag; features constant over the
 * stacked rows are dropped, the others standardized; m is their rank (a 0/1 target's value and zero
 * flag count once).
 */
public final class PropensityMse {

  /** Ridge penalty of the logistic fit: tiny, only to keep it finite under separation. */
  static final double LAMBDA = 1e-6;

  private static final int MAX_ITERATIONS = 100;

  /** Result of one fit; {@code features}: the rank m of the fitted features. */
  public record Result(double pmse, double nullExpectation, double standardized, int features) {}

  private PropensityMse() {}

  /** Unweighted pMSE of {@code real} vs {@code synthetic} target rows ({@code [row][k]}). */
  public static Result of(double[][] real, double[][] synthetic) {
    return of(real, null, synthetic, null);
  }

  /**
   * pMSE of {@code real} vs {@code synthetic} target rows ({@code [row][k]}), each side weighted by
   * its weights (null: every row weight 1; each side's weights are scaled to average 1).
   */
  public static Result of(
      double[][] real, double[] realWeights, double[][] synthetic, double[] syntheticWeights) {
    int n = real.length + synthetic.length;
    double[][] raw = new double[n][];
    double[] y = new double[n];
    double[] w = new double[n];
    double[] wr = normalized(realWeights, real.length);
    double[] ws = normalized(syntheticWeights, synthetic.length);
    for (int i = 0; i < real.length; i++) {
      raw[i] = features(real[i]);
      w[i] = wr[i];
    }
    for (int i = 0; i < synthetic.length; i++) {
      raw[real.length + i] = features(synthetic[i]);
      y[real.length + i] = 1;
      w[real.length + i] = ws[i];
    }
    double[][] x = standardizedNonConstant(raw);
    int m = rank(x);
    double c = synthetic.length / (double) n;
    double[] p = m == 0 ? constant(n, c) : fit(x, y, w, c);
    double sum = 0;
    double total = 0;
    for (int i = 0; i < n; i++) {
      sum += w[i] * (p[i] - c) * (p[i] - c);
      total += w[i];
    }
    double pmse = sum / total;
    double expected =
        realWeights == null && syntheticWeights == null
            ? nullExpectation(m, c, n)
            : nullExpectation(m, c, kish(ws), kish(wr));
    return new Result(pmse, expected, expected == 0 ? Double.NaN : pmse / expected, m);
  }

  /** E[pMSE] under identical distributions for a logistic model with m features: m·c(1-c)/N. */
  public static double nullExpectation(int features, double c, int rows) {
    return features * c * (1 - c) / rows;
  }

  /**
   * E[pMSE] under identical weighted distributions: m·c²(1-c)²·(1/n_syn + 1/n_real), n the Kish
   * effective sample sizes of the two sides (equal to m·c(1-c)/N for unit weights).
   */
  public static double nullExpectation(
      int features, double c, double kishSynthetic, double kishReal) {
    return features * c * c * (1 - c) * (1 - c) * (1 / kishSynthetic + 1 / kishReal);
  }

  /** Kish effective sample size (Σ w)² / Σ w². */
  static double kish(double[] w) {
    double s = 0;
    double s2 = 0;
    for (double v : w) {
      s += v;
      s2 += v * v;
    }
    return s * s / s2;
  }

  private static double[] normalized(double[] weights, int rows) {
    double[] out = new double[rows];
    if (weights == null) {
      java.util.Arrays.fill(out, 1);
      return out;
    }
    if (weights.length != rows) {
      throw new IllegalArgumentException(weights.length + " weights for " + rows + " rows");
    }
    double largest = 0;
    for (double v : weights) {
      largest = Math.max(largest, v);
    }
    double sum = 0;
    for (double v : weights) {
      sum += v / largest;
    }
    for (int i = 0; i < rows; i++) {
      out[i] = weights[i] / largest * rows / sum;
    }
    return out;
  }

  private static double[] constant(int n, double c) {
    double[] p = new double[n];
    java.util.Arrays.fill(p, c);
    return p;
  }

  /**
   * Weighted logistic regression by Newton's method with step halving: maximizes Σ w_i log L_i −
   * ½·LAMBDA·|β|² (intercept not penalized); returns the fitted probabilities.
   */
  static double[] fit(double[][] x, double[] y, double[] w, double c) {
    int n = x.length;
    int d = x[0].length + 1;
    double[] beta = new double[d];
    beta[0] = Math.log(c / (1 - c));
    double[] eta = new double[n];
    double objective = objective(x, y, w, beta, eta);
    for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
      double[] gradient = new double[d];
      double[][] hessian = new double[d][d];
      double[] row = new double[d];
      for (int i = 0; i < n; i++) {
        row[0] = 1;
        System.arraycopy(x[i], 0, row, 1, d - 1);
        double pi = sigmoid(eta[i]);
        double r = w[i] * (y[i] - pi);
        double v = w[i] * pi * (1 - pi);
        for (int a = 0; a < d; a++) {
          gradient[a] += r * row[a];
          for (int b = 0; b <= a; b++) {
            hessian[a][b] += v * row[a] * row[b];
          }
        }
      }
      for (int a = 1; a < d; a++) {
        gradient[a] -= LAMBDA * beta[a];
        hessian[a][a] += LAMBDA;
      }
      hessian[0][0] += 1e-12;
      double[] step = choleskySolve(hessian, gradient);
      double scale = 1;
      double[] trial = new double[d];
      double[] trialEta = new double[n];
      double trialObjective = Double.NEGATIVE_INFINITY;
      for (int halving = 0; halving < 40; halving++) {
        for (int a = 0; a < d; a++) {
          trial[a] = beta[a] + scale * step[a];
        }
        trialObjective = objective(x, y, w, trial, trialEta);
        if (trialObjective >= objective) {
          break;
        }
        scale /= 2;
      }
      if (!(trialObjective >= objective)) {
        break;
      }
      double gain = trialObjective - objective;
      System.arraycopy(trial, 0, beta, 0, d);
      System.arraycopy(trialEta, 0, eta, 0, n);
      objective = trialObjective;
      if (gain <= 1e-12 * Math.max(1, Math.abs(objective))) {
        break;
      }
    }
    double[] p = new double[n];
    for (int i = 0; i < n; i++) {
      p[i] = sigmoid(eta[i]);
    }
    return p;
  }

  private static double objective(
      double[][] x, double[] y, double[] w, double[] beta, double[] eta) {
    double sum = 0;
    for (int i = 0; i < x.length; i++) {
      double e = beta[0];
      for (int a = 1; a < beta.length; a++) {
        e += beta[a] * x[i][a - 1];
      }
      eta[i] = e;
      // log L = y·e − log(1 + exp(e)), computed stably
      double softplus = e > 0 ? e + Math.log1p(Math.exp(-e)) : Math.log1p(Math.exp(e));
      sum += w[i] * (y[i] * e - softplus);
    }
    double penalty = 0;
    for (int a = 1; a < beta.length; a++) {
      penalty += beta[a] * beta[a];
    }
    return sum - 0.5 * LAMBDA * penalty;
  }

  private static double sigmoid(double e) {
    return e >= 0 ? 1 / (1 + Math.exp(-e)) : Math.exp(e) / (1 + Math.exp(e));
  }

  /** Solves H s = g for a symmetric positive definite H given by its lower triangle. */
  private static double[] choleskySolve(double[][] h, double[] g) {
    int d = g.length;
    double[][] l = new double[d][d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j <= i; j++) {
        double s = h[i][j];
        for (int k = 0; k < j; k++) {
          s -= l[i][k] * l[j][k];
        }
        if (i == j) {
          l[i][i] = Math.sqrt(Math.max(s, 1e-300));
        } else {
          l[i][j] = s / l[j][j];
        }
      }
    }
    double[] z = new double[d];
    for (int i = 0; i < d; i++) {
      double s = g[i];
      for (int k = 0; k < i; k++) {
        s -= l[i][k] * z[k];
      }
      z[i] = s / l[i][i];
    }
    double[] out = new double[d];
    for (int i = d - 1; i >= 0; i--) {
      double s = z[i];
      for (int k = i + 1; k < d; k++) {
        s -= l[k][i] * out[k];
      }
      out[i] = s / l[i][i];
    }
    return out;
  }

  private static double[] features(double[] targets) {
    double[] out = new double[3 * targets.length];
    for (int t = 0; t < targets.length; t++) {
      out[3 * t] = SignedLog.of(targets[t]);
      out[3 * t + 1] = targets[t] == 0 ? 1 : 0;
      out[3 * t + 2] = targets[t] < 0 ? 1 : 0;
    }
    return out;
  }

  /**
   * The rank of the standardized features: the degrees of freedom of the null expectation. A 0/1
   * target's value and its zero flag are one feature twice (value = 1 − flag); counted as two they
   * doubled its null expectation and halved its S_pMSE. Computed from the features' Gram matrix
   * (singular values below 1e-9 of the largest count as zero).
   */
  static int rank(double[][] x) {
    int m = x.length == 0 ? 0 : x[0].length;
    if (m == 0) {
      return 0;
    }
    double[][] gram = new double[m][m];
    for (double[] row : x) {
      for (int a = 0; a < m; a++) {
        for (int b = a; b < m; b++) {
          gram[a][b] += row[a] * row[b];
        }
      }
    }
    for (int a = 0; a < m; a++) {
      for (int b = 0; b < a; b++) {
        gram[a][b] = gram[b][a];
      }
    }
    double[] singular =
        new SingularValueDecomposition(MatrixUtils.createRealMatrix(gram)).getSingularValues();
    int rank = 0;
    for (double value : singular) {
      rank += value > 1e-9 * singular[0] ? 1 : 0;
    }
    return rank;
  }

  private static double[][] standardizedNonConstant(double[][] raw) {
    int width = raw[0].length;
    List<double[]> kept = new ArrayList<>();
    for (int f = 0; f < width; f++) {
      double mean = 0;
      for (double[] row : raw) {
        mean += row[f] / raw.length;
      }
      double variance = 0;
      for (double[] row : raw) {
        variance += (row[f] - mean) * (row[f] - mean) / raw.length;
      }
      if (variance > 1e-12) {
        kept.add(new double[] {f, mean, Math.sqrt(variance)});
      }
    }
    double[][] out = new double[raw.length][kept.size()];
    for (int i = 0; i < raw.length; i++) {
      for (int j = 0; j < kept.size(); j++) {
        double[] s = kept.get(j);
        out[i][j] = (raw[i][(int) s[0]] - s[1]) / s[2];
      }
    }
    return out;
  }
}
