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
 * sex; donors of the whole table when the cell has none). A model that does not beat them on the
 * conditional metrics has learned nothing a lookup table would not give.
 */
public final class Baselines {

  private final TargetTable donors;
  private final List<String> cellColumns;
  private final Map<String, List<Integer>> donorsByCell = new HashMap<>();

  private Baselines(TargetTable donors, List<String> cellColumns) {
    this.donors = donors;
    this.cellColumns = List.copyOf(cellColumns);
    for (int r = 0; r < donors.rows(); r++) {
      donorsByCell.computeIfAbsent(donors.cell(r, cellColumns), c -> new ArrayList<>()).add(r);
    }
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
        out[d][r] = donors.values()[random.nextInt(donors.rows())].clone();
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
        List<Integer> pool = donorsByCell.get(recipients.cell(r, cellColumns));
        int donor =
            pool == null ? random.nextInt(donors.rows()) : pool.get(random.nextInt(pool.size()));
        out[d][r] = donors.values()[donor].clone();
      }
    }
    return out;
  }
}
