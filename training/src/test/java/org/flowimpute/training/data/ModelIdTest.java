package org.flowimpute.training.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.bundle.OnnxSpec;
import org.flowimpute.bundle.TrainingDataFingerprint;
import org.flowimpute.training.fit.TrainingListener;
import org.flowimpute.training.fit.TrainingSettings;
import org.flowimpute.training.model.Architecture;
import org.junit.jupiter.api.Test;

/**
 * The model id names the trained model: it keys every record's noise, so two models that share it
 * draw the same noise per record (and shared a cached ONNX session). Trainings that differed only
 * in their targets got the same id: a wage model and a pension model drew identical noise, so
 * wherever both imputed a positive amount the two were perfectly rank-correlated.
 */
class ModelIdTest {

  /**
   * One epoch, so that trainings of other targets also agree on the best epochs the settings record
   * (as {@code train --epochs 1} did in the wage and pension reproduction).
   */
  private static BundleTrainer.TrainedBundle train(
      List<String> targets, List<GenericRecord> records) {
    TrainingColumns columns = new TrainingColumns(List.of("group"), targets, Set.of("group"), "w");
    return BundleTrainer.of(columns)
        .withArchitecture(Architecture.defaults().withFlowLayers(1).withHidden(8))
        .withSettings(TrainingSettings.defaults().withEpochs(1).withBatchSize(64))
        .train(
            TrainingTable.of(records, columns),
            TrainingDataFingerprint.ofBytes(new byte[] {1}, records.size()),
            TrainingListener.none());
  }

  private static String graphModelId(byte[] onnx) throws InvalidProtocolBufferException {
    return ModelProto.parseFrom(onnx).getMetadataPropsList().stream()
        .filter(entry -> entry.getKey().equals(OnnxSpec.MODEL_ID_METADATA))
        .map(StringStringEntryProto::getValue)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void trainingsOfOtherTargetsGetOtherIds() {
    List<GenericRecord> records = BundleTrainerTest.rows(120, 1);

    String income = train(List.of("income"), records).manifest().modelId();
    String age = train(List.of("age"), records).manifest().modelId();

    assertNotEquals(income, age);
  }

  @Test
  void theTargetsOrderIsPartOfTheId() {
    List<GenericRecord> records = BundleTrainerTest.rows(120, 2);

    String incomeFirst = train(List.of("income", "age"), records).manifest().modelId();
    String ageFirst = train(List.of("age", "income"), records).manifest().modelId();

    assertNotEquals(incomeFirst, ageFirst);
  }

  /** Retraining the same data with the same settings and seed gives the same bytes and id. */
  @Test
  void identicalTrainingsGetTheSameIdWhichTheGraphNames() throws Exception {
    List<GenericRecord> records = BundleTrainerTest.rows(120, 3);

    BundleTrainer.TrainedBundle first = train(List.of("income"), records);
    BundleTrainer.TrainedBundle second = train(List.of("income"), records);

    assertEquals(first.manifest().modelId(), second.manifest().modelId());
    assertEquals(first.manifest().modelId(), graphModelId(first.onnx()));
  }

  /**
   * A retraining whose data, settings and seed are the same but whose code changed the graph (the
   * code version stays the same between releases) gets another id; the graph's metadata, which
   * names the id, is not part of it.
   */
  @Test
  void theIdHashesTheGraphButNotItsMetadata() {
    assertEquals(id(onnx(1f, "a")), id(onnx(1f, "b")));
    assertNotEquals(id(onnx(1f, "a")), id(onnx(2f, "a")));
  }

  private static String id(byte[] onnx) {
    return ModelId.of(
        TrainingDataFingerprint.ofBytes(new byte[] {1}, 10), 5, "1.0", Map.of(), "{}", onnx);
  }

  /** A graph holding one weight, with one metadata entry. */
  private static byte[] onnx(float weight, String metadata) {
    return ModelProto.newBuilder()
        .setGraph(
            GraphProto.newBuilder()
                .addInitializer(
                    TensorProto.newBuilder()
                        .setName("w")
                        .setDataType(TensorProto.DataType.FLOAT_VALUE)
                        .addFloatData(weight)))
        .addMetadataProps(StringStringEntryProto.newBuilder().setKey("note").setValue(metadata))
        .build()
        .toByteArray();
  }
}
