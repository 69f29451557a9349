package org.flowimpute.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class RecordNoiseSourceTest {

  /** ASCII, Latin-1, CJK, a surrogate pair, an unpaired surrogate, empty and long keys. */
  private static final List<String> KEYS =
      List.of(
          "record-1",
          "",
          "clé-ü",
          "世帯-42",
          "emoji-\uD83D\uDE00",
          "broken-\uD800-x",
          "k".repeat(1_000),
          "7",
          "a-longer-key-after-the-long-one-é");

  @Test
  void sourceDrawsEqualTheDocumentedHashOfEveryKey() throws Exception {
    RecordNoiseSource source = RecordNoiseSource.of(-3L, "model-ü-1");
    for (String key : KEYS) {
      RecordNoise expected = documentedNoise(-3L, "model-ü-1", key);
      RecordNoise actual = source.noise(key);

      assertArrayEquals(draws(expected), draws(actual), key);
    }
  }

  @Test
  void noiseKeyAndSourceGiveTheSameDraws() {
    RecordNoiseSource source = RecordNoiseSource.of(42L, "golden-model");
    for (String key : KEYS) {
      assertArrayEquals(
          draws(NoiseKey.of(42L, "golden-model", key).noise()), draws(source.noise(key)));
    }
    assertEquals(0.6121952666719596, source.noise("record-1").uniform(0, 0), 0.0);
  }

  /** The noise of the message of docs/determinism.md ({@link DocumentedNoiseKey}). */
  private static RecordNoise documentedNoise(long seed, String model, String key) throws Exception {
    int[] words = DocumentedNoiseKey.of(seed, model, key);
    return new RecordNoise(words[0], words[1], words[2]);
  }

  private static float[] draws(RecordNoise noise) {
    float[] out = new float[10];
    noise.fillUniform(RecordNoise.GATE_UNIFORM_STREAM, out, 0, 5);
    noise.fillNormal(RecordNoise.FLOW_NORMAL_STREAM, out, 5, 5);
    return out;
  }
}
