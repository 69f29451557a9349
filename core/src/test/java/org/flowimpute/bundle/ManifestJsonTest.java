package org.flowimpute.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.flowimpute.household.HouseholdContext;
import org.flowimpute.household.HouseholdFeature;
import org.junit.jupiter.api.Test;

class ManifestJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SOURCE = "b/manifest.json";

  @Test
  void roundTripsEveryField() throws Exception {
    Manifest manifest = SampleManifests.sample();

    Manifest read = ManifestJson.fromBytes(SOURCE, ManifestJson.toBytes(manifest));

    assertEquals(manifest, read);
  }

  @Test
  void householdContextRoundTripsAndIsAbsentForPersonModels() throws Exception {
    Manifest person = SampleManifests.sample();
    Manifest household =
        person.withHousehold(
            new HouseholdContext(
                "household_id", List.of(HouseholdFeature.countAtLeast("age", "age", 18))));

    Manifest read = ManifestJson.fromBytes(SOURCE, ManifestJson.toBytes(household));

    assertEquals(household, read);
    assertEquals(
        "count_at_least",
        JSON.readTree(ManifestJson.toJson(household)).at("/household/features/0/kind").asText());
    assertTrue(!JSON.readTree(ManifestJson.toJson(person)).has("household"));
    assertEquals(
        HouseholdContext.none(),
        ManifestJson.fromBytes(SOURCE, ManifestJson.toBytes(person)).household());
    IllegalArgumentException notACondition =
        assertThrows(
            IllegalArgumentException.class,
            () -> person.withHousehold(HouseholdContext.standard("household_id", null)));
    assertTrue(notACondition.getMessage().contains("household_size"), notACondition.getMessage());
  }

  @Test
  void writesSnakeCaseWithKindsAndDerivedLayout() throws Exception {
    JsonNode tree = JSON.readTree(ManifestJson.toJson(SampleManifests.sample()));

    assertEquals("1.6", tree.get("format_version").asText());
    assertTrue(!tree.has("observed_targets"), "written only when true");
    assertEquals("demo-model-1", tree.get("model_id").asText());
    assertEquals("2026-11-24T08:00:00Z", tree.get("created_at").asText());
    JsonNode region = tree.get("conditions").get(1);
    assertEquals("categorical", region.get("kind").asText());
    assertEquals("other", region.get("unknown_category").asText());
    assertEquals(
        "[\"region=north\",\"region=south\",\"region=<other>\"]",
        region.get("encoded_columns").toString());
    assertEquals("[0.375,0.625]", region.get("category_shares").toString());
    assertEquals("[16.0,90.0]", tree.get("conditions").get(0).get("training_range").toString());
    assertEquals(2.0, tree.get("targets").get(0).get("transform").get("clip_factor").asDouble());
    assertEquals(4, tree.get("dimensions").get("encoded_width").asInt());
    assertEquals("[3,3,2,3]", tree.get("dimensions").get("gate_state_counts").toString());
    assertEquals("[\"batch\",4]", tree.get("onnx").get("inputs").get(0).get("shape").toString());
    assertEquals(24, tree.get("training").get("best_epoch").asInt());
  }

  @Test
  void readsFormatOneZeroWithoutObservedTargets() throws Exception {
    ObjectNode tree = (ObjectNode) JSON.readTree(ManifestJson.toJson(SampleManifests.sample()));
    tree.put("format_version", "1.0");

    Manifest read = ManifestJson.fromBytes(SOURCE, JSON.writeValueAsBytes(tree));

    assertEquals("1.0", read.formatVersion());
    assertTrue(!read.observedTargets());
  }

  /**
   * A transform's unit (format 1.5) is written only when it is not 1, so that a manifest of amounts
   * in currency units reads the same as before; an absent unit reads as 1, a written one
   * round-trips.
   */
  @Test
  void writesTheTransformUnitOnlyWhenItIsNotOne() throws Exception {
    ObjectNode tree = sampleTree();
    ObjectNode transform = (ObjectNode) tree.get("targets").get(0).get("transform");
    assertFalse(transform.has("unit"), transform.toString());
    assertEquals(1.0, ((ContinuousTarget) read(tree).targets().get(0)).transform().unit());

    transform.put("unit", 1e-6);
    Manifest small = read(tree);

    assertEquals(1e-6, ((ContinuousTarget) small.targets().get(0)).transform().unit());
    assertEquals(
        1e-6,
        JSON.readTree(ManifestJson.toJson(small))
            .at("/targets/0/transform/unit")
            .asDouble(Double.NaN));
    transform.put("unit", 0.0);
    BundleException zero = assertThrows(BundleException.class, () -> read(tree));
    assertTrue(zero.getMessage().contains("unit"), zero.getMessage());
  }

  /**
   * A 1.3 manifest has no category shares: it reads as one without them, and an unknown value is
   * then encoded one-hot in "other", as before.
   */
  @Test
  void readsCategoricalConditionsWithoutCategorySharesAsFormatOneThree() throws Exception {
    ObjectNode tree = sampleTree();
    tree.put("format_version", "1.3");
    ((ObjectNode) tree.get("conditions").get(1)).remove("category_shares");

    CategoricalCondition region = (CategoricalCondition) read(tree).conditions().get(1);

    assertEquals(List.of(), region.categoryShares());
    assertFalse(region.encodesUnknownAsShares());
  }

  /**
   * A 1.5 manifest has no training ranges: it reads as one whose ranges are unknown, and writes
   * back without them.
   */
  @Test
  void readsNumericConditionsWithoutTrainingRangeAsFormatOneFive() throws Exception {
    ObjectNode tree = sampleTree();
    tree.put("format_version", "1.5");
    ((ObjectNode) tree.get("conditions").get(0)).remove("training_range");

    Manifest read = read(tree);
    NumericCondition age = (NumericCondition) read.conditions().get(0);

    assertFalse(age.hasTrainingRange());
    assertFalse(
        JSON.readTree(ManifestJson.toBytes(read)).at("/conditions/0").has("training_range"));
    NumericCondition trained = (NumericCondition) SampleManifests.sample().conditions().get(0);
    assertEquals(List.of(16.0, 90.0), trained.trainingRange());
  }

  @Test
  void refusesATrainingRangeThatIsNotMinThenMax() throws Exception {
    ObjectNode reversed = sampleTree();
    ((ArrayNode) reversed.at("/conditions/0/training_range")).removeAll().add(90.0).add(16.0);
    ObjectNode single = sampleTree();
    ((ArrayNode) single.at("/conditions/0/training_range")).remove(1);

    assertEquals(
        "b/manifest.json: conditions[0]: field 'training_range' must hold [min, max] with min <="
            + " max, got [90.0, 16.0]",
        assertThrows(BundleException.class, () -> read(reversed)).getMessage());
    assertEquals(
        "b/manifest.json: conditions[0]: field 'training_range' must hold [min, max], got 1"
            + " values",
        assertThrows(BundleException.class, () -> read(single)).getMessage());
  }

  @Test
  void refusesCategorySharesThatAreNotOneShareEachSummingToOne() throws Exception {
    ObjectNode wrongCount = sampleTree();
    ((ArrayNode) wrongCount.at("/conditions/1/category_shares")).add(0.0);
    ObjectNode wrongSum = sampleTree();
    ((ArrayNode) wrongSum.at("/conditions/1/category_shares")).set(0, 0.5);
    ObjectNode underError = sampleTree();
    ((ObjectNode) underError.get("conditions").get(1)).put("unknown_category", "error");

    assertEquals(
        "b/manifest.json: conditions[1]: field 'category_shares' must hold one share per"
            + " category (2), got 3",
        assertThrows(BundleException.class, () -> read(wrongCount)).getMessage());
    assertTrue(
        assertThrows(BundleException.class, () -> read(wrongSum))
            .getMessage()
            .contains("field 'category_shares' must sum to 1, got 1.125"));
    assertTrue(
        assertThrows(BundleException.class, () -> read(underError))
            .getMessage()
            .contains("field 'category_shares' is only used with unknown_category other"));
  }

  /**
   * A synthesis bundle's condition with pooled rare categories reads with its pool and share, and a
   * pool under policy error (whose unknown values would be refused, not the trained pool) is
   * refused naming the condition.
   */
  @Test
  void readsPooledCategoriesAndRefusesAPoolUnderError() throws Exception {
    ObjectNode pooled = sampleTree();
    ObjectNode region = (ObjectNode) pooled.get("conditions").get(1);
    region.remove("category_shares");
    region.put("pooled_categories", 3).put("pooled_share", 0.0125);
    ObjectNode underError = pooled.deepCopy();
    ((ObjectNode) underError.get("conditions").get(1)).put("unknown_category", "error");

    CategoricalCondition read = (CategoricalCondition) read(pooled).conditions().get(1);

    assertEquals(3, read.pooledCategories());
    assertEquals(0.0125, read.pooledShare());
    assertFalse(read.encodesUnknownAsShares());
    JsonNode written = JSON.readTree(ManifestJson.toBytes(read(pooled))).at("/conditions/1");
    assertEquals(3, written.get("pooled_categories").asInt());
    assertEquals(0.0125, written.get("pooled_share").asDouble());
    assertFalse(
        JSON.readTree(ManifestJson.toBytes(SampleManifests.sample()))
            .at("/conditions/1")
            .has("pooled_categories"));
    assertTrue(
        assertThrows(BundleException.class, () -> read(underError))
            .getMessage()
            .startsWith(
                "b/manifest.json: conditions[1]: field 'pooled_categories' needs"
                    + " unknown_category other"));
  }

  @Test
  void modelWithObservedTargetsHasTheObservedInputsAndRoundTrips() throws Exception {
    Manifest manifest = SampleManifests.withObservedTargets();
    JsonNode tree = JSON.readTree(ManifestJson.toJson(manifest));

    Manifest read = ManifestJson.fromBytes(SOURCE, ManifestJson.toBytes(manifest));

    assertEquals(manifest, read);
    assertTrue(tree.get("observed_targets").asBoolean());
    // observed: T 4 + S 11 + D 2 = 17 floats; observed_values: T = 4.
    assertEquals("observed", tree.get("onnx").get("inputs").get(3).get("name").asText());
    assertEquals("[\"batch\",17]", tree.get("onnx").get("inputs").get(3).get("shape").toString());
    assertEquals("[\"batch\",4]", tree.get("onnx").get("inputs").get(4).get("shape").toString());
  }

  @Test
  void refusesObservedTargetsWithoutTheObservedInputs() throws Exception {
    ObjectNode tree = (ObjectNode) JSON.readTree(ManifestJson.toJson(SampleManifests.sample()));
    tree.put("observed_targets", true);

    BundleException error =
        assertThrows(
            BundleException.class,
            () -> ManifestJson.fromBytes(SOURCE, JSON.writeValueAsBytes(tree)));

    assertTrue(error.getMessage().contains("onnx.inputs lacks 'observed'"), error.getMessage());
  }

  @Test
  void derivesTheModelDimensions() {
    ModelDimensions dimensions = SampleManifests.sample().dimensions();

    assertEquals(4, dimensions.encodedWidth());
    assertEquals(4, dimensions.gates());
    assertEquals(List.of(3, 3, 2, 3), dimensions.gateStateCounts());
    assertEquals(11, dimensions.gateStateTotal());
    assertEquals(0, dimensions.stateOffset(0));
    assertEquals(8, dimensions.stateOffset(3));
    assertEquals(2, dimensions.continuousTargets());
    assertEquals(4, dimensions.targets());
  }

  @Test
  void refusesAMissingTopLevelField() throws Exception {
    ObjectNode tree = sampleTree();
    tree.remove("model_id");

    BundleException error = assertThrows(BundleException.class, () -> read(tree));

    assertEquals("b/manifest.json: missing field 'model_id'", error.getMessage());
  }

  @Test
  void refusesAMissingNestedFieldNamingItsPath() throws Exception {
    ObjectNode tree = sampleTree();
    ((ObjectNode) tree.get("conditions").get(0)).remove("sd");

    BundleException error = assertThrows(BundleException.class, () -> read(tree));

    assertEquals("b/manifest.json: missing field 'conditions[0].sd'", error.getMessage());
  }

  @Test
  void refusesANullField() throws Exception {
    ObjectNode tree = sampleTree();
    tree.putNull("created_at");

    BundleException error = assertThrows(BundleException.class, () -> read(tree));

    assertEquals("b/manifest.json: field 'created_at' is null", error.getMessage());
  }

  @Test
  void refusesAnotherMajorVersion() throws Exception {
    ObjectNode tree = sampleTree();
    tree.put("format_version", "2.1");

    BundleException error = assertThrows(BundleException.class, () -> read(tree));

    assertEquals(
        "b/manifest.json: format version 2.1 is not supported (this flowimpute reads 1.x and 2.0);"
            + " use a matching flowimpute version or retrain",
        error.getMessage());
    // the message docs/model-bundle.md quotes
    tree.put("format_version", "3.0");
    assertEquals(
        "b/manifest.json: format version 3.0 is not supported (this flowimpute reads 1.x and 2.0);"
            + " use a matching flowimpute version or retrain",
        assertThrows(BundleException.class, () -> read(tree)).getMessage());
  }

  /**
   * A model with observed-target inputs whose transform has a unit is written as format 2.0, which
   * 1.x readers refuse (they would ignore the unit and encode the observed amounts wrongly); this
   * reader reads it. Without observed inputs, or in units of 1, it stays 1.x.
   */
  @Test
  void writesObservedTargetsInUnitsAsFormatTwo() throws Exception {
    ObjectNode tree =
        (ObjectNode) JSON.readTree(ManifestJson.toBytes(SampleManifests.withObservedTargets()));
    assertEquals("1.6", tree.get("format_version").asText());
    ((ObjectNode) tree.get("targets").get(1).get("transform")).put("unit", 1e-3);
    Manifest inUnits = read(tree);
    Manifest rebuilt =
        Manifest.builder()
            .modelId(inUnits.modelId())
            .createdAt(inUnits.createdAt())
            .trainingData(inUnits.trainingData())
            .conditions(inUnits.conditions())
            .targets(inUnits.targets())
            .training(inUnits.training())
            .observedTargets(true)
            .build();

    assertEquals("2.0", rebuilt.formatVersion());
    assertEquals(rebuilt, ManifestJson.fromBytes(SOURCE, ManifestJson.toBytes(rebuilt)));
    assertEquals(
        "1.6",
        Manifest.builder()
            .modelId(inUnits.modelId())
            .createdAt(inUnits.createdAt())
            .trainingData(inUnits.trainingData())
            .conditions(inUnits.conditions())
            .targets(inUnits.targets())
            .training(inUnits.training())
            .build()
            .formatVersion());
  }

  @Test
  void acceptsANewerMinorVersionWithUnknownFields() throws Exception {
    ObjectNode tree = sampleTree();
    tree.put("format_version", "1.7");
    tree.put("added_in_1_7", "ignored");

    Manifest manifest = read(tree);

    assertEquals(new FormatVersion(1, 7), manifest.version());
  }

  @Test
  void refusesMalformedAndTruncatedJson() {
    byte[] full = ManifestJson.toBytes(SampleManifests.sample());
    byte[] truncated = java.util.Arrays.copyOf(full, full.length / 2);

    BundleException malformed =
        assertThrows(
            BundleException.class,
            () -> ManifestJson.fromBytes(SOURCE, "{\"model_id\": }".getBytes()));
    BundleException cut =
        assertThrows(BundleException.class, () -> ManifestJson.fromBytes(SOURCE, truncated));
    BundleException empty =
        assertThrows(BundleException.class, () -> ManifestJson.fromBytes(SOURCE, new byte[0]));

    assertTrue(
        malformed.getMessage().startsWith(SOURCE + ": malformed JSON"), malformed.getMessage());
    assertTrue(cut.getMessage().startsWith(SOURCE + ": malformed JSON"), cut.getMessage());
    assertTrue(empty.getMessage().startsWith(SOURCE + ": not a JSON object"), empty.getMessage());
  }

  @Test
  void refusesDuplicateKeys() {
    String json = ManifestJson.toJson(SampleManifests.sample());
    String duplicated = json.replaceFirst("\\{", "{\"model_id\": \"other\",");

    BundleException error =
        assertThrows(
            BundleException.class,
            () -> ManifestJson.fromBytes(SOURCE, duplicated.getBytes(StandardCharsets.UTF_8)));

    assertTrue(error.getMessage().contains("Duplicate field 'model_id'"), error.getMessage());
  }

  @Test
  void refusesOnnxShapesThatDisagreeWithTheConditions() throws Exception {
    ObjectNode tree = sampleTree();
    ArrayNode contextShape = (ArrayNode) tree.get("onnx").get("inputs").get(0).get("shape");
    contextShape.set(1, 5);

    BundleException error = assertThrows(BundleException.class, () -> read(tree));

    assertTrue(
        error.getMessage().contains("expected context float32[batch, 4]"), error.getMessage());
  }

  @Test
  void refusesAnOutOfRangeValueNamingTheField() throws Exception {
    ObjectNode tree = sampleTree();
    ((ObjectNode) tree.get("targets").get(1).get("transform")).put("sigma", -1.0);

    BundleException error = assertThrows(BundleException.class, () -> read(tree));

    assertEquals(
        "b/manifest.json: targets[1].transform: field 'sigma' must be > 0, got -1.0",
        error.getMessage());
  }

  @Test
  void refusesAnUnknownKind() throws Exception {
    ObjectNode tree = sampleTree();
    ((ObjectNode) tree.get("conditions").get(0)).put("kind", "ordinal");

    BundleException error = assertThrows(BundleException.class, () -> read(tree));

    assertTrue(error.getMessage().startsWith(SOURCE + ": conditions[0]"), error.getMessage());
    assertTrue(error.getMessage().contains("ordinal"), error.getMessage());
  }

  /**
   * Targets are continuous or categorical: {@code train} never wrote a third kind "binary" (a 0/1
   * column is a continuous target with a point mass at 1), so a manifest naming it is refused.
   */
  @Test
  void refusesTheBinaryTargetKindNoModelHas() throws Exception {
    ObjectNode tree = sampleTree();
    ObjectNode benefit = (ObjectNode) tree.get("targets").get(2);
    benefit.put("kind", "binary");
    benefit.remove("categories");
    benefit.set("observed_states", JSON.readTree("[\"0\", \"1\"]"));

    BundleException error = assertThrows(BundleException.class, () -> read(tree));

    assertTrue(error.getMessage().startsWith(SOURCE + ": targets[2]"), error.getMessage());
    assertTrue(error.getMessage().contains("binary"), error.getMessage());
  }

  @Test
  void refusesAVariableThatIsBothConditionAndTarget() {
    Manifest sample = SampleManifests.sample();

    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Manifest.builder()
                    .modelId("m")
                    .trainingData(sample.trainingData())
                    .conditions(List.of(new NumericCondition("wage", 1, 1)))
                    .targets(sample.targets())
                    .training(sample.training())
                    .build());

    assertTrue(error.getMessage().contains("'wage'"), error.getMessage());
  }

  @Test
  void readsAFormat10ManifestAsOneWithoutPointMasses() throws Exception {
    ObjectNode tree = sampleTree();
    tree.put("format_version", "1.0");

    Manifest manifest = read(tree);

    assertEquals(List.of(), manifest.continuousTargets().get(1).atoms());
    assertEquals(List.of(3, 3, 2, 3), manifest.dimensions().gateStateCounts());
  }

  @Test
  void roundTripsPointMassesAsExtraGateStates() throws Exception {
    ObjectNode tree = withSavingsAtoms(sampleTree(), "[-50.0, 120.0]");

    Manifest manifest = read(tree);
    Manifest again = ManifestJson.fromBytes(SOURCE, ManifestJson.toBytes(manifest));

    ContinuousTarget savings = manifest.continuousTargets().get(1);
    assertEquals(List.of(-50.0, 120.0), savings.atoms());
    assertEquals(List.of("negative", "zero", "positive", "=-50.0", "=120.0"), savings.gateStates());
    assertEquals(4, savings.stateOf(120.0));
    assertEquals(ContinuousTarget.POSITIVE, savings.stateOf(121.0));
    assertEquals(List.of(3, 5, 2, 3), manifest.dimensions().gateStateCounts());
    assertEquals(manifest, again);
  }

  @Test
  void refusesPointMassesOutOfOrder() throws Exception {
    ObjectNode tree = withSavingsAtoms(sampleTree(), "[120.0, -50.0]");

    BundleException error = assertThrows(BundleException.class, () -> read(tree));

    assertEquals(
        SOURCE
            + ": targets[1]: field 'atoms' must hold distinct nonzero finite values in ascending"
            + " order, got [120.0, -50.0]",
        error.getMessage());
  }

  /** Format 1.2's per-sign magnitude ranges round-trip; a manifest without them has none. */
  @Test
  void roundTripsSignRangesAndReadsOlderManifestsWithout() throws Exception {
    ObjectNode tree = sampleTree();
    ((ObjectNode) tree.get("targets").get(1).get("transform"))
        .set(
            "sign_ranges",
            JSON.readTree(
                "{\"negative\": {\"min_abs\": 0.5, \"max_abs\": 4000.0},"
                    + " \"positive\": {\"min_abs\": 2.0, \"max_abs\": 90000.0}}"));

    Manifest manifest = read(tree);
    Manifest again = ManifestJson.fromBytes(SOURCE, ManifestJson.toBytes(manifest));

    MagnitudeTransform savings = manifest.continuousTargets().get(1).transform();
    assertEquals(
        Map.of(
            "negative", new MagnitudeRange(0.5, 4000.0),
            "positive", new MagnitudeRange(2.0, 90000.0)),
        savings.signRanges());
    assertEquals(manifest, again);
    assertEquals(Map.of(), read(sampleTree()).continuousTargets().get(1).transform().signRanges());
    assertFalse(
        sampleTree().get("targets").get(1).get("transform").has("sign_ranges"),
        "written only when there are ranges");
  }

  @Test
  void refusesSignRangesBeyondTheTransformOrOfUnknownSigns() throws Exception {
    String[][] cases = {
      {
        "{\"negative\": {\"min_abs\": 1.0, \"max_abs\": 95000.0}}",
        "field 'sign_ranges.negative.max_abs' must be <= max_abs 90000.0, got 95000.0"
      },
      {
        "{\"zero\": {\"min_abs\": 1.0, \"max_abs\": 2.0}}",
        "field 'sign_ranges' may name negative and positive, got 'zero'"
      },
      {
        "{\"positive\": {\"min_abs\": 3.0, \"max_abs\": 2.0}}",
        "field 'max_abs' must be >= min_abs 3.0, got 2.0"
      },
    };
    for (String[] c : cases) {
      ObjectNode tree = sampleTree();
      ((ObjectNode) tree.get("targets").get(1).get("transform"))
          .set("sign_ranges", JSON.readTree(c[0]));

      BundleException error = assertThrows(BundleException.class, () -> read(tree));

      assertTrue(error.getMessage().contains(c[1]), error.getMessage());
      assertTrue(error.getMessage().startsWith(SOURCE + ": targets[1]"), error.getMessage());
    }
  }

  /** The sample with point masses on savings, the ONNX gate width grown to match. */
  private static ObjectNode withSavingsAtoms(ObjectNode tree, String atoms) throws Exception {
    ObjectNode savings = (ObjectNode) tree.get("targets").get(1);
    savings.set("atoms", JSON.readTree(atoms));
    ArrayNode observed = (ArrayNode) savings.get("observed_states");
    for (JsonNode atom : JSON.readTree(atoms)) {
      observed.add("=" + atom.asDouble());
    }
    for (JsonNode output : tree.get("onnx").get("outputs")) {
      if (output.get("name").asText().equals("gate_probabilities")) {
        ((ArrayNode) output.get("shape")).set(1, 13);
      }
    }
    return tree;
  }

  private static ObjectNode sampleTree() throws Exception {
    return (ObjectNode) JSON.readTree(ManifestJson.toBytes(SampleManifests.sample()));
  }

  private static Manifest read(JsonNode tree) throws Exception {
    return ManifestJson.fromBytes(SOURCE, JSON.writeValueAsBytes(tree));
  }
}
