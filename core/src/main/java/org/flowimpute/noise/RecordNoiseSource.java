package org.flowimpute.noise;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Derives the {@link RecordNoise} of many records of one (global seed, model id) without per-record
 * set-up: the hashed message's fixed part (domain tag, seed, model id; see docs/determinism.md) is
 * encoded once, each record key is written into a reused buffer and hashed with one digest call
 * into a reused array. {@code source.noise(key)} is exactly {@code NoiseKey.of(seed, modelId,
 * key).noise()} (which uses this class). Not thread-safe: one instance per thread.
 */
public final class RecordNoiseSource {

  private final MessageDigest digest;
  private final String modelId;
  private final int prefixLength;
  private final byte[] hash = new byte[32];
  private byte[] message;

  /** Scratch of {@link #fillInputs}: the random words of a record's draws. */
  private long[] words = new long[8];

  private RecordNoiseSource(long globalSeed, String modelId, MessageDigest digest) {
    this.digest = digest;
    this.modelId = modelId;
    byte[] domain = NoiseKey.DOMAIN_PREFIX;
    byte[] model = modelId.getBytes(StandardCharsets.UTF_8);
    this.prefixLength = domain.length + 8 + 4 + model.length;
    this.message = new byte[prefixLength + 4 + 64];
    System.arraycopy(domain, 0, message, 0, domain.length);
    for (int i = 0; i < 8; i++) {
      message[domain.length + i] = (byte) (globalSeed >>> (56 - 8 * i));
    }
    writeInt(message, domain.length + 8, model.length);
    System.arraycopy(model, 0, message, domain.length + 12, model.length);
  }

  /** A source for the records of model {@code modelId} under seed {@code globalSeed}. */
  public static RecordNoiseSource of(long globalSeed, String modelId) {
    return new RecordNoiseSource(globalSeed, requireModel(modelId), newSha256());
  }

  /**
   * A source for the records of this source's model under seed {@code globalSeed}, hashing with
   * this source's digest: use it on the thread that uses this source. Keeping the digest keeps the
   * JIT-compiled hashing valid: a fresh digest's first calls take branches the compiled code has
   * not seen (its first reset finds nothing to reset), and the record loop was deoptimized and
   * compiled again after each change of seed.
   */
  public RecordNoiseSource withSeed(long globalSeed) {
    return new RecordNoiseSource(globalSeed, modelId, digest);
  }

  /** A source that hashes with {@code digest} (a SHA-256 the caller owns, e.g. thread-local). */
  static RecordNoiseSource of(long globalSeed, String modelId, MessageDigest digest) {
    return new RecordNoiseSource(globalSeed, requireModel(modelId), digest);
  }

  /** The noise of the record with key {@code recordKey}. */
  public RecordNoise noise(String recordKey) {
    hash(recordKey);
    return new RecordNoise(intAt(hash, 0), intAt(hash, 4), intAt(hash, 8));
  }

  /**
   * Writes the inputs {@code gate_uniform} and {@code flow_normal} of the record with key {@code
   * recordKey}: exactly what {@code noise(recordKey)} writes with {@code
   * fillUniform(GATE_UNIFORM_STREAM, uniforms, uniformOffset, gates)} and {@code
   * fillNormal(FLOW_NORMAL_STREAM, normals, normalOffset, flows)}, without the per-record objects
   * and with the Philox blocks of both streams computed two at a time.
   */
  public void fillInputs(
      String recordKey,
      float[] uniforms,
      int uniformOffset,
      int gates,
      float[] normals,
      int normalOffset,
      int flows) {
    if (gates < 0 || flows < 0) {
      throw new IllegalArgumentException(
          "gates and flows must be >= 0, got " + gates + " and " + flows);
    }
    int perRow = RecordNoise.inputWords(gates, flows);
    if (words.length < perRow) {
      words = new long[perRow];
    }
    hash(recordKey);
    RecordNoise.inputWords(intAt(hash, 0), intAt(hash, 4), intAt(hash, 8), gates, flows, words, 0);
    for (int i = 0; i < gates; i++) {
      uniforms[uniformOffset + i] = RecordNoise.floorToFloat(RecordNoise.toUniform(words[i]));
    }
    int normalStart = RecordNoise.inputWords(gates, 0);
    for (int i = 0; i < flows; i++) {
      normals[normalOffset + i] =
          (float) InverseNormal.quantile(RecordNoise.toUniform(words[normalStart + i]));
    }
  }

  /** Hashes the message of {@code recordKey} into {@link #hash}. */
  private void hash(String recordKey) {
    int keyStart = prefixLength + 4;
    int keyLength = writeKey(recordKey, keyStart);
    writeInt(message, prefixLength, keyLength);
    digest.reset();
    digest.update(message, 0, keyStart + keyLength);
    try {
      digest.digest(hash, 0, hash.length);
    } catch (DigestException e) {
      throw new IllegalStateException("SHA-256 digest does not fit 32 bytes", e);
    }
  }

  /**
   * Writes the key's UTF-8 bytes at {@code start} and returns their number: ASCII keys (the usual
   * ids and row numbers) byte by byte, others through {@link String#getBytes}.
   */
  private int writeKey(String recordKey, int start) {
    int chars = recordKey.length();
    ensureCapacity(start + chars);
    for (int i = 0; i < chars; i++) {
      char c = recordKey.charAt(i);
      if (c >= 0x80) {
        byte[] bytes = recordKey.getBytes(StandardCharsets.UTF_8);
        ensureCapacity(start + bytes.length);
        System.arraycopy(bytes, 0, message, start, bytes.length);
        return bytes.length;
      }
      message[start + i] = (byte) c;
    }
    return chars;
  }

  private void ensureCapacity(int length) {
    if (message.length < length) {
      message = java.util.Arrays.copyOf(message, Math.max(length, 2 * message.length));
    }
  }

  private static void writeInt(byte[] bytes, int offset, int value) {
    bytes[offset] = (byte) (value >>> 24);
    bytes[offset + 1] = (byte) (value >>> 16);
    bytes[offset + 2] = (byte) (value >>> 8);
    bytes[offset + 3] = (byte) value;
  }

  private static int intAt(byte[] bytes, int offset) {
    return (bytes[offset] & 0xFF) << 24
        | (bytes[offset + 1] & 0xFF) << 16
        | (bytes[offset + 2] & 0xFF) << 8
        | (bytes[offset + 3] & 0xFF);
  }

  private static String requireModel(String modelId) {
    return java.util.Objects.requireNonNull(modelId, "modelId");
  }

  static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
