package org.flowimpute.synth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.flowimpute.bundle.BundleException;

/**
 * Reads a {@code synthesis.json} written before format 1.3, which has no value tables (no {@code
 * values} of numeric conditions, no {@code probabilities} of cells). Its integer conditions are
 * refused: their quantiles, interpolated and rounded, drew each value with about (share below + 2 ×
 * its share + share above) / 4, so a 0/1 condition with 10 % ones came out with 30 %. Without
 * integer conditions it reads as a file whose numeric conditions are all continuous, drawn as
 * before. A file without {@code release_version} (written before 2026-12-03) reads as release
 * version 1, so that {@code inspect} can say its quantiles and suppressed weight share may give
 * away values and weights of fewer than K rows.
 */
final class LegacySynthesis {

  private LegacySynthesis() {}

  /**
   * Marks a file written before release version 2 as release version 1, and adds the empty value
   * tables of a file written before format 1.3 in place, or refuses it.
   */
  static void upgrade(String source, ObjectNode root) throws BundleException {
    if (!root.has("release_version")) {
      root.put("release_version", 1);
    }
    List<ObjectNode> numeric = objects(root.get("numeric"));
    List<ObjectNode> cells = objects(root.get("cells"));
    boolean legacy =
        numeric.stream().anyMatch(n -> !n.has("values"))
            || cells.stream().anyMatch(c -> !c.has("probabilities"));
    if (!legacy) {
      return;
    }
    List<String> integers = new ArrayList<>();
    for (ObjectNode condition : numeric) {
      if (condition.path("integer").asBoolean(false) && !condition.has("values")) {
        integers.add(condition.path("name").asText());
      }
    }
    if (!integers.isEmpty()) {
      throw new BundleException(
          source
              + ": written before bundle format 1.3, without value tables: the values of its integer"
              + " conditions ("
              + String.join(", ", integers)
              + ") would come out with wrong shares where they have few values (a 0/1 condition"
              + " with 10 % ones came out with 30 %); retrain with `flowimpute train --synthesis`"
              + " to synthesize from this model");
    }
    for (ObjectNode condition : numeric) {
      if (!condition.has("values")) {
        condition.putArray("values");
      }
    }
    for (ObjectNode cell : cells) {
      if (!cell.has("probabilities")) {
        ArrayNode probabilities = cell.putArray("probabilities");
        numeric.forEach(n -> probabilities.addArray());
      }
    }
  }

  private static List<ObjectNode> objects(JsonNode array) {
    List<ObjectNode> out = new ArrayList<>();
    if (array instanceof ArrayNode elements) {
      for (JsonNode element : elements) {
        if (element instanceof ObjectNode object) {
          out.add(object);
        }
      }
    }
    return out;
  }
}
