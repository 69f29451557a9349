package org.flowimpute.noise;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
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
  static final byte[] DOMAIN_PREFIX = (DOMAIN_TAG + "\0").getBytes(StandardCharsets.UTF_8);

  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(RecordNoiseSource::newSha256);

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
   * For many records of one model, {@link RecordNoiseSource} gives the same noise faster.
   */
  public RecordNoise noise() {
    return RecordNoiseSource.of(globalSeed, modelId, SHA256.get()).noise(recordKey);
  }
}
