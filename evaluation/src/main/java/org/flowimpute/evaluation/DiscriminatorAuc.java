package org.flowimpute.evaluation;

import java.util.Arrays;
import java.util.SplittableRandom;
import smile.classification.GradientTreeBoost;
import smile.data.DataFrame;
import smile.data.Tuple;
import smile.data.formula.Formula;
import smile.data.vector.IntVector;

/**
 * How well gradient-boosted trees tell real rows from imputed rows (0.5 = indistinguishable):
 * features are the conditions, the signed-log targets sign(x)·log1p|x| and zero/negative flags;
 * out-of-fold predictions from k-fold cross-validation; AUC by the Mann–Whitney statistic.
 */
public final class DiscriminatorAuc {

  private static final String LABEL = "is_real";

  private DiscriminatorAuc() {}

  /**
   * The out-of-fold AUC.
   *
   * @param conditions [rows][c] numeric conditions (the same for real and imputed rows)
   * @param real [rows][k] real targets
   * @param imputed [rows][k] imputed targets for the same rows
   */
  public static double auc(
      double[][] conditions, double[][] real, double[][] imputed, int folds, long seed) {
    int rows = conditions.length;
    double[][] features = new double[2 * rows][];
    int[] labels = new int[2 * rows];
    for (int i = 0; i < rows; i++) {
      features[i] = features(conditions[i], real[i]);
      labels[i] = 1;
      features[rows + i] = features(conditions[i], imputed[i]);
    }
    String[] names = new String[features[0].length];
    for (int f = 0; f < names.length; f++) {
      names[f] = "f" + f;
    }
    int[] fold = new int[2 * rows];
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < fold.length; i++) {
      fold[i] = random.nextInt(folds);
    }
    double[] score = new double[2 * rows];
    for (int k = 0; k < folds; k++) {
      final int held = k;
      int[] trainIdx =
          java.util.stream.IntStream.range(0, fold.length).filter(i -> fold[i] != held).toArray();
      double[][] x = Arrays.stream(trainIdx).mapToObj(i -> features[i]).toArray(double[][]::new);
      int[] y = Arrays.stream(trainIdx).map(i -> labels[i]).toArray();
      DataFrame frame = DataFrame.of(x, names).merge(IntVector.of(LABEL, y));
      GradientTreeBoost model =
          GradientTreeBoost.fit(Formula.lhs(LABEL), frame, 100, 20, 6, 5, 0.1, 0.7);
      DataFrame schema = DataFrame.of(new double[][] {features[0]}, names);
      for (int i = 0; i < fold.length; i++) {
        if (fold[i] == held) {
          double[] posterior = new double[2];
          Tuple tuple = Tuple.of(features[i], schema.schema());
          model.predict(tuple, posterior);
          score[i] = posterior[1];
        }
      }
    }
    return auc(score, labels);
  }

  private static double[] features(double[] conditions, double[] targets) {
    double[] out = new double[conditions.length + 3 * targets.length];
    System.arraycopy(conditions, 0, out, 0, conditions.length);
    int at = conditions.length;
    for (double x : targets) {
      out[at++] = Math.signum(x) * Math.log1p(Math.abs(x));
      out[at++] = x == 0 ? 1 : 0;
      out[at++] = x < 0 ? 1 : 0;
    }
    return out;
  }

  /** Mann–Whitney AUC of scores for label 1 vs label 0 (ties count half). */
  static double auc(double[] score, int[] labels) {
    Integer[] order = new Integer[score.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(score[a], score[b]));
    double rankSumPositive = 0;
    long positives = 0;
    int i = 0;
    while (i < order.length) {
      int j = i;
      while (j + 1 < order.length && score[order[j + 1]] == score[order[i]]) {
        j++;
      }
      double rank = (i + j) / 2.0 + 1;
      for (int t = i; t <= j; t++) {
        if (labels[order[t]] == 1) {
          rankSumPositive += rank;
          positives++;
        }
      }
      i = j + 1;
    }
    long negatives = score.length - positives;
    return (rankSumPositive - positives * (positives + 1) / 2.0) / (positives * (double) negatives);
  }
}
