package org.flowimpute.bundle;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flowimpute.household.HouseholdContext;
import org.flowimpute.table.IoErrors;

/**
 * Reads and writes manifest.json (snake_case JSON, pretty printed, stable key order). Reading is
 * strict about what matters (format version, required fields, duplicate keys, value ranges) and
 * lenient about unknown fields, which newer minor versions may add. Every failure is a {@link
 * BundleException} naming the file and, where possible, the field path.
 */
public final class ManifestJson {
  private static final Pattern CREATOR_PROPERTY =
      Pattern.compile("(Missing|Null value for) (required )?creator property '([^']+)'");

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .disable(MapperFeature.USE_GETTERS_AS_SETTERS)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .build();

  /** Optional field (format 1.1); absent means false. */
  private static final String OBSERVED_TARGETS = "observed_targets";

  private ManifestJson() {}

  /** The manifest as pretty-printed UTF-8 JSON with a final newline. */
  public static byte[] toBytes(Manifest manifest) {
    return (toJson(manifest) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  /** The manifest as pretty-printed JSON. */
  public static String toJson(Manifest manifest) {
    try {
      return MAPPER.writeValueAsString(manifest);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot serialize manifest of " + manifest.modelId(), e);
    }
  }

  /**
   * What a manifest says about using its graph — conditions, targets, whether it takes observed
   * targets, household context — as compact JSON in the manifest's layout: part of the model id,
   * since two graphs of the same bytes encode and decode records differently under other ones.
   */
  public static String definitionJson(
      List<ConditionSpec> conditions,
      List<TargetSpec> targets,
      boolean observedTargets,
      HouseholdContext household) {
    try {
      return MAPPER
          .writer()
          .without(SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(new Definition(conditions, targets, observedTargets, household));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot serialize the model's conditions and targets", e);
    }
  }

  /** The part of a manifest {@link #definitionJson} writes. */
  private record Definition(
      List<ConditionSpec> conditions,
      List<TargetSpec> targets,
      boolean observedTargets,
      HouseholdContext household) {}

  /**
   * Parses and validates a manifest.
   *
   * @param source how to name the file in messages, e.g. {@code "bundle/manifest.json"}
   * @param json the file's bytes
   * @throws BundleException if the JSON is malformed, of another major version, or invalid
   */
  public static Manifest fromBytes(String source, byte[] json) throws BundleException {
    JsonNode tree;
    try {
      tree = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new BundleException(source + ": malformed JSON: " + oneLine(e.getOriginalMessage()), e);
    } catch (IOException e) {
      throw new BundleException(source + ": cannot read: " + IoErrors.describe(e), e);
    }
    if (tree == null || tree.isMissingNode() || !tree.isObject()) {
      throw new BundleException(source + ": not a JSON object (empty or truncated file?)");
    }
    checkVersion(source, tree);
    addOptionalFields(tree);
    try {
      return MAPPER.treeToValue(tree, Manifest.class);
    } catch (JsonMappingException e) {
      throw new BundleException(source + ": " + describe(e), e);
    } catch (JsonProcessingException e) {
      throw new BundleException(source + ": " + oneLine(e.getOriginalMessage()), e);
    }
  }

  /**
   * Fills in fields that later minor versions added as optional, so that the strict binding (every
   * creator property required) still reads older manifests: {@code observed_targets} defaults to
   * false, {@code household} to none and {@code atoms} of continuous targets to none (all format
   * 1.1), {@code sign_ranges} of their transforms to none (format 1.2), {@code category_shares} of
   * categorical conditions to none (format 1.4), the {@code unit} of transforms to 1 (format 1.5),
   * the {@code training_range} of numeric conditions to unknown (format 1.6), and the {@code
   * pooled_categories} and {@code pooled_share} of categorical conditions (synthesis bundles) to
   * none.
   */
  private static void addOptionalFields(JsonNode tree) {
    if (!tree.has(OBSERVED_TARGETS)) {
      ((ObjectNode) tree).put(OBSERVED_TARGETS, false);
    }
    if (!tree.has("household")) {
      ((ObjectNode) tree).set("household", MAPPER.valueToTree(HouseholdContext.none()));
    }
    JsonNode conditions = tree.get("conditions");
    if (conditions != null && conditions.isArray()) {
      for (JsonNode condition : conditions) {
        if (condition instanceof ObjectNode object) {
          String kind = object.path("kind").asText();
          if ("categorical".equals(kind)) {
            if (!object.has("category_shares")) {
              object.putArray("category_shares");
            }
            if (!object.has("pooled_categories")) {
              object.put("pooled_categories", 0);
            }
            if (!object.has("pooled_share")) {
              object.put("pooled_share", Double.NaN);
            }
          }
          if ("numeric".equals(kind) && !object.has("training_range")) {
            object.putArray("training_range");
          }
        }
      }
    }
    JsonNode targets = tree.get("targets");
    if (targets == null || !targets.isArray()) {
      return;
    }
    for (JsonNode target : targets) {
      if (target instanceof ObjectNode object
          && "continuous".equals(object.path("kind").asText())) {
        if (!object.has("atoms")) {
          object.putArray("atoms");
        }
        if (object.get("transform") instanceof ObjectNode transform) {
          if (!transform.has("sign_ranges")) {
            transform.putObject("sign_ranges");
          }
          if (!transform.has("unit")) {
            transform.put("unit", 1.0);
          }
        }
      }
    }
  }

  private static void checkVersion(String source, JsonNode tree) throws BundleException {
    JsonNode version = tree.get("format_version");
    if (version == null || version.isNull()) {
      throw new BundleException(source + ": missing field 'format_version'");
    }
    FormatVersion parsed;
    try {
      parsed = FormatVersion.parse(version.asText());
    } catch (IllegalArgumentException e) {
      throw new BundleException(source + ": " + e.getMessage(), e);
    }
    if (!parsed.isReadable()) {
      throw new BundleException(
          source
              + ": format version "
              + parsed
              + " is not supported (this flowimpute reads "
              + FormatVersion.CURRENT.major()
              + ".x and "
              + FormatVersion.OBSERVED_IN_UNITS
              + "); use a matching flowimpute version or retrain");
    }
  }

  private static String describe(JsonMappingException e) {
    String path = path(e);
    String where = path.isEmpty() ? "" : path + ": ";
    if (e instanceof ValueInstantiationException && e.getCause() != null) {
      return where + oneLine(e.getCause().getMessage());
    }
    String message = oneLine(e.getOriginalMessage());
    Matcher creator = CREATOR_PROPERTY.matcher(message);
    if (creator.find()) {
      String field = path.isEmpty() ? creator.group(3) : path;
      return creator.group(1).equals("Missing")
          ? "missing field '" + field + "'"
          : "field '" + field + "' is null";
    }
    return where + message;
  }

  private static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference reference : e.getPath()) {
      if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      } else if (reference.getFieldName() != null) {
        if (path.length() > 0) {
          path.append('.');
        }
        path.append(reference.getFieldName());
      }
    }
    return path.toString();
  }

  private static String oneLine(String message) {
    if (message == null) {
      return "invalid";
    }
    int newline = message.indexOf('\n');
    return (newline < 0 ? message : message.substring(0, newline)).trim();
  }
}
