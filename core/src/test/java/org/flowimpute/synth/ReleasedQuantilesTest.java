package org.flowimpute.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/**
 * The quantiles of {@code synthesis.json} give away no value of fewer than K rows (a reviewer's
 * findings of 2026-12-03): every released quantile, and every value drawn from them, lies within
 * its group's K-th smallest and K-th largest values, and one heavy row cannot make its value a
 * quantile.
 */
class ReleasedQuantilesTest {

  private static final int K = 10;

  /** Rents of 300..1500 on 100 rows of weight 1 in one cell, the three largest planted. */
  private static double[] rents() {
    Random random = new Random(5);
    double[] rent = new double[100];
    for (int i = 0; i < rent.length; i++) {
      rent[i] = Math.round((300 + 1200 * random.nextDouble()) * 100) / 100.0;
    }
    rent[0] = 5555.55;
    rent[1] = 4444.44;
    rent[2] = 3210.98;
    return rent;
  }

  private static ConditionSynthesis fitOneCell(Map<String, double[]> numeric, double[] weights) {
    String[] cell = new String[weights.length];
    Arrays.fill(cell, "a");
    return ConditionSynthesisFitter.fit(Map.of("g", cell), numeric, weights, K);
  }

  private static double[] ones(int rows) {
    double[] weights = new double[rows];
    Arrays.fill(weights, 1);
    return weights;
  }

  private static double kthSmallest(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[K - 1];
  }

