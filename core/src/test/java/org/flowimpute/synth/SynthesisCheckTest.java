package org.flowimpute.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.flowimpute.bundle.BundleException;
import org.flowimpute.bundle.BundleWriter;
import org.flowimpute.bundle.ModelBundle;
import org.flowimpute.bundle.SampleManifests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bundle's synthesis.json is checked against its manifest when read: only its sizes were checked,
 * so a category the model does not know surfaced as "s38: field 'region': unknown category
 * 'atlantis'" (naming a synthetic record), and negative shares, a negative total weight, decreasing
 * quantiles or a repeated cell were drawn from.
 */
class SynthesisCheckTest {

  private static final int ROWS = 400;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  /** The sample manifest's conditions: region north/south and age, here 20..25 (discrete). */
  private static ConditionSynthesis fitted() {
    Map<String, String[]> categorical =
        Map.of(
            "region",
            IntStream.range(0, ROWS)
                .mapToObj(i -> i % 3 == 0 ? "north" : "south")
                .toArray(String[]::new));
    Map<String, double[]> numeric = new LinkedHashMap<>();
    numeric.put("age", IntStream.range(0, ROWS).mapToDouble(i -> 20 + (i * 7) % 6).toArray());
    double[] weights = IntStream.range(0, ROWS).mapToDouble(i -> 1 + i % 5).toArray();
    return ConditionSynthesisFitter.fit(categorical, numeric, weights, 10);
  }

  private ModelBundle bundle(Consumer<ObjectNode> edit) throws Exception {
    ObjectNode tree = (ObjectNode) JSON.readTree(fitted().toBytes());
    edit.accept(tree);
    Path target = dir.resolve("bundle-" + System.nanoTime());
    BundleWriter.write(
        target,
        SampleManifests.sample(),
        SampleManifests.MODEL_BYTES,
        Map.of(ConditionSynthesis.FILE, JSON.writeValueAsBytes(tree)));
    return ModelBundle.load(target);
  }

  /** The problem read() reports for the edited file, after "BUNDLE/synthesis.json: ". */
  private String refusal(Consumer<ObjectNode> edit) throws Exception {
    ModelBundle bundle = bundle(edit);
    BundleException error =
        assertThrows(BundleException.class, () -> ConditionSynthesis.read(bundle));
    String where = bundle.location() + "/" + ConditionSynthesis.FILE + ": ";
    assertTrue(error.getMessage().startsWith(where), error.getMessage());
    return error.getMessage().substring(where.length());
  }

  private static ObjectNode cell(ObjectNode tree, int index) {
    return (ObjectNode) tree.get("cells").get(index);
  }

  @Test
  void aFileAsTrainWritesItReads() throws Exception {
    assertEquals(fitted(), ConditionSynthesis.read(bundle(tree -> {})).orElseThrow());
  }

  @Test
  void anUnknownCategoryIsNamedWithItsCellAndTheManifestsCategories() throws Exception {
    String problem =
        refusal(tree -> ((ArrayNode) cell(tree, 0).get("categories")).set(0, "atlantis"));

    assertEquals(
        "cell [atlantis]: region 'atlantis' is not a category of the manifest, expected one of"
            + " [north, south]",
        problem);
  }

  @Test
  void aTotalWeightThatIsNotPositiveIsRefused() throws Exception {
    assertEquals(
        "field 'total_weight' is -5.0, expected a finite number > 0",
        refusal(tree -> tree.put("total_weight", -5.0)));
    assertEquals(
        "field 'total_weight' is 0.0, expected a finite number > 0",
        refusal(tree -> tree.put("total_weight", 0.0)));
  }

  @Test
  void aNegativeShareAndSharesNotSummingToOneAreRefused() throws Exception {
    assertEquals(
        "cell [north]: share -0.1, expected a finite number >= 0",
        refusal(tree -> cell(tree, 0).put("share", -0.1)));
    assertEquals(
        "the cells' shares sum to 1.50000000, expected 1 (within 1.0E-6)",
        refusal(tree -> cell(tree, 0).put("share", cell(tree, 0).get("share").asDouble() + 0.5)));
  }

  @Test
  void decreasingQuantilesAreRefused() throws Exception {
    String cellProblem =
        refusal(tree -> ((ArrayNode) cell(tree, 1).get("quantiles").get(0)).set(5, 19.5));
    String marginalProblem =
        refusal(tree -> ((ArrayNode) tree.get("numeric").get(0).get("quantiles")).set(19, 1.0));

    assertEquals(
        "cell [south]: 'age': quantile 6 is 19.5, below quantile 5 ("
            + fitted().cells().get(1).quantiles().get(0).get(4)
            + "), expected non-decreasing quantiles",
        cellProblem);
    assertEquals(
        "numeric condition 'age': quantile 20 is 1.0, below quantile 19 ("
            + fitted().numeric().get(0).quantiles().get(18)
            + "), expected non-decreasing quantiles",
        marginalProblem);
  }

  @Test
  void aCellListedTwiceIsRefused() throws Exception {
    String problem =
        refusal(
            tree -> {
              ((ArrayNode) tree.get("cells")).add(cell(tree, 0).deepCopy());
              cell(tree, 0).put("share", cell(tree, 0).get("share").asDouble() / 2);
              cell(tree, 2).put("share", cell(tree, 2).get("share").asDouble() / 2);
            });

    assertEquals("cell [north] is listed twice, expected each cell once", problem);
  }

  @Test
  void conditionsMustBeTheManifestsOfTheirKind() throws Exception {
    assertEquals(
        "categorical condition 'area' is not a categorical condition of the manifest, expected one"
            + " of [region]",
        refusal(tree -> ((ArrayNode) tree.get("categorical")).set(0, "area")));
    assertEquals(
        "numeric condition 'years' is not a numeric condition of the manifest, expected one of"
            + " [age]",
        refusal(tree -> ((ObjectNode) tree.get("numeric").get(0)).put("name", "years")));
    assertEquals(
        "the manifest's numeric condition 'age' is missing, expected every condition of the model",
        refusal(
            tree -> {
              tree.putArray("numeric");
              tree.putArray("copula_correlation");
              tree.get("cells")
                  .forEach(
                      c -> {
                        ((ObjectNode) c).putArray("quantiles");
                        ((ObjectNode) c).putArray("probabilities");
                      });
            }));
  }

  @Test
  void aCellOfTheWrongArityNamesTheConditions() throws Exception {
    assertEquals(
        "cell [north, coast] has 2 categories, expected 1, one per categorical condition [region]",
        refusal(tree -> ((ArrayNode) cell(tree, 0).get("categories")).add("coast")));
  }

  @Test
  void valueProbabilitiesMustBeSharesSummingToOne() throws Exception {
    assertEquals(
        "cell [north]: 'age': probability 2 is -0.5, expected a finite number >= 0",
        refusal(tree -> ((ArrayNode) cell(tree, 0).get("probabilities").get(0)).set(1, -0.5)));
    assertEquals(
        "cell [north]: 'age': the probabilities sum to 1.25000000, expected 1 (within 1.0E-6)",
        refusal(
            tree -> {
              ArrayNode probabilities = (ArrayNode) cell(tree, 0).get("probabilities").get(0);
              probabilities.set(1, probabilities.get(1).asDouble() + 0.25);
            }));
  }

  @Test
  void theCopulaMustBeACorrelationMatrix() throws Exception {
    assertEquals(
        "field 'copula_correlation' row 1 entry 1 is 0.5, expected 1 on the diagonal",
        refusal(tree -> ((ArrayNode) tree.get("copula_correlation").get(0)).set(0, 0.5)));
  }
}
