package org.flowimpute.evaluation;

import java.util.ArrayList;
import java.util.List;

/**
 * The comparison every evaluation reports: the model's synthetic table, then the hot-deck and the
 * unconditional-resampling baselines drawn in the same run for the same real rows, all scored by
 * the same {@link Evaluator}. With model draws for CRPS, each baseline gets as many draws per row.
 */
public final class ModelVsBaselines {

  /** Method names in the report. */
  public static final String HOT_DECK = "hot-deck";

  public static final String UNCONDITIONAL = "unconditional resampling";

  private ModelVsBaselines() {}

  /**
   * Metrics of the model and both baselines, model first.
   *
   * @param modelDraws the model's draws for the real rows {@code [draw][row][k]}, or null
   * @param seed seed of the baselines (unconditional seed + 1, hot-deck seed + 2)
   */
  public static List<MethodMetrics> evaluate(
      Evaluator evaluator,
      TargetTable real,
      String modelName,
      TargetTable synthetic,
      double[][][] modelDraws,
      Baselines baselines,
      long seed) {
    int draws = modelDraws == null ? 1 : modelDraws.length;
    double[][][] hotDeck = baselines.hotDeckDraws(real, draws, seed + 2);
    double[][][] unconditional = baselines.unconditionalDraws(real, draws, seed + 1);
    List<MethodMetrics> out = new ArrayList<>();
    out.add(evaluator.evaluate(modelName, real, synthetic, modelDraws));
    out.add(
        evaluator.evaluate(
            HOT_DECK, real, real.withValues(hotDeck[0]), modelDraws == null ? null : hotDeck));
    out.add(
        evaluator.evaluate(
            UNCONDITIONAL,
            real,
            real.withValues(unconditional[0]),
            modelDraws == null ? null : unconditional));
    return out;
  }
}