  private static double kthLargest(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length - K];
  }

  /** Every released quantile list of {@code name}: over all rows and of each cell. */
  private static List<List<Double>> quantileLists(ConditionSynthesis synthesis, String name) {
    int k = synthesis.numeric().stream().map(n -> n.name()).toList().indexOf(name);
    List<List<Double>> out = new ArrayList<>();
    out.add(synthesis.numeric().get(k).quantiles());
    synthesis.cells().forEach(cell -> out.add(cell.quantiles().get(k)));
    return out;
  }

  /**
   * With equal weights on 100 rows the end quantiles were the 3rd smallest and largest values (and
   * a value interpolated toward the planted 5,555.55); a household of 12 among sizes 1..6 made the
   * last quantile 9.9, and children 7 on 3 rows made it above 3.
   */
  @Test
  void equalWeightsKeepEveryQuantileWithinTheKthValues() {
    double[] rent = rents();
    double[] hhSize = new double[100];
    double[] children = new double[100];
    for (int i = 0; i < 100; i++) {
      hhSize[i] = 1 + i % 6;
      children[i] = i % 4;
    }
    hhSize[50] = 12;
    children[3] = 7;
    children[4] = 7;
    children[5] = 7;
    Map<String, double[]> numeric = new LinkedHashMap<>();
    numeric.put("rent", rent);
    numeric.put("hh_size", hhSize);
    numeric.put("children", children);

    ConditionSynthesis synthesis = fitOneCell(numeric, ones(100));

    for (Map.Entry<String, double[]> column : numeric.entrySet()) {
      for (List<Double> quantiles : quantileLists(synthesis, column.getKey())) {
        assertTrue(
            quantiles.get(0) >= kthSmallest(column.getValue()),
            column.getKey() + ": first quantile " + quantiles.get(0));
        assertTrue(
            quantiles.get(quantiles.size() - 1) <= kthLargest(column.getValue()),
            column.getKey() + ": last quantile " + quantiles.get(quantiles.size() - 1));
      }
    }
    assertEquals(6.0, quantileLists(synthesis, "hh_size").get(0).get(19));
    assertEquals(3.0, quantileLists(synthesis, "children").get(0).get(19));
  }

  /** Whatever values the K - 1 most extreme rows at each end hold, no quantile moves. */
  @Test
  void theKMinusOneMostExtremeRowsMoveNoQuantile() {
    double[] rent = rents();
    double[] changed = rent.clone();
    Integer[] order = new Integer[rent.length];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, (a, b) -> Double.compare(rent[a], rent[b]));
    for (int i = 0; i < K - 1; i++) {
      changed[order[i]] = -1_000_000 - i;
      changed[order[rent.length - 1 - i]] = 9_999_999 + i;
    }

    ConditionSynthesis original = fitOneCell(Map.of("rent", rent), ones(100));
    ConditionSynthesis moved = fitOneCell(Map.of("rent", changed), ones(100));

    assertEquals(quantileLists(original, "rent"), quantileLists(moved, "rent"));
  }

  /**
   * A row of 13 % of the weight with a rent above every other (the reviewer's 3,333.33 above a
   * released range of 0..2000) was the last quantile, and synthesize wrote it in 4 % of the
   * records; now neither the quantiles nor the draws reach beyond the K-th largest rent.
   */
  @Test
  void aHeavyRowDoesNotPutItsValueIntoTheQuantilesOrTheDraws() {
    Random random = new Random(7);
    int rows = 2_000;
    String[] region = new String[rows];
    double[] rent = new double[rows];
    double[] weights = new double[rows];
    for (int r = 0; r < rows; r++) {
      region[r] = r < 300 ? "capital" : random.nextBoolean() ? "north" : "south";
      rent[r] = Math.round((300 + 1200 * random.nextDouble()) * 100) / 100.0;
      weights[r] = 50 + 100 * random.nextDouble();
    }
    rent[170] = 3333.33;
    weights[170] = 30_000;
    double share = weights[170] / Arrays.stream(weights).sum();

    ConditionSynthesis synthesis =
        ConditionSynthesisFitter.fit(Map.of("region", region), Map.of("rent", rent), weights, K);
    List<GenericRecord> drawn =
        ConditionSampler.of(synthesis, "model-1", "weight").draw(1, 0, 20_000, 20_000);

    assertTrue(share > 0.13, "the heavy row's share " + share);
    double bound = kthLargest(rent);
    for (List<Double> quantiles : quantileLists(synthesis, "rent")) {
      assertTrue(quantiles.get(19) <= bound, "last quantile " + quantiles.get(19));
      assertTrue(!quantiles.contains(3333.33), "the heavy row's rent is a quantile: " + quantiles);
    }
    double largestDrawn =
        drawn.stream().mapToDouble(r -> (Double) r.get("rent")).max().orElseThrow();
    assertTrue(largestDrawn <= bound, "drawn " + largestDrawn + " above " + bound);
  }

  /** No row carries more than one quantile step (1 / Q) of its group's weight. */
  @Test
  void cappedWeightsHoldAtMostOneQuantileStep() {
    double[] weights = new double[200];
    Arrays.fill(weights, 100);
    weights[0] = 30_000;
    weights[1] = 5_000;

    double[] capped = ReleasedQuantiles.capped(weights, 20);

    double total = Arrays.stream(capped).sum();
    assertEquals(0.05, capped[0] / total, 1e-12);
    assertEquals(0.05, capped[1] / total, 1e-12);
    assertEquals(100.0, capped[2]);
    assertArrayEquals(new double[] {1, 1, 1}, ReleasedQuantiles.capped(new double[] {1, 9, 3}, 20));
    double[] even = {100, 120, 80};
    assertArrayEquals(even, ReleasedQuantiles.capped(even, 2));
  }

  /**
   * With K = 60 a cell of 110 rows (100 or more, the rows for its own quantiles until 2026-12-03)
   * cannot have 60 rows at or beyond each of its quantiles: it draws from all rows' quantiles.
   */
  @Test
  void aGroupOfFewerThanTwoKMinusOneRowsDrawsFromItsParent() {
    Random random = new Random(3);
    int rows = 400;
    String[] region = new String[rows];
    double[] age = new double[rows];
    for (int r = 0; r < rows; r++) {
      region[r] = r < 110 ? "small" : "large";
      age[r] = r < 110 ? 20 + random.nextInt(10) : 40 + random.nextInt(40);
    }

    ConditionSynthesis synthesis =
        ConditionSynthesisFitter.fit(Map.of("region", region), Map.of("age", age), ones(rows), 60);

    ConditionSynthesis.Cell small =
        synthesis.cells().stream()
            .filter(c -> c.categories().equals(List.of("small")))
            .findFirst()
            .orElseThrow();
    ConditionSynthesis.Cell large =
        synthesis.cells().stream()
            .filter(c -> c.categories().equals(List.of("large")))
            .findFirst()
            .orElseThrow();
    assertEquals(119, synthesis.cellQuantileMinRows());
    assertEquals(synthesis.numeric().get(0).quantiles(), small.quantiles().get(0));
    assertNotEquals(synthesis.numeric().get(0).quantiles(), large.quantiles().get(0));
  }

  @Test
  void fewerThanTwoKMinusOneRowsReleaseNoQuantile() {
    String[] cell = new String[15];
    Arrays.fill(cell, "a");
    double[] age = new double[15];
    Arrays.setAll(age, i -> 20 + i);

    NothingReleasedException error =
        assertThrows(
            NothingReleasedException.class,
            () -> ConditionSynthesisFitter.fit(Map.of("g", cell), Map.of("age", age), ones(15), K));

    assertEquals(
        "the quantiles of the numeric conditions (age) need at least 2K - 1 = 19 rows, to have K"
            + " rows at or beyond each; the data has 15: nothing can be released",
        error.getMessage());
    assertEquals(8, error.largestK());
  }
}
