package org.flowimpute.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.avro.DemoPerson;
import org.flowimpute.demo.DemoPopulation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Value shares of integer conditions with few values: 20,000 demo persons with their household size
 * (1..6) and a 0/1 flag of known share (10 % overall, 4 % to 30 % by employment), 3 categorical
 * conditions; 150,000 synthetic records must carry every value with its weighted training share,
 * within each cell that has its own numeric summaries and overall.
 */
class DiscreteConditionSynthesisTest {

  private static final List<String> CATEGORICAL = List.of("region", "sex", "employment");
  private static final Map<String, Double> FLAG_SHARE =
      Map.of(
          "employed", 0.04,
          "self_employed", 0.10,
          "unemployed", 0.30,
          "inactive", 0.16,
          "retired", 0.12);
  private static final List<String> DISCRETE = List.of("household_size", "flag");
  private static final int ROWS = 20_000;
  private static final int SYNTHETIC = 150_000;
  private static final int K = 10;

  private static Map<String, String[]> categorical;
  private static Map<String, double[]> numeric;
  private static double[] weights;
  private static ConditionSynthesis synthesis;
  private static double suppressedShare;
  private static List<GenericRecord> drawn;

  @BeforeAll
  static void fitAndDraw() throws Exception {
    List<DemoPerson> persons = new ArrayList<>();
    Iterator<DemoPerson> it = DemoPopulation.withSeed(11).persons(ROWS);
    it.forEachRemaining(persons::add);
    categorical = new LinkedHashMap<>();
    for (String name : CATEGORICAL) {
      categorical.put(
          name, persons.stream().map(p -> p.get(name).toString()).toArray(String[]::new));
    }
    SplittableRandom random = new SplittableRandom(29);
    numeric = new LinkedHashMap<>();
    numeric.put(
        "household_size",
        persons.stream().mapToDouble(p -> (double) p.getHouseholdSize()).toArray());
    numeric.put("age", persons.stream().mapToDouble(p -> (double) p.getAge()).toArray());
    numeric.put(
        "flag",
        persons.stream()
            .mapToDouble(p -> random.nextDouble() < FLAG_SHARE.get(p.getEmployment()) ? 1 : 0)
            .toArray());
    numeric.put(
        "log_income",
        persons.stream()
            .mapToDouble(p -> Math.log1p(Math.max(0, p.getHouseholdIncome())))
            .toArray());
    weights = persons.stream().mapToDouble(DemoPerson::getWeight).toArray();
    ConditionSynthesis fitted = ConditionSynthesisFitter.fit(categorical, numeric, weights, K);
    suppressedShare = ConditionSynthesisFitter.suppressedWeightShare(categorical, weights, K);
    synthesis = ConditionSynthesis.fromBytes("test", fitted.toBytes());
    drawn = ConditionSampler.of(synthesis, "model-1", "weight").draw(5, 0, SYNTHETIC, SYNTHETIC);
  }

  private static String cellOfRow(int row) {
    return String.join("/", CATEGORICAL.stream().map(n -> categorical.get(n)[row]).toList());
  }

  private static String cellOf(GenericRecord record) {
    return String.join("/", CATEGORICAL.stream().map(n -> record.get(n).toString()).toList());
  }

  /** Weighted training share of each value, per cell ("" for all rows). */
  private static Map<String, Map<Long, Double>> trainingShares(String name, boolean perCell) {
    Map<String, Map<Long, Double>> sums = new HashMap<>();
    for (int r = 0; r < ROWS; r++) {
      sums.computeIfAbsent(perCell ? cellOfRow(r) : "", c -> new HashMap<>())
          .merge(Math.round(numeric.get(name)[r]), weights[r], Double::sum);
    }
    for (Map<Long, Double> values : sums.values()) {
      double total = values.values().stream().mapToDouble(Double::doubleValue).sum();
      values.replaceAll((value, weight) -> weight / total);
    }
    return sums;
  }

  @Test
  void integerConditionsWithFewValuesGetValueTables() {
    Map<String, List<Double>> values = new HashMap<>();
    synthesis.numeric().forEach(n -> values.put(n.name(), n.values()));

    assertEquals(List.of(1.0, 2.0, 3.0, 4.0, 5.0, 6.0), values.get("household_size"));
    assertEquals(List.of(0.0, 1.0), values.get("flag"));
    assertEquals(List.of(), values.get("age"), "more than 20 values: continuous");
    assertEquals(List.of(), values.get("log_income"));
  }

