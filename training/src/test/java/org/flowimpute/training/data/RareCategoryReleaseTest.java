package org.flowimpute.training.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.bundle.BundleException;
import org.flowimpute.bundle.CategoricalCondition;
import org.flowimpute.bundle.MagnitudeTransform;
import org.flowimpute.bundle.Manifest;
import org.flowimpute.bundle.ManifestJson;
import org.flowimpute.bundle.TrainingDataFingerprint;
import org.flowimpute.bundle.UnknownCategoryPolicy;
import org.flowimpute.encode.AtomPolicy;
import org.flowimpute.encode.ConditionEncoder;
import org.flowimpute.encode.EncodingException;
import org.flowimpute.training.fit.EncodedData;
import org.flowimpute.training.fit.TrainingListener;
import org.flowimpute.training.fit.TrainingSettings;
import org.flowimpute.training.model.Architecture;
import org.junit.jupiter.api.Test;

/**
 * A bundle trained with synthesis names no category seen in fewer than K rows, in its manifest or
 * its ONNX graph: such categories are trained as one pooled level, which every category the bundle
 * does not name is imputed as; a category of exactly K rows is named; an imputation bundle names
 * every category as before.
 */
class RareCategoryReleaseTest {

  private static final int K = 10;

  @Test
  void aCategoryInFewerThanKRowsIsNamedNowhereAndTrainedAsThePool() {
    List<GenericRecord> records = BundleTrainerTest.rows(617, 7);
    records.addAll(copies(records.get(0), "zeta", 3, 0.7));
    records.addAll(copies(records.get(1), "kappa", K, 1.1));

    BundleTrainer.TrainedBundle trained =
        BundleTrainerTest.train(BundleTrainerTest.tiny().withSynthesis(K), records);

    CategoricalCondition group = (CategoricalCondition) trained.manifest().conditions().get(0);
    assertEquals(List.of("a", "b", "c", "kappa"), group.categories());
    assertEquals(1, group.pooledCategories());
    assertFalse(group.hasPooledShare(), "a pool of 3 rows releases no share");
    assertEquals(UnknownCategoryPolicy.OTHER, group.unknownCategory());
    Map<String, Object> settings = trained.manifest().training().settings();
    assertEquals("error", settings.get("unknown_category"), "the policy asked");
    assertEquals("group", settings.get("unknown_category_other"), "the condition it cannot hold");
    assertEquals(
        List.of("group=a", "group=b", "group=c", "group=kappa", "group=<other>"),
        group.encodedColumns());
    String json = ManifestJson.toJson(trained.manifest());
    assertFalse(json.contains("zeta"), "the rare category is in the manifest");
    assertFalse(json.contains("pooled_share"), json);
    assertTrue(json.contains("\"pooled_categories\" : 1"), json);
    assertFalse(
        new String(trained.onnx(), StandardCharsets.ISO_8859_1).contains("zeta"),
        "the rare category is in model.onnx");

    ConditionEncoder encoder = ConditionEncoder.of(trained.manifest());
    assertEquals(6, encoder.width());
    assertEquals(List.of(0f, 0f, 0f, 0f, 1f), groupColumns(encoder, "zeta"));
    assertEquals(List.of(0f, 0f, 0f, 0f, 1f), groupColumns(encoder, "atlantis"));
    assertEquals(List.of(0f, 0f, 0f, 1f, 0f), groupColumns(encoder, "kappa"));
  }

  /** The rows of the rare category are what the pooled level is trained on, and only they. */
  @Test
  void theRareRowsAreEncodedAsThePooledLevel() {
    List<GenericRecord> records = BundleTrainerTest.rows(200, 3);
    records.addAll(copies(records.get(0), "zeta", 3, 0.7));
    TrainingTable table = TrainingTable.of(records, BundleTrainerTest.COLUMNS);

    PreparedData released =
        SynthesisRelease.of(
            PreparedData.of(
                table,
                UnknownCategoryPolicy.ERROR,
                AtomPolicy.defaults(),
                MagnitudeTransform.DEFAULT_CLIP_FACTOR),
            table,
            K);

    EncodedData data = released.data();
    assertEquals(5, data.contextDim(), "a, b, c, <other> and age");
    for (int r = 0; r < data.rows(); r++) {
      boolean rare = table.categories("group")[r].equals("zeta");
      assertEquals(rare ? 1f : 0f, data.context()[r * data.contextDim() + 3], "row " + (r + 1));
    }
  }

