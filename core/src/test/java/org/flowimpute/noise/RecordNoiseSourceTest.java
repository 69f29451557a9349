package org.flowimpute.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
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

  /** The message of docs/determinism.md, built the plain way, hashed with a fresh SHA-256. */
  private static RecordNoise documentedNoise(long seed, String model, String key) throws Exception {
    ByteArrayOutputStream message = new ByteArrayOutputStream();
    message.write("flowimpute.noise.v1".getBytes(StandardCharsets.UTF_8));
    message.write(0);
    message.write(ByteBuffer.allocate(8).putLong(seed).array());
    byte[] modelBytes = model.getBytes(StandardCharsets.UTF_8);
    message.write(ByteBuffer.allocate(4).putInt(modelBytes.length).array());
    message.write(modelBytes);
    byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
    message.write(ByteBuffer.allocate(4).putInt(keyBytes.length).array());
    message.write(keyBytes);
    ByteBuffer hash =
        ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(message.toByteArray()));
    return new RecordNoise(hash.getInt(0), hash.getInt(4), hash.getInt(8));
  }

  private static float[] draws(RecordNoise noise) {
    float[] out = new float[10];
    noise.fillUniform(RecordNoise.GATE_UNIFORM_STREAM, out, 0, 5);
    noise.fillNormal(RecordNoise.FLOW_NORMAL_STREAM, out, 5, 5);
    return out;
  }
}