  @Test
  void everyValueKeepsItsWeightedShareWithinEachCellWithItsOwnSummaries() {
    Map<String, Integer> rowsPerCell = new HashMap<>();
    for (int r = 0; r < ROWS; r++) {
      rowsPerCell.merge(cellOfRow(r), 1, Integer::sum);
    }
    Map<String, Integer> drawsPerCell = new HashMap<>();
    drawn.forEach(record -> drawsPerCell.merge(cellOf(record), 1, Integer::sum));
    int cells = 0;
    List<String> failures = new ArrayList<>();
    for (String name : DISCRETE) {
      Map<String, Map<Long, Double>> training = trainingShares(name, true);
      Map<String, Map<Long, Integer>> counts = new HashMap<>();
      drawn.forEach(
          record ->
              counts
                  .computeIfAbsent(cellOf(record), c -> new HashMap<>())
                  .merge((Long) record.get(name), 1, Integer::sum));
      double worstZ = 0;
      String worst = "";
      for (Map.Entry<String, Map<Long, Double>> cell : training.entrySet()) {
        if (rowsPerCell.get(cell.getKey()) < ConditionSynthesisFitter.CELL_QUANTILE_MIN_ROWS) {
          continue;
        }
        cells++;
        int n = drawsPerCell.get(cell.getKey());
        Map<Long, Integer> drawnValues = counts.get(cell.getKey());
        for (long value = 0; value <= 6; value++) {
          double p = cell.getValue().getOrDefault(value, 0.0);
          double observed = drawnValues.getOrDefault(value, 0) / (double) n;
          if (p == 0) {
            assertEquals(0, observed, cell.getKey() + " drew " + name + " = " + value);
            continue;
          }
          double z = Math.abs(observed - p) / Math.sqrt(p * (1 - p) / n);
          if (z > worstZ) {
            worstZ = z;
            worst =
                String.format("%s %s=%d: %.4f vs %.4f", cell.getKey(), name, value, observed, p);
          }
        }
      }
      System.out.printf("%s: worst in-cell |z| %.2f (%s)%n", name, worstZ, worst);
      if (worstZ >= 4.5) {
        failures.add(String.format("%s: worst in-cell share %s, |z| %.2f", name, worst, worstZ));
      }
    }
    assertTrue(failures.isEmpty(), String.join("; ", failures));
    cells /= DISCRETE.size();
    System.out.println("cells with their own summaries: " + cells);
    assertTrue(cells > 20, "the test needs cells with their own summaries, has " + cells);
  }

  @Test
  void everyValueKeepsItsWeightedShareOverall() {
    List<String> failures = new ArrayList<>();
    for (String name : DISCRETE) {
      Map<Long, Double> training = trainingShares(name, false).get("");
      Map<Long, Integer> counts = new HashMap<>();
      drawn.forEach(record -> counts.merge((Long) record.get(name), 1, Integer::sum));
      StringBuilder line = new StringBuilder(name + " training/synthetic:");
      for (Map.Entry<Long, Double> value : training.entrySet()) {
        double p = value.getValue();
        double observed = counts.getOrDefault(value.getKey(), 0) / (double) SYNTHETIC;
        line.append(String.format(" %d: %.4f/%.4f", value.getKey(), p, observed));
        // Sampling error plus the suppressed cells' weight, spread over the kept cells.
        double tolerance = 4.5 * Math.sqrt(p * (1 - p) / SYNTHETIC) + suppressedShare;
        if (Math.abs(observed - p) > tolerance) {
          failures.add(String.format("%s = %d: %.4f, not %.4f", name, value.getKey(), observed, p));
        }
      }
      System.out.println(line);
      assertEquals(training.keySet(), counts.keySet(), name + ": the values drawn");
    }
    assertTrue(failures.isEmpty(), String.join("; ", failures));
  }

  /**
   * The continuous conditions' draws, pinned: value tables left them as before; quantiles within K
   * rows of each end (2026-12-03) moved the first log income from 12.066447316784522 to
   * 12.021558357348235, the age sum from 6,858,345 and the log income sum from 1,628,904.12.
   */
  @Test
  void continuousConditionsDrawPinnedValues() {
    double[] age = drawn.subList(0, 6).stream().mapToDouble(r -> (Long) r.get("age")).toArray();
    double[] income =
        drawn.subList(0, 6).stream().mapToDouble(r -> (Double) r.get("log_income")).toArray();
    long ageSum = drawn.stream().mapToLong(r -> (Long) r.get("age")).sum();
    double incomeSum = drawn.stream().mapToDouble(r -> (Double) r.get("log_income")).sum();
    System.out.printf("age sum %d, log_income sum %.17g%n", ageSum, incomeSum);

    assertArrayEquals(new double[] {53, 52, 19, 66, 75, 20}, age);
    assertArrayEquals(
        new double[] {
          12.021558357348235,
          11.331151793280311,
          12.331107930965352,
          10.83622186258277,
          10.371204215705474,
          0.0
        },
        income,
        1e-12);
    assertEquals(6854574L, ageSum);
    assertEquals(1630151.6995678740, incomeSum, 1e-6);
  }
}