  /**
   * Asked for policy other, every condition has it and the settings name no exception; an
   * imputation bundle has no pool and none either.
   */
  @Test
  void onlyAPoolUnderPolicyErrorIsNamedInTheSettings() {
    List<GenericRecord> records = BundleTrainerTest.rows(617, 7);
    records.addAll(copies(records.get(0), "zeta", 3, 0.7));

    Manifest other =
        BundleTrainerTest.train(
                BundleTrainerTest.tiny()
                    .withSynthesis(K)
                    .withUnknownCategories(UnknownCategoryPolicy.OTHER),
                records)
            .manifest();
    Manifest imputation = BundleTrainerTest.train(BundleTrainerTest.tiny(), records).manifest();

    assertEquals(1, ((CategoricalCondition) other.conditions().get(0)).pooledCategories());
    assertEquals("other", other.training().settings().get("unknown_category"));
    assertFalse(other.training().settings().containsKey("unknown_category_other"));
    assertEquals("error", imputation.training().settings().get("unknown_category"));
    assertFalse(imputation.training().settings().containsKey("unknown_category_other"));
  }

  @Test
  void aPoolOfAtLeastKRowsReleasesItsShare() throws BundleException {
    List<GenericRecord> records = BundleTrainerTest.rows(617, 7);
    records.addAll(copies(records.get(0), "zeta", 4, 0.7));
    records.addAll(copies(records.get(1), "eta", 7, 1.3));
    double total = records.stream().mapToDouble(r -> (Double) r.get("w")).sum();

    BundleTrainer.TrainedBundle trained =
        BundleTrainerTest.train(BundleTrainerTest.tiny().withSynthesis(K), records);

    CategoricalCondition group = (CategoricalCondition) trained.manifest().conditions().get(0);
    assertEquals(List.of("a", "b", "c"), group.categories());
    assertEquals(2, group.pooledCategories());
    assertEquals((4 * 0.7 + 7 * 1.3) / total, group.pooledShare(), 1e-12);
    String json = ManifestJson.toJson(trained.manifest());
    assertFalse(json.contains("zeta") || json.contains("eta\""), json);
    Manifest read =
        ManifestJson.fromBytes("manifest.json", ManifestJson.toBytes(trained.manifest()));
    assertEquals(group, read.conditions().get(0));
  }

  @Test
  void anImputationBundleNamesEveryCategory() {
    List<GenericRecord> records = BundleTrainerTest.rows(617, 7);
    records.addAll(copies(records.get(0), "zeta", 3, 0.7));

    BundleTrainer.TrainedBundle trained =
        BundleTrainerTest.train(BundleTrainerTest.tiny(), records);

    CategoricalCondition group = (CategoricalCondition) trained.manifest().conditions().get(0);
    assertEquals(List.of("a", "b", "c", "zeta"), group.categories());
    assertEquals(0, group.pooledCategories());
    assertEquals(UnknownCategoryPolicy.ERROR, group.unknownCategory());
    assertFalse(ManifestJson.toJson(trained.manifest()).contains("pooled"));
    EncodingException refused =
        assertThrows(
            EncodingException.class,
            () -> groupColumns(ConditionEncoder.of(trained.manifest()), "atlantis"));
    assertTrue(refused.getMessage().contains("atlantis"), refused.getMessage());
  }

  /** A categorical target's categories are what the model generates: a rare one is refused. */
  @Test
  void aCategoricalTargetWithARareCategoryIsRefused() {
    TrainingColumns columns =
        new TrainingColumns(List.of("age"), List.of("group", "income"), Set.of("group"), "w");
    List<GenericRecord> records = BundleTrainerTest.rows(300, 5);
    records.addAll(copies(records.get(0), "zeta", 3, 0.7));
    BundleTrainer trainer =
        BundleTrainer.of(columns)
            .withArchitecture(Architecture.defaults().withFlowLayers(1).withHidden(8))
            .withSettings(TrainingSettings.defaults().withEpochs(1).withBatchSize(64))
            .withSynthesis(K);

    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                trainer.train(
                    TrainingTable.of(records, columns),
                    TrainingDataFingerprint.ofBytes(new byte[] {1}, records.size()),
                    TrainingListener.none()));

    assertEquals(
        "--synthesis 10: categorical target 'group' has categories seen in fewer than 10 rows:"
            + " 'zeta' (3); a synthesis bundle names no such category, and a target's categories"
            + " are what the model generates: recode them into a common category, or use a"
            + " smaller K",
        error.getMessage());
  }

  /** {@code count} copies of {@code record} in group {@code group} with weight {@code weight}. */
  private static List<GenericRecord> copies(
      GenericRecord record, String group, int count, double weight) {
    List<GenericRecord> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      GenericRecord copy = new GenericData.Record((GenericData.Record) record, true);
      copy.put("group", group);
      copy.put("age", 30.0 + i);
      copy.put("w", weight);
      out.add(copy);
    }
    return out;
  }

  /** The group columns of a record of {@code group} aged 40. */
  private static List<Float> groupColumns(ConditionEncoder encoder, String group) {
    float[] context = new float[encoder.width()];
    encoder.encode(Map.of("group", group, "age", 40.0), "row 1", context, 0);
    List<Float> columns = new ArrayList<>();
    for (int c = 0; c < context.length - 1; c++) {
      columns.add(context[c]);
    }
    return columns;
  }
}
