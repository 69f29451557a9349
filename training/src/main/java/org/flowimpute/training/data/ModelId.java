package org.flowimpute.training.data;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.flowimpute.bundle.OnnxSpec;
import org.flowimpute.bundle.TrainingDataFingerprint;

/**
 * The id of a trained model, and the graph that names it. The id keys every record's noise (seed,
 * model id, record key) and the models a streaming job tells apart, so it must differ whenever the
 * models differ: it hashes the training data's fingerprint, the seed, the code version, the
 * settings (targets in order among them), the manifest's definition of conditions and targets, and
 * the ONNX model without its metadata (graph structure, trained weights, opset), so retraining
 * after a code change that alters the graph also gives a new id. The same data, settings, seed,
 * code and thread count give the same graph and so the same id.
 */
final class ModelId {

  private ModelId() {}

  /**
   * The id of the model whose graph is {@code onnx} (its metadata is not hashed).
   *
   * @param settings the reproducible training settings (no timings)
   * @param definitionJson the manifest's conditions and targets ({@link
   *     org.flowimpute.bundle.ManifestJson#definitionJson})
   */
  static String of(
      TrainingDataFingerprint fingerprint,
      long seed,
      String codeVersion,
      Map<String, Object> settings,
      String definitionJson,
      byte[] onnx) {
    String text =
        fingerprint.sha256()
            + "|"
            + fingerprint.rows()
            + "|"
            + seed
            + "|"
            + codeVersion
            + "|"
            + new TreeMap<>(settings)
            + "|"
            + hex(sha256(definitionJson.getBytes(StandardCharsets.UTF_8)))
            + "|"
            + hex(sha256(parse(onnx).toBuilder().clearMetadataProps().build().toByteArray()));
    return "flow-" + HexFormat.of().formatHex(sha256(text.getBytes(StandardCharsets.UTF_8)), 0, 8);
  }

  /** {@code onnx} with {@code modelId} as its first metadata entry ({@link OnnxSpec}). */
  static byte[] namedIn(byte[] onnx, String modelId) {
    return parse(onnx).toBuilder()
        .addMetadataProps(
            0,
            StringStringEntryProto.newBuilder()
                .setKey(OnnxSpec.MODEL_ID_METADATA)
                .setValue(modelId))
        .build()
        .toByteArray();
  }

  private static ModelProto parse(byte[] onnx) {
    try {
      return ModelProto.parseFrom(onnx);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("the exported graph does not parse as ONNX", e);
    }
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
