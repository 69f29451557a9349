package org.flowimpute.evaluation;

import java.util.List;

/**
 * Everything metrics.json holds: what was compared, each method's metrics (the model first, then
 * the baselines) and, when calibration-window reports were given, their summary.
 */
public record EvaluationReport(
    Inputs inputs, List<MethodMetrics> methods, CalibrationWindows.Summary calibration) {

  /**
   * What was compared.
   *
   * @param real the real table
   * @param synthetic the model's synthetic table
   * @param donors the table the baselines drew from (the training data, else the real table)
   * @param holdout the holdout table of the DCR check, or null
   * @param model the model bundle of the CRPS draws, or null
   * @param draws draws per record for CRPS (0: none)
   * @param seed seed of the baselines and the draws
   * @param targets compared targets
   * @param by group-by columns of the per-category errors
   * @param cells hot-deck cell columns
   * @param weight weight column, or null
   * @param syntheticWeighted whether the synthetic rows were weighted by {@code weight}: false when
   *     there is none or the synthetic table lacks that column (its rows then count once each)
   * @param realRows rows of the real table
   * @param syntheticRows rows of the synthetic table
   * @param dcrColumns the columns the DCR compares (conditions, then targets), or null without a
   *     holdout
   */
  public record Inputs(
      String real,
      String synthetic,
      String donors,
      String holdout,
      String model,
      int draws,
      long seed,
      List<String> targets,
      List<String> by,
      List<String> cells,
      String weight,
      boolean syntheticWeighted,
      int realRows,
      int syntheticRows,
      List<String> dcrColumns) {}
}
