package org.flowimpute.noise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.UniformRealDistribution;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.Test;

class RecordNoiseTest {
  private static final int DRAWS = 100_000;
  private static final String MODEL = "model-a";
  private static final long SEED = 20261124L;

  /** Values of key (42, "golden-model", "record-1"), recorded when the algorithm was fixed. */
  private static final double GOLDEN_UNIFORM_0 = 0.6121952666719596;

  private static final double GOLDEN_UNIFORM_1 = 0.23775890450677217;
  private static final double GOLDEN_NORMAL_5 = -1.672056773488562;

  @Test
  void sameKeyGivesSameDrawsWhateverTheBatchOrderOrThread() {
    List<String> keys = IntStream.range(0, 2_000).mapToObj(i -> "person-" + i).toList();
    List<String> shuffled = new ArrayList<>(keys);
    Collections.shuffle(shuffled, new Random(7));

    Map<String, List<Float>> sequential = drawAll(keys, false);
    Map<String, List<Float>> parallelShuffled = drawAll(shuffled, true);
    Map<String, List<Float>> subset = drawAll(shuffled.subList(0, 100), false);

    assertEquals(sequential, parallelShuffled);
    subset.forEach((key, draws) -> assertEquals(sequential.get(key), draws, key));
  }

  @Test
  void singleDrawsAgreeWithFilledBlocks() {
    RecordNoise noise = NoiseKey.of(SEED, MODEL, "p-1").noise();
    double[] uniforms = new double[7];
    double[] normals = new double[7];

    noise.fillUniform(3, uniforms, 0, 7);
    noise.fillNormal(3, normals, 0, 7);

    for (int i = 0; i < 7; i++) {
      assertEquals(noise.uniform(3, i), uniforms[i], 0.0);
      assertEquals(noise.normal(3, i), normals[i], 0.0);
    }
  }

  @Test
  void floatDrawsAreTheDoubleDrawsRoundedAtOffsets() {
    RecordNoise noise = NoiseKey.of(SEED, MODEL, "p-2").noise();
    float[] uniforms = new float[10];
    float[] normals = new float[10];

    noise.fillUniform(RecordNoise.GATE_UNIFORM_STREAM, uniforms, 4, 5);
    noise.fillNormal(RecordNoise.FLOW_NORMAL_STREAM, normals, 4, 5);

    for (int i = 0; i < 5; i++) {
      double uniform = noise.uniform(RecordNoise.GATE_UNIFORM_STREAM, i);
      assertTrue(uniforms[4 + i] <= uniform && uniform - uniforms[4 + i] < 0x1.0p-24);
      assertEquals((float) noise.normal(RecordNoise.FLOW_NORMAL_STREAM, i), normals[4 + i]);
    }
    assertEquals(0f, uniforms[3]);
    assertEquals(0f, uniforms[9]);
  }

  @Test
  void floatUniformsLieStrictlyInsideTheUnitInterval() {
    float[] draws = new float[DRAWS];
    NoiseKey.of(SEED, MODEL, "floats").noise().fillUniform(0, draws, 0, DRAWS);

    for (float draw : draws) {
      assertTrue(draw > 0f && draw < 1f, "draw " + draw);
    }
  }

  @Test
  void floatUniformsStayBelowOne() {
    double largestDraw = 1 - 0x1.0p-53;

    float asFloat = RecordNoise.floorToFloat(largestDraw);

    assertTrue(largestDraw < 1.0);
    assertTrue(asFloat < 1f);
    assertEquals(Math.nextDown(1f), asFloat);
  }

  @Test
  void keySeedModelAndStreamEachChangeTheDraws() {
    double base = NoiseKey.of(SEED, MODEL, "p-1").noise().uniform(0, 0);

    assertNotEquals(base, NoiseKey.of(SEED, MODEL, "p-2").noise().uniform(0, 0));
    assertNotEquals(base, NoiseKey.of(SEED + 1, MODEL, "p-1").noise().uniform(0, 0));
    assertNotEquals(base, NoiseKey.of(SEED, "model-b", "p-1").noise().uniform(0, 0));
    assertNotEquals(base, NoiseKey.of(SEED, MODEL, "p-1").noise().uniform(1, 0));
    assertNotEquals(base, NoiseKey.of(SEED, MODEL, "p-1").noise().uniform(0, 1));
  }

  @Test
  void keyPartsAreLengthPrefixed() {
    double joinedOneWay = NoiseKey.of(SEED, "ab", "c").noise().uniform(0, 0);
    double joinedOtherWay = NoiseKey.of(SEED, "a", "bc").noise().uniform(0, 0);

    assertNotEquals(joinedOneWay, joinedOtherWay);
  }

  @Test
  void goldenValuesPinTheAlgorithm() {
    RecordNoise noise = NoiseKey.of(42L, "golden-model", "record-1").noise();

    assertEquals(GOLDEN_UNIFORM_0, noise.uniform(RecordNoise.GATE_UNIFORM_STREAM, 0), 0.0);
    assertEquals(GOLDEN_UNIFORM_1, noise.uniform(RecordNoise.GATE_UNIFORM_STREAM, 1), 0.0);
    assertEquals(GOLDEN_NORMAL_5, noise.normal(RecordNoise.FLOW_NORMAL_STREAM, 5), 0.0);
  }

