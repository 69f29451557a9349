package org.flowimpute.evaluation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;

/**
 * The sampling-noise level of the per-category mean error: the error a model would show although it
 * drew from the right distribution, only because the real test rows and the imputed ones are finite
 * samples. Each category's real rows stand in for the population of that category; a pair of
 * independent samples of the category's size is drawn from them with replacement, one playing the
 * real rows and the other the imputed ones, and the category errors of {@link FidelityMetrics} are
 * averaged over many pairs. This is the expected error of a model that draws from the exact
 * distribution of each category but ignores the conditions within it; a model that also uses them
 * (and is exact) has less spread per row and so a somewhat lower level.
 */
public final class CategoryErrorNoise {

  /**
   * Expected category errors under resampling, averaged over the targets where they are defined
   * (not every category mean of the sample playing the real rows 0).
   *
   * @param meanError mean over pairs of the mean-over-categories error
   * @param sdError standard deviation over pairs of that error
   * @param pooledError mean over pairs of the pooled error
   */
  public record Level(double meanError, double sdError, double pooledError) {}

  private CategoryErrorNoise() {}

  /**
   * The level for the target columns {@code real} ({@code [row][k]}) grouped by {@code categories},
   * over {@code pairs} resampled pairs.
   *
   * @throws IllegalArgumentException when pairs is not positive or the arrays differ in length
   */
  public static Level of(String[] categories, double[][] real, int pairs, long seed) {
    if (pairs < 1) {
      throw new IllegalArgumentException("pairs must be >= 1, got " + pairs);
    }
    if (categories.length != real.length || real.length == 0) {
      throw new IllegalArgumentException(
          categories.length + " category labels for " + real.length + " rows");
    }
    Map<String, List<Integer>> rowsByCategory = new LinkedHashMap<>();
    for (int r = 0; r < categories.length; r++) {
      rowsByCategory.computeIfAbsent(categories[r], c -> new ArrayList<>()).add(r);
    }
    int k = real[0].length;
    SplittableRandom random = new SplittableRandom(seed);
    SummaryStatistics error = new SummaryStatistics();
    SummaryStatistics pooled = new SummaryStatistics();
    for (int p = 0; p < pairs; p++) {
      double[][] first = new double[rowsByCategory.size()][];
      double[][] second = new double[rowsByCategory.size()][];
      int c = 0;
      for (List<Integer> rows : rowsByCategory.values()) {
        first[c] = resampledMeans(real, rows, k, random);
        second[c] = resampledMeans(real, rows, k, random);
        c++;
      }
      double[] relativeError = new double[k];
      double[] pooledError = new double[k];
      for (int t = 0; t < k; t++) {
        double relative = 0;
        int counted = 0;
        double numerator = 0;
        double denominator = 0;
        for (c = 0; c < first.length; c++) {
          double gap = Math.abs(second[c][t] - first[c][t]);
          if (first[c][t] != 0) {
            relative += gap / Math.abs(first[c][t]);
            counted++;
          }
          numerator += gap;
          denominator += Math.abs(first[c][t]);
        }
        relativeError[t] = counted == 0 ? Double.NaN : relative / counted;
        pooledError[t] = denominator == 0 ? Double.NaN : numerator / denominator;
      }
      addDefined(error, FidelityMetrics.meanOfDefined(relativeError));
      addDefined(pooled, FidelityMetrics.meanOfDefined(pooledError));
    }
    return new Level(error.getMean(), error.getStandardDeviation(), pooled.getMean());
  }

  private static void addDefined(SummaryStatistics statistics, double value) {
    if (!Double.isNaN(value)) {
      statistics.addValue(value);
    }
  }

  /** Target means of {@code rows.size()} rows drawn from {@code rows} with replacement. */
  private static double[] resampledMeans(
      double[][] real, List<Integer> rows, int k, SplittableRandom random) {
    double[] means = new double[k];
    for (int i = 0; i < rows.size(); i++) {
      double[] row = real[rows.get(random.nextInt(rows.size()))];
      for (int t = 0; t < k; t++) {
        means[t] += row[t] / rows.size();
      }
    }
    return means;
  }
}
