package org.flowimpute.calibrate.targets;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Refuses a number of a targets file written as infinite or not a number: YAML's {@code .inf},
 * {@code -.inf} and {@code .nan}, and {@code NaN}, {@code Infinity} and {@code INF} (text that
 * Jackson reads as a number, or JSON's non-standard tokens). YAML's forms failed as "Malformed
 * numeric value '.inf' (line 4)" and JSON's as "Non-standard token 'NaN': enable
 * JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS", naming neither the target nor the field.
 */
final class NonFiniteNumbers {

  /** The spellings refused, after one leading sign. */
  private static final Set<String> SPELLINGS =
      Set.of(".inf", ".Inf", ".INF", ".nan", ".NaN", ".NAN", "NaN", "Infinity", "INF");

  private static final Set<String> LISTS = Set.of("targets", "householdTargets");
  private static final Set<String> VALUES = Set.of("value", "lower", "upper");
  private static final Set<String> NUMBER_LISTS = Set.of("shares", "edges");
  private static final Set<String> LOSS_NUMBERS = Set.of("scale", "weight");

  private NonFiniteNumbers() {}

  /**
   * Throws naming the first number field of the document in {@code text} (values, band ends,
   * shares, edges, loss scale and weight) that holds such a spelling: its target, field and entry,
   * the spelling, its line and its path. Text that is not YAML or JSON is left to the reading that
   * follows, which words its error as a strict parser does (this one also takes NaN in JSON).
   */
  static void check(ObjectMapper mapper, String text) throws IOException {
    Map<String, String> names = new HashMap<>();
    List<String> found = null;
    String spelling = null;
    int line = 0;
    try (JsonParser parser =
        mapper
            .getFactory()
            .createParser(text)
            .disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS.mappedFeature())) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        List<String> path = steps(parser.getParsingContext().pathAsPointer());
        if (token.isScalarValue()
            && path.size() == 3
            && LISTS.contains(path.get(0))
            && path.get(2).equals("name")) {
          names.put(path.get(0) + path.get(1), parser.getText());
        }
        if (found == null
            && token.isScalarValue()
            && refused(parser.getText())
            && numberField(path) != null) {
          found = path;
          spelling = parser.getText();
          line = Math.max(0, parser.currentTokenLocation().getLineNr());
        }
        if (parser.getParsingContext().inRoot()) {
          break;
        }
      }
    } catch (JsonProcessingException unreadable) {
      // the reading that follows reports the syntax error as the strict parser words it
      return;
    }
    if (found != null) {
      throw new IllegalArgumentException(
          label(found, names)
              + numberField(found)
              + ": expected a finite number, got "
              + spelling
              + " ("
              + (line > 0 ? "line " + line + ", " : "")
              + "at "
              + dotted(found)
              + ")");
    }
  }

  private static boolean refused(String text) {
    String unsigned = text.startsWith("-") || text.startsWith("+") ? text.substring(1) : text;
    return SPELLINGS.contains(unsigned);
  }

  /**
   * " field 'value'", " field 'shares' entry 2": the number field at {@code path} of a target, or
   * null when {@code path} is not one.
   */
  private static String numberField(List<String> path) {
    if (path.size() < 3 || !LISTS.contains(path.get(0))) {
      return null;
    }
    List<String> rest = path.subList(2, path.size());
    if (rest.size() >= 2 && rest.get(0).equals("cells") && isIndex(rest.get(1))) {
      rest = rest.subList(2, rest.size());
    } else if (rest.size() == 2 && rest.get(0).equals("loss")) {
      return LOSS_NUMBERS.contains(rest.get(1)) ? " field '" + rest.get(1) + "'" : null;
    }
    if (rest.size() == 1 && VALUES.contains(rest.get(0))) {
      return " field '" + rest.get(0) + "'";
    }
    if (rest.size() == 2 && NUMBER_LISTS.contains(rest.get(0)) && isIndex(rest.get(1))) {
      return " field '" + rest.get(0) + "' entry " + (Integer.parseInt(rest.get(1)) + 1);
    }
    return null;
  }

  /**
   * "target 'people'" ("household target 'homes'"), or "target 2" ("household target 2") when it
   * has no name in the text.
   */
  private static String label(List<String> path, Map<String, String> names) {
    String name = names.get(path.get(0) + path.get(1));
    if (name != null) {
      return TargetLabel.named(path.get(0), name);
    }
    return TargetLabel.kind(path.get(0)) + " " + (Integer.parseInt(path.get(1)) + 1);
  }

  /** The steps of {@code pointer}: field names, and indexes as digits. */
  private static List<String> steps(JsonPointer pointer) {
    List<String> steps = new ArrayList<>();
    for (JsonPointer step = pointer; !step.matches(); step = step.tail()) {
      steps.add(step.getMatchingProperty());
    }
    return steps;
  }

  /** "targets[0].cells[1].value". */
  private static String dotted(List<String> path) {
    StringBuilder at = new StringBuilder();
    for (String step : path) {
      if (isIndex(step)) {
        at.append('[').append(step).append(']');
      } else {
        at.append(at.length() == 0 ? "" : ".").append(step);
      }
    }
    return at.toString();
  }

  private static boolean isIndex(String step) {
    return !step.isEmpty() && step.chars().allMatch(Character::isDigit);
  }
}