  @Test
  void uniformsAcrossRecordsPassKolmogorovSmirnov() {
    double[] draws = acrossRecords(key -> key.noise().uniform(RecordNoise.GATE_UNIFORM_STREAM, 0));

    double pValue =
        new KolmogorovSmirnovTest().kolmogorovSmirnovTest(new UniformRealDistribution(0, 1), draws);

    assertTrue(pValue > 0.001, "p=" + pValue);
    assertMoments(draws, 0.5, 1.0 / 12);
  }

  @Test
  void uniformsWithinOneRecordPassKolmogorovSmirnov() {
    double[] draws = new double[DRAWS];
    NoiseKey.of(SEED, MODEL, "long-stream").noise().fillUniform(5, draws, 0, DRAWS);

    double pValue =
        new KolmogorovSmirnovTest().kolmogorovSmirnovTest(new UniformRealDistribution(0, 1), draws);

    assertTrue(pValue > 0.001, "p=" + pValue);
    assertMoments(draws, 0.5, 1.0 / 12);
  }

  @Test
  void normalsAcrossRecordsPassKolmogorovSmirnov() {
    double[] draws = acrossRecords(key -> key.noise().normal(RecordNoise.FLOW_NORMAL_STREAM, 2));

    double pValue =
        new KolmogorovSmirnovTest().kolmogorovSmirnovTest(new NormalDistribution(0, 1), draws);

    assertTrue(pValue > 0.001, "p=" + pValue);
    assertMoments(draws, 0.0, 1.0);
  }

  @Test
  void consecutiveDrawsAreUncorrelated() {
    double[] draws = new double[DRAWS + 1];
    NoiseKey.of(SEED, MODEL, "lag").noise().fillNormal(1, draws, 0, DRAWS + 1);
    double[] current = java.util.Arrays.copyOfRange(draws, 0, DRAWS);
    double[] next = java.util.Arrays.copyOfRange(draws, 1, DRAWS + 1);

    double correlation = new PearsonsCorrelation().correlation(current, next);

    assertNearZeroCorrelation(correlation);
  }

  @Test
  void streamsAndNeighbouringRecordsAreUncorrelated() {
    double[] gate = acrossRecords(key -> key.noise().uniform(RecordNoise.GATE_UNIFORM_STREAM, 0));
    double[] flow = acrossRecords(key -> key.noise().uniform(RecordNoise.FLOW_NORMAL_STREAM, 0));
    double[] gateNext = new double[DRAWS];
    System.arraycopy(gate, 1, gateNext, 0, DRAWS - 1);
    gateNext[DRAWS - 1] = gate[0];

    double crossStream = new PearsonsCorrelation().correlation(gate, flow);
    double crossRecord = new PearsonsCorrelation().correlation(gate, gateNext);

    assertNearZeroCorrelation(crossStream);
    assertNearZeroCorrelation(crossRecord);
  }

  private static Map<String, List<Float>> drawAll(List<String> keys, boolean parallel) {
    var stream = parallel ? keys.parallelStream() : keys.stream();
    return stream.collect(
        Collectors.toConcurrentMap(Function.identity(), RecordNoiseTest::drawsOf));
  }

  private static List<Float> drawsOf(String key) {
    RecordNoise noise = NoiseKey.of(SEED, MODEL, key).noise();
    float[] values = new float[7];
    noise.fillUniform(RecordNoise.GATE_UNIFORM_STREAM, values, 0, 3);
    noise.fillNormal(RecordNoise.FLOW_NORMAL_STREAM, values, 3, 4);
    List<Float> draws = new ArrayList<>();
    for (float value : values) {
      draws.add(value);
    }
    return draws;
  }

  private static double[] acrossRecords(java.util.function.ToDoubleFunction<NoiseKey> draw) {
    double[] draws = new double[DRAWS];
    for (int i = 0; i < DRAWS; i++) {
      draws[i] = draw.applyAsDouble(NoiseKey.of(SEED, MODEL, Integer.toString(i)));
    }
    return draws;
  }

  private static void assertMoments(double[] draws, double mean, double variance) {
    double sum = 0;
    for (double draw : draws) {
      sum += draw;
    }
    double sampleMean = sum / draws.length;
    double squares = 0;
    for (double draw : draws) {
      squares += (draw - sampleMean) * (draw - sampleMean);
    }
    double sampleVariance = squares / (draws.length - 1);
    double meanStandardError = Math.sqrt(variance / draws.length);
    assertEquals(mean, sampleMean, 4 * meanStandardError, "mean");
    assertEquals(variance, sampleVariance, 0.02 * variance, "variance");
  }

  private static void assertNearZeroCorrelation(double correlation) {
    double standardError = 1 / Math.sqrt(DRAWS);
    assertTrue(Math.abs(correlation) < 4 * standardError, "correlation " + correlation);
  }
}
