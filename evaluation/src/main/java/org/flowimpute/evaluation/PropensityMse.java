package org.flowimpute.evaluation;

import java.util.ArrayList;
import java.util.List;
import smile.classification.LogisticRegression;

/**
 * Propensity-score mean squared error (Woo et al. 2009; Snoke et al. 2018): real and synthetic rows
 * are stacked, a logistic regression (Smile) predicts "synthetic" from the row, and pMSE = mean
 * over all N rows of (p_i − c)², c = share of synthetic rows. 0 means the model cannot tell the two
 * apart. Under the null of identical distributions a logistic model with m features (plus
 * intercept) has E[pMSE] = m·c(1 − c) / N (score-test argument: N·pMSE ≈ c(1 − c)·χ²_m); S_pMSE =
 * pMSE / E[pMSE] is about 1 for a synthesizer as good as resampling the real data, larger when the
 * data are told apart. The formula often quoted, m(1 − c)²c / N (Snoke et al. 2018), is smaller by
 * the factor (1 − c): simulated null data sets average twice it at c = ½ (see PropensityMseTest and
 * docs/evaluation.md).
 *
 * <p>Features per target: signed-log value, zero flag and negative flag; features constant over the
 * stacked rows are dropped, the others standardized. Unweighted.
 */
public final class PropensityMse {

  /** Ridge penalty of the logistic fit: tiny, only to keep it finite under separation. */
  static final double LAMBDA = 1e-6;

  /** Result of one fit. */
  public record Result(double pmse, double nullExpectation, double standardized, int features) {}

  private PropensityMse() {}

  /** pMSE of {@code real} vs {@code synthetic} target rows ({@code [row][k]}). */
  public static Result of(double[][] real, double[][] synthetic) {
    int n = real.length + synthetic.length;
    double[][] raw = new double[n][];
    int[] label = new int[n];
    for (int i = 0; i < real.length; i++) {
      raw[i] = features(real[i]);
    }
    for (int i = 0; i < synthetic.length; i++) {
      raw[real.length + i] = features(synthetic[i]);
      label[real.length + i] = 1;
    }
    double[][] x = standardizedNonConstant(raw);
    int m = x[0].length;
    double c = synthetic.length / (double) n;
    double[] p = new double[n];
    if (m == 0) {
      java.util.Arrays.fill(p, c);
    } else {
      LogisticRegression model = LogisticRegression.binomial(x, label, LAMBDA, 1e-6, 500);
      double[] posterior = new double[2];
      for (int i = 0; i < n; i++) {
        model.predict(x[i], posterior);
        p[i] = posterior[1];
      }
    }
    double sum = 0;
    for (double pi : p) {
      sum += (pi - c) * (pi - c);
    }
    double pmse = sum / n;
    double expected = nullExpectation(m, c, n);
    return new Result(pmse, expected, expected == 0 ? Double.NaN : pmse / expected, m);
  }

  /** E[pMSE] under identical distributions for a logistic model with m features: m·c(1-c)/N. */
  public static double nullExpectation(int features, double c, int rows) {
    return features * c * (1 - c) / rows;
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
