package org.flowimpute.noise;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A record's key words and salt as docs/determinism.md defines them, built the plain way and hashed
 * with a fresh SHA-256: the reference the noise tests compare the fast paths with.
 */
final class DocumentedNoiseKey {

  private DocumentedNoiseKey() {}

  /** {key0, key1, salt} of the record {@code key} of {@code model} under {@code seed}. */
  static int[] of(long seed, String model, String key) throws Exception {
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
    return new int[] {hash.getInt(0), hash.getInt(4), hash.getInt(8)};
  }
}
