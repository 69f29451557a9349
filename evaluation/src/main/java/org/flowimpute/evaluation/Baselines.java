package org.flowimpute.evaluation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The two baselines every evaluation shows beside the model, drawn from donor rows (the training
 * data) for each recipient row (the real rows being imputed): <b>unconditional resampling</b> (all
 * targets of a random donor row: the marginal, joint across targets, ignoring the conditions) and
 * <b>hot-deck by cell</b> (all targets of a random donor of the recipient's cell, e.g. region ×
 * sex; donors of the whole table when the cell has none). Donors are drawn with probability
 * proportional to their survey weight (uniformly when the donor table is unweighted), so a baseline
 * follows the donors' weighted distribution. A model that does not beat them on the conditional
 * metrics has learned nothing a lookup table would not give.
 */
public final class Baselines {

  private final TargetTable donors;
  private final List<String> cellColumns;
  private final DonorPool all;
  private final Map<String, DonorPool> donorsByCell = new HashMap<>();

  private Baselines(TargetTable donors, List<String> cellColumns) {
    this.donors = donors;
    this.cellColumns = List.copyOf(cellColumns);
    List<Integer> rows = new ArrayList<>();
    Map<String, List<Integer>> rowsByCell = new HashMap<>();
    for (int r = 0; r < donors.rows(); r++) {
      rows.add(r);
      rowsByCell.computeIfAbsent(donors.cell(r, cellColumns), c -> new ArrayList<>()).add(r);
    }
    this.all = DonorPool.of(rows, donors.weights());
    rowsByCell.forEach(
        (cell, members) -> donorsByCell.put(cell, DonorPool.of(members, donors.weights())));
  }

  /** Baselines drawing from {@code donors}, with hot-deck cells formed by {@code cellColumns}. */
  public static Baselines from(TargetTable donors, List<String> cellColumns) {
    for (String column : cellColumns) {
      if (!donors.groups().containsKey(column)) {
        throw new IllegalArgumentException("donor table has no cell column '" + column + "'");
      }
    }
    return new Baselines(donors, cellColumns);
  }

  /** One unconditional draw per recipient row, as a table aligned with {@code recipients}. */
  public TargetTable unconditional(TargetTable recipients, long seed) {
    return recipients.withValues(unconditionalDraws(recipients, 1, seed)[0]);
  }

  /** {@code draws} unconditional draws per recipient: {@code [draw][row][k]}. */
  public double[][][] unconditionalDraws(TargetTable recipients, int draws, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[][][] out = new double[draws][recipients.rows()][];
    for (int d = 0; d < draws; d++) {
      for (int r = 0; r < recipients.rows(); r++) {
        out[d][r] = donors.values()[all.draw(random)].clone();
      }
    }
    return out;
  }

  /** {@code draws} hot-deck draws per recipient: {@code [draw][row][k]}. */
  public double[][][] hotDeckDraws(TargetTable recipients, int draws, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[][][] out = new double[draws][recipients.rows()][];
    for (int d = 0; d < draws; d++) {
      for (int r = 0; r < recipients.rows(); r++) {
        DonorPool pool = donorsByCell.getOrDefault(recipients.cell(r, cellColumns), all);
        out[d][r] = donors.values()[pool.draw(random)].clone();
      }
    }
    return out;
  }
}
