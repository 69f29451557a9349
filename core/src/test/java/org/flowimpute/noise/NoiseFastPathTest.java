package org.flowimpute.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fast paths of the noise (two Philox blocks at a time, fills in chunks, the float rounding
 * without a comparison, {@link RecordNoiseSource#fillInputs}) against the straightforward
 * definitions they replace, bit for bit, on many random and edge keys, streams, indices and counts:
 * the draws are a model contract, a changed bit is a changed imputation.
 */
class NoiseFastPathTest {

  /** Edge values of a 32-bit word. */
  private static final int[] EDGE_WORDS = {
    0, 1, -1, 2, Integer.MIN_VALUE, Integer.MAX_VALUE, Integer.MIN_VALUE + 1, 0x9E3779B9, 0xFFFF
  };

  /** Edge and ordinary counts, around the fills' 64-draw chunks. */
  private static final int[] COUNTS = {0, 1, 2, 3, 4, 5, 7, 8, 9, 63, 64, 65, 127, 128, 129, 200};

  // ---- the straightforward definitions (as the code computed them before the fast paths) ----

  /** Philox4x32-10, one block, as {@link Philox4x32#block} was first written. */
  private static int[] referenceBlock(int c0, int c1, int c2, int c3, int key0, int key1) {
    int k0 = key0;
    int k1 = key1;
    for (int round = 0; round < 10; round++) {
      if (round > 0) {
        k0 += 0x9E3779B9;
        k1 += 0xBB67AE85;
      }
      long product0 = 0xD2511F53L * (c0 & 0xFFFFFFFFL);
      long product1 = 0xCD9E8D57L * (c2 & 0xFFFFFFFFL);
      int hi0 = (int) (product0 >>> 32);
      int lo0 = (int) product0;
      int hi1 = (int) (product1 >>> 32);
      int lo1 = (int) product1;
      c0 = hi1 ^ c1 ^ k0;
      c1 = lo1;
      c2 = hi0 ^ c3 ^ k1;
      c3 = lo0;
    }
    return new int[] {c0, c1, c2, c3};
  }

  /** Draw {@code index} of {@code stream} as a double uniform, from one block per draw. */
  private static double referenceUniform(int key0, int key1, int salt, int stream, long index) {
    long block = index >>> 1;
    int[] out = referenceBlock((int) block, (int) (block >>> 32), stream, salt, key0, key1);
    int half = (int) (index & 1);
    long bits = ((long) out[2 * half] << 32) | (out[2 * half + 1] & 0xFFFFFFFFL);
    return ((bits >>> 12) + 0.5) * 0x1.0p-52;
  }

  /** The largest float not above {@code value}, by rounding and stepping down. */
  private static float referenceFloor(double value) {
    float rounded = (float) value;
    return rounded > value ? Math.nextDown(rounded) : rounded;
  }

  // ---- the tests ----

  @Test
  void twoBlocksAtATimeEqualOneBlockEach() {
    Random random = new Random(1);
    List<int[]> counters = new ArrayList<>();
    for (int edge : EDGE_WORDS) {
      for (int other : EDGE_WORDS) {
        counters.add(new int[] {edge, other, edge ^ other, other, edge, other});
      }
    }
    for (int i = 0; i < 100_000; i++) {
      counters.add(random.ints(6).toArray());
    }
    int[] single = new int[4];
    long[] pair = new long[6];
    long[] one = new long[4];
    for (int[] c : counters) {
      int counter3 = c[5] * 31 + c[0];
      int key0 = c[1] ^ c[3];
      int key1 = c[2] + c[4];
      int[] a = referenceBlock(c[0], c[1], c[2], counter3, key0, key1);
      int[] b = referenceBlock(c[3], c[4], c[5], counter3, key0, key1);

      Philox4x32.block(c[0], c[1], c[2], counter3, key0, key1, single);
      Philox4x32.block2(c[0], c[1], c[2], c[3], c[4], c[5], counter3, key0, key1, pair, 1);
      Philox4x32.block1(c[3], c[4], c[5], counter3, key0, key1, one, 2);

      assertArrayEquals(a, single);
      assertArrayEquals(
          new long[] {0, pack(a[0], a[1]), pack(a[2], a[3]), pack(b[0], b[1]), pack(b[2], b[3]), 0},
          pair);
      assertArrayEquals(new long[] {0, 0, pack(b[0], b[1]), pack(b[2], b[3])}, one);
    }
  }

  @Test
  void floatRoundingEqualsRoundingAndSteppingDown() {
    Random random = new Random(2);
    List<Double> values = new ArrayList<>();
    for (int e = 1; e <= 53; e++) {
      double power = Math.scalb(1.0, -e);
      values.add(power);
      values.add(Math.nextUp(power));
      values.add(Math.nextDown(power));
    }
    values.add(0x1.0p-53);
    values.add(1 - 0x1.0p-53);
    values.add(0.5 + 0x1.0p-53);
    for (int i = 0; i < 1_000_000; i++) {
      float f = random.nextFloat();
      if (f > 0) {
        values.add((double) f);
        values.add(Math.nextUp((double) f));
        values.add(Math.nextDown((double) f));
        values.add(((double) f + Math.nextUp(f)) / 2);
      }
      values.add(RecordNoise.toUniform(random.nextLong()));
    }
    // words whose 52 draw bits end in runs of ones or zeros where the float's precision ends
    long[] patterns = {0L, -1L, 0xFFFFF000L, 0x1FFFFFFFL << 12, 0x10000000L << 12, 1L << 12};
    for (long pattern : patterns) {
      for (int i = 0; i < 10_000; i++) {
        long high = random.nextLong() & 0xFFFF_FFFF_0000_0000L;
        values.add(RecordNoise.toUniform(high | (pattern & 0xFFFF_FFFFL)));
        values.add(RecordNoise.toUniform(random.nextLong() >>> random.nextInt(64) | pattern));
      }
    }
    for (double value : values) {
      float fast = RecordNoise.floorToFloat(value);

      assertEquals(
          Float.floatToRawIntBits(referenceFloor(value)),
          Float.floatToRawIntBits(fast),
          () -> "value " + value);
      assertTrue(fast <= value && Math.nextUp(fast) > value, () -> "value " + value);
    }
    assertEquals(Math.nextDown(1f), RecordNoise.floorToFloat(RecordNoise.toUniform(-1L)));
    assertEquals(0x1.0p-53f, RecordNoise.floorToFloat(RecordNoise.toUniform(0L)));
  }

  @Test
  void fillsEqualTheSingleDrawDefinition() {
    Random random = new Random(3);
    for (int record = 0; record < 600; record++) {
      int key0 = record < EDGE_WORDS.length ? EDGE_WORDS[record] : random.nextInt();
      int key1 = record < EDGE_WORDS.length ? ~EDGE_WORDS[record] : random.nextInt();
      int salt = record % 3 == 0 ? EDGE_WORDS[record % EDGE_WORDS.length] : random.nextInt();
      int stream =
          switch (record % 4) {
            case 0 -> RecordNoise.GATE_UNIFORM_STREAM;
            case 1 -> RecordNoise.FLOW_NORMAL_STREAM;
            case 2 -> EDGE_WORDS[random.nextInt(EDGE_WORDS.length)];
            default -> random.nextInt();
          };
      int count = COUNTS[record % COUNTS.length];
      int offset = random.nextInt(3);
      RecordNoise noise = new RecordNoise(key0, key1, salt);
      float[] floatUniforms = filled(new float[offset + count + 2]);
      float[] floatNormals = filled(new float[offset + count + 2]);
      double[] doubleUniforms = filled(new double[offset + count + 2]);
      double[] doubleNormals = filled(new double[offset + count + 2]);

      noise.fillUniform(stream, floatUniforms, offset, count);
      noise.fillNormal(stream, floatNormals, offset, count);
      noise.fillUniform(stream, doubleUniforms, offset, count);
      noise.fillNormal(stream, doubleNormals, offset, count);

      for (int i = 0; i < offset + count + 2; i++) {
        int draw = i - offset;
        String where = "record " + record + " stream " + stream + " draw " + draw;
        if (draw < 0 || draw >= count) {
          assertTrue(Float.isNaN(floatUniforms[i]) && Float.isNaN(floatNormals[i]), where);
          assertTrue(Double.isNaN(doubleUniforms[i]) && Double.isNaN(doubleNormals[i]), where);
          continue;
        }
        double uniform = referenceUniform(key0, key1, salt, stream, draw);
        double normal = InverseNormal.quantile(uniform);
        assertBits(uniform, doubleUniforms[i], where);
        assertBits(normal, doubleNormals[i], where);
        assertBits(referenceFloor(uniform), floatUniforms[i], where);
        assertBits((float) normal, floatNormals[i], where);
        assertBits(uniform, noise.uniform(stream, draw), where);
        assertBits(normal, noise.normal(stream, draw), where);
      }
    }
  }

  @Test
  void singleDrawsEqualTheDefinitionAtLargeIndices() {
    Random random = new Random(4);
    long[] indices = {
      0,
      1,
      2,
      3,
      (1L << 31) - 1,
      1L << 31,
      (1L << 32) - 1,
      1L << 32,
      (1L << 32) + 1,
      (1L << 33) + 3,
      Long.MAX_VALUE - 1,
      Long.MAX_VALUE
    };
    for (int record = 0; record < 2_000; record++) {
      int key0 = random.nextInt();
      int key1 = random.nextInt();
      int salt = random.nextInt();
      int stream = record % 2 == 0 ? random.nextInt() : record % 5;
      RecordNoise noise = new RecordNoise(key0, key1, salt);
      long index =
          record < indices.length
              ? indices[record]
              : (random.nextLong() >>> 1) >>> random.nextInt(63);

      assertBits(
          referenceUniform(key0, key1, salt, stream, index), noise.uniform(stream, index), "");
      assertBits(
          InverseNormal.quantile(referenceUniform(key0, key1, salt, stream, index)),
          noise.normal(stream, index),
          "");
    }
  }

  @Test
  void sourceInputsEqualThePerRecordFillsAndTheDocumentedDraws() throws Exception {
    Random random = new Random(5);
    int[] rowCounts = {0, 1, 2, 63, 64, 65, 129, 300};
    int[][] shapes = {{4, 4}, {0, 3}, {3, 0}, {1, 1}, {2, 5}, {5, 2}, {7, 9}, {0, 0}, {16, 1}};
    long[] seeds = {42L, 0L, -1L, Long.MIN_VALUE, Long.MAX_VALUE};
    String[] models = {"flow-0123456789abcdef", "", "m", "model-ü-1", "x".repeat(100)};
    for (int run = 0; run < 40; run++) {
      long seed = seeds[run % seeds.length];
      String model = models[(run / seeds.length) % models.length];
      RecordNoiseSource source = RecordNoiseSource.of(seed, model);
      // one source through shapes in turn: its scratch is reused and grown
      for (int step = 0; step < 3; step++) {
        int[] shape = shapes[(run + step) % shapes.length];
        int gates = shape[0];
        int flows = shape[1];
        int rows = rowCounts[(run * 3 + step) % rowCounts.length];
        List<String> keys = keys(random, rows);
        // one cell before and after the rows stays untouched
        float[] uniforms = filled(new float[rows * gates + 2]);
        float[] normals = filled(new float[rows * flows + 2]);

        for (int r = 0; r < rows; r++) {
          source.fillInputs(
              keys.get(r), uniforms, 1 + r * gates, gates, normals, 1 + r * flows, flows);
        }

        String shapeText = "run " + run + " step " + step + " gates " + gates + " flows " + flows;
        assertTrue(Float.isNaN(uniforms[0]) && Float.isNaN(uniforms[rows * gates + 1]), shapeText);
        assertTrue(Float.isNaN(normals[0]) && Float.isNaN(normals[rows * flows + 1]), shapeText);
        for (int r = 0; r < rows; r++) {
          String where = shapeText + " row " + r + " key " + keys.get(r);
          float[] expectedUniforms = filled(new float[gates]);
          float[] expectedNormals = filled(new float[flows]);
          RecordNoise noise = NoiseKey.of(seed, model, keys.get(r)).noise();
          noise.fillUniform(RecordNoise.GATE_UNIFORM_STREAM, expectedUniforms, 0, gates);
          noise.fillNormal(RecordNoise.FLOW_NORMAL_STREAM, expectedNormals, 0, flows);
          int[] key = DocumentedNoiseKey.of(seed, model, keys.get(r));
          for (int i = 0; i < gates; i++) {
            double uniform =
                referenceUniform(key[0], key[1], key[2], RecordNoise.GATE_UNIFORM_STREAM, i);
            assertBits(referenceFloor(uniform), uniforms[1 + r * gates + i], where);
            assertBits(expectedUniforms[i], uniforms[1 + r * gates + i], where);
          }
          for (int i = 0; i < flows; i++) {
            double uniform =
                referenceUniform(key[0], key[1], key[2], RecordNoise.FLOW_NORMAL_STREAM, i);
            assertBits((float) InverseNormal.quantile(uniform), normals[1 + r * flows + i], where);
            assertBits(expectedNormals[i], normals[1 + r * flows + i], where);
          }
        }
        // the source still derives single records' noise after its inputs
        if (rows > 0) {
          assertBits(
              NoiseKey.of(seed, model, keys.get(0)).noise().uniform(0, 0),
              source.noise(keys.get(0)).uniform(0, 0),
              "single record after the inputs");
        }
      }
    }
  }

  @Test
  void aSourceWithAnotherSeedEqualsANewSource() {
    Random random = new Random(6);
    long[] seeds = {42L, 0L, -1L, Long.MIN_VALUE, Long.MAX_VALUE, 1L, 43L};
    RecordNoiseSource first = RecordNoiseSource.of(seeds[0], "flow-0123456789abcdef");
    RecordNoiseSource source = first;
    for (long seed : seeds) {
      source = source.withSeed(seed);
      RecordNoiseSource fresh = RecordNoiseSource.of(seed, "flow-0123456789abcdef");
      for (String key : keys(random, 200)) {
        float[] expected = filled(new float[7]);
        float[] actual = filled(new float[7]);
        fresh.fillInputs(key, expected, 0, 3, expected, 3, 4);
        source.fillInputs(key, actual, 0, 3, actual, 3, 4);

        assertArrayEquals(expected, actual, "seed " + seed + " key " + key);
        assertBits(fresh.noise(key).normal(1, 2), source.noise(key).normal(1, 2), key);
      }
    }
    // the first source, which shares the digest, still gives its own seed's draws
    assertBits(
        NoiseKey.of(seeds[0], "flow-0123456789abcdef", "k").noise().uniform(0, 0),
        first.noise("k").uniform(0, 0),
        "first source");
  }

  @Test
  void sourceInputsRefuseNegativeCounts() {
    RecordNoiseSource source = RecordNoiseSource.of(1L, "m");

    assertThrows(
        IllegalArgumentException.class,
        () -> source.fillInputs("a", new float[1], 0, -1, new float[1], 0, 1));
    assertThrows(
        IllegalArgumentException.class,
        () -> source.fillInputs("a", new float[1], 0, 1, new float[1], 0, -1));
  }

  /** Keys of the usual and unusual kinds: row numbers, ids, non-ASCII, empty, long, repeated. */
  private static List<String> keys(Random random, int rows) {
    List<String> keys = new ArrayList<>(rows);
    for (int r = 0; r < rows; r++) {
      keys.add(
          switch (random.nextInt(8)) {
            case 0 -> Integer.toString(r + 1);
            case 1 -> "speed-" + random.nextInt(1_000_000);
            case 2 -> "clé-ü-" + r;
            case 3 -> "世帯-" + r + "-\uD83D\uDE00";
            case 4 -> "";
            case 5 -> "k".repeat(random.nextInt(200));
            case 6 -> r > 0 ? keys.get(random.nextInt(r)) : "first";
            default -> "broken-\uD800-" + random.nextLong();
          });
    }
    return keys;
  }

  private static long pack(int high, int low) {
    return (long) high << 32 | (low & 0xFFFFFFFFL);
  }

  private static float[] filled(float[] values) {
    java.util.Arrays.fill(values, Float.NaN);
    return values;
  }

  private static double[] filled(double[] values) {
    java.util.Arrays.fill(values, Double.NaN);
    return values;
  }

  private static void assertBits(double expected, double actual, String where) {
    assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(actual), where);
  }

  private static void assertBits(float expected, float actual, String where) {
    assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(actual), where);
  }
}
