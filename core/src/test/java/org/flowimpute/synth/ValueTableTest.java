package org.flowimpute.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Which numeric conditions get value tables, what the tables hold and how they are drawn. */
class ValueTableTest {

  @Test
  void integersWithAtMostTwentyValuesAreDiscreteOthersContinuous() {
    double[] twenty = IntStream.range(0, 1_000).mapToDouble(i -> i % 20).toArray();
    double[] twentyOne = IntStream.range(0, 1_000).mapToDouble(i -> i % 21).toArray();
    double[] halves = IntStream.range(0, 1_000).mapToDouble(i -> i % 2 + 0.5).toArray();

    assertEquals(20, ValueTable.released(twenty, 10).size());
    assertEquals(List.of(), ValueTable.released(twentyOne, 10));
    assertEquals(List.of(), ValueTable.released(halves, 10));
    assertEquals(List.of(), ValueTable.released(twenty, 51), "no value seen in 51 rows");
    assertEquals(List.of(-1.0, 0.0), ValueTable.released(new double[] {-0.0, 0, -1, -1}, 2));
  }

  @Test
  void valuesSeenInFewerThanKRowsCountForTheNearestReleasedOne() {
    // 0 in 600 rows, 1 in 385; 3 in 9 and 9 in 6, fewer than k = 10: they count for 1, the nearest.
    double[] values = new double[1_000];
    Arrays.fill(values, 600, 985, 1);
    Arrays.fill(values, 985, 994, 3);
    Arrays.fill(values, 994, 1_000, 9);
    double[] weights = new double[1_000];
    Arrays.fill(weights, 1);
    int[] rows = IntStream.range(0, 1_000).toArray();

    List<Double> released = ValueTable.released(values, 10);
    List<Double> probabilities = ValueTable.probabilities(values, weights, rows, released);

    assertEquals(List.of(0.0, 1.0), released);
    assertEquals(0.6, probabilities.get(0), 1e-12);
    assertEquals(0.4, probabilities.get(1), 1e-12);
  }

  @Test
  void drawsEveryValueWithItsShareAndNeverOneOfShareZero() {
    List<Double> values = List.of(1.0, 2.0, 3.0, 4.0);
    List<Double> probabilities = List.of(0.0, 0.25, 0.0, 0.75);

    assertEquals(2.0, ValueTable.draw(values, probabilities, 0));
    assertEquals(2.0, ValueTable.draw(values, probabilities, 0.2499));
    assertEquals(4.0, ValueTable.draw(values, probabilities, 0.25));
    assertEquals(4.0, ValueTable.draw(values, probabilities, 1));
    assertEquals(2.0, ValueTable.draw(values, List.of(0.0, 1.0, 0.0, 0.0), 1));
  }

  @Test
  void theFitterReleasesTablesForDiscreteConditionsOnly() {
    int rows = 400;
    Map<String, String[]> categorical =
        Map.of(
            "g",
            IntStream.range(0, rows).mapToObj(i -> i < 300 ? "a" : "b").toArray(String[]::new));
    Map<String, double[]> numeric = new LinkedHashMap<>();
    numeric.put("flag", IntStream.range(0, rows).mapToDouble(i -> i % 10 == 0 ? 1 : 0).toArray());
    numeric.put("age", IntStream.range(0, rows).mapToDouble(i -> i % 80).toArray());
    numeric.put("x", IntStream.range(0, rows).mapToDouble(i -> i * 0.37).toArray());
    double[] weights = IntStream.range(0, rows).mapToDouble(i -> 1 + i % 3).toArray();

    ConditionSynthesis synthesis = ConditionSynthesisFitter.fit(categorical, numeric, weights, 10);

    assertEquals(List.of(0.0, 1.0), synthesis.numeric().get(0).values());
    assertEquals(List.of(), synthesis.numeric().get(1).values(), "80 values: continuous");
    assertEquals(List.of(), synthesis.numeric().get(2).values());
    for (ConditionSynthesis.Cell cell : synthesis.cells()) {
      assertEquals(2, cell.probabilities().get(0).size());
      assertEquals(List.of(), cell.probabilities().get(1));
      assertEquals(ConditionSynthesisFitter.QUANTILE_LEVELS, cell.quantiles().get(0).size());
    }
  }
}
