package org.flowimpute.noise;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * Identifies the random draws of one record: (global seed, model id, record key). Two runs that
 * agree on these three values see exactly the same noise for the record, whatever the batch, order,
 * thread or runner, which is what makes imputation and streaming replays reproducible.
 *
 * <p>The key is hashed with SHA-256 over a length-prefixed encoding (see docs/determinism.md), so
 * ("ab", "c") and ("a", "bc") never collide by construction.
 *
 * @param globalSeed the user's seed ({@code --seed})
 * @param modelId the manifest's model id
 * @param recordKey the record's stable key (e.g. person id), never the batch position
 */
public record NoiseKey(long globalSeed, String modelId, String recordKey) {

  static final String DOMAIN_TAG = "flowimpute.noise.v1";

  /** The domain tag's UTF-8 bytes followed by one zero byte. */
  private static final byte[] DOMAIN_PREFIX = (DOMAIN_TAG + "\0").getBytes(StandardCharsets.UTF_8);

  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(NoiseKey::newSha256);

  /** Validates that the model id and record key are present. */
  public NoiseKey {
    Objects.requireNonNull(modelId, "modelId");
    Objects.requireNonNull(recordKey, "recordKey");
  }

  /** Same as the canonical constructor; reads better at call sites. */
  public static NoiseKey of(long globalSeed, String modelId, String recordKey) {
    return new NoiseKey(globalSeed, modelId, recordKey);
  }

  /**
   * Derives the record's noise generator (one SHA-256 of the key; cheap, but reuse it per record).
   */
  public RecordNoise noise() {
    MessageDigest digest = SHA256.get();
    digest.reset();
    digest.update(DOMAIN_PREFIX);
    digest.update(longBytes(globalSeed));
    updateWithLength(digest, modelId.getBytes(StandardCharsets.UTF_8));
    updateWithLength(digest, recordKey.getBytes(StandardCharsets.UTF_8));
    byte[] hash = digest.digest();
    return new RecordNoise(intAt(hash, 0), intAt(hash, 4), intAt(hash, 8));
  }

  private static void updateWithLength(MessageDigest digest, byte[] bytes) {
    int length = bytes.length;
    digest.update(
        new byte[] {
          (byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length
        });
    digest.update(bytes);
  }

  private static byte[] longBytes(long value) {
    byte[] bytes = new byte[8];
    for (int i = 0; i < 8; i++) {
      bytes[i] = (byte) (value >>> (56 - 8 * i));
    }
    return bytes;
  }

  private static int intAt(byte[] bytes, int offset) {
    return (bytes[offset] & 0xFF) << 24
        | (bytes[offset + 1] & 0xFF) << 16
        | (bytes[offset + 2] & 0xFF) << 8
        | (bytes[offset + 3] & 0xFF);
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
