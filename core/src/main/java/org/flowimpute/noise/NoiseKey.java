package org.flowimpute.noise;

import java.nio.ByteBuffer;
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
  private static final byte[] DOMAIN_TAG_BYTES = DOMAIN_TAG.getBytes(StandardCharsets.UTF_8);
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
    byte[] model = modelId.getBytes(StandardCharsets.UTF_8);
    byte[] record = recordKey.getBytes(StandardCharsets.UTF_8);
    ByteBuffer message =
        ByteBuffer.allocate(DOMAIN_TAG_BYTES.length + 1 + 8 + 4 + model.length + 4 + record.length);
    message.put(DOMAIN_TAG_BYTES).put((byte) 0).putLong(globalSeed);
    message.putInt(model.length).put(model);
    message.putInt(record.length).put(record);
    MessageDigest digest = SHA256.get();
    digest.reset();
    ByteBuffer hash = ByteBuffer.wrap(digest.digest(message.array()));
    return new RecordNoise(hash.getInt(0), hash.getInt(4), hash.getInt(8));
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
