package org.flowimpute.calibrate.targets;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.flowimpute.table.IoErrors;

/**
 * Reads a {@link TargetsFile} from JSON ({@code .json}) or YAML (any other name, {@code .yaml},
 * {@code .yml}, {@code .txt}...; YAML also reads JSON text).
 */
public final class TargetsReader {

  private static final String BYTE_ORDER_MARK = "\uFEFF";

  private TargetsReader() {}

  /** Parses the file; errors name the file and what was wrong. */
  public static TargetsFile read(Path path) {
    String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
    boolean yaml = !name.endsWith(".json");
    try {
      return parse(Files.readString(path), yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read targets file " + path + ": " + IoErrors.describe(e), e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("targets file " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * Parses YAML or JSON text. A leading UTF-8 byte-order mark (Windows editors write one) is not
   * part of the text: Jackson's JSON parser refused it as an unexpected character.
   */
  public static TargetsFile parse(String withMark, boolean yaml) {
    String text = withMark.startsWith(BYTE_ORDER_MARK) ? withMark.substring(1) : withMark;
    if (text.isBlank()) {
      throw new IllegalArgumentException(
          "the file is empty: expected a mapping with 'targets' (see docs/calibration.md)");
    }
    ObjectMapper mapper = yaml ? new ObjectMapper(new YAMLFactory()) : new ObjectMapper();
    mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    try (JsonParser parser = mapper.createParser(text)) {
      NonFiniteNumbers.check(mapper, text);
      UnknownFields.check(mapper, text, TargetsFile.class);
      TargetsFile file = mapper.readValue(parser, TargetsFile.class);
      if (file == null) {
        throw new IllegalArgumentException(
            "the document is empty (null): expected a mapping with 'targets'");
      }
      requireEnd(parser, yaml);
      return file;
    } catch (ValueInstantiationException e) {
      Throwable cause = e;
      String cell = "";
      while (cause.getCause() != null) {
        cause = cause.getCause();
        if (cause instanceof TargetSpec.CellException problem) {
          cell = ".cells[" + problem.cell() + "]";
        }
      }
      // the line of a failed constructor is where its object ended, so only the path is exact
      if (cause.getMessage() != null) {
        throw new IllegalArgumentException(
            ofTarget(mapper, text, e, cause.getMessage()) + where(e, 0, cell), e);
      }
      throw new IllegalArgumentException(e.getOriginalMessage() + where(e, line(e), ""), e);
    } catch (MismatchedInputException e) {
      throw new IllegalArgumentException(
          ShapeMismatch.describe(mapper, text, TargetsFile.class, e) + where(e, line(e), ""), e);
    } catch (JsonProcessingException e) {
      String message = oneLine(e.getOriginalMessage());
      boolean placed = !message.equals(e.getOriginalMessage());
      throw new IllegalArgumentException(message + where(e, placed ? 0 : line(e), ""), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the targets text: " + IoErrors.describe(e), e);
    }
  }

  /**
   * {@code message} of a value that could not be built inside a target (its loss: "loss scale must
   * be positive"), prefixed with the target's name when the message does not name it. A target
   * names itself "target 'homes'" whichever list holds it; one of {@code householdTargets} is named
   * "household target 'homes'".
   */
  private static String ofTarget(
      ObjectMapper mapper, String text, JsonMappingException e, String message) {
    List<JsonMappingException.Reference> path = e.getPath();
    if (message.startsWith("household target ")
        || path.size() < 2
        || path.get(0).getFieldName() == null
        || path.get(1).getIndex() < 0) {
      return message;
    }
    String list = path.get(0).getFieldName();
    if (message.startsWith("target ")) {
      return TargetLabel.kind(list) + message.substring("target".length());
    }
    if (path.size() < 3) {
      return message;
    }
    return TargetLabel.of(mapper, text, list, path.get(1).getIndex()) + ": " + message;
  }

  /**
   * Refuses anything after the targets: a second YAML document (after {@code ---}) or text after
   * the JSON object was silently ignored, so its targets were never calibrated to.
   */
  private static void requireEnd(JsonParser parser, boolean yaml) throws IOException {
    JsonToken extra;
    int line;
    try {
      extra = parser.nextToken();
      line = parser.currentTokenLocation().getLineNr();
    } catch (JsonProcessingException unreadable) {
      extra = JsonToken.NOT_AVAILABLE;
      line = line(unreadable);
    }
    if (extra == null) {
      return;
    }
    String at = line > 0 ? " at line " + line : "";
    throw new IllegalArgumentException(
        yaml
            ? "a second document starts"
                + at
                + " (after '---'): a targets file holds one document, so list all targets in"
                + " the first"
            : "text after the end of the JSON object" + at + ": a targets file holds one object");
  }

  /**
   * A parser's message on one line: SnakeYAML spreads a syntax error over several, each problem
   * followed by "in 'reader', line L, column C:", the line of text and a caret under the column;
   * kept are the problems, each with its "(line L, column C)".
   */
  static String oneLine(String message) {
    if (message == null || message.lines().count() <= 1) {
      return message;
    }
    StringBuilder line = new StringBuilder();
    for (String part : message.lines().toList()) {
      String stripped = part.strip();
      if (stripped.startsWith("in 'reader', ")) {
        line.append(" (")
            .append(stripped.substring("in 'reader', ".length()).replace(":", ""))
            .append(")");
      } else if (!part.startsWith(" ") && !stripped.isEmpty()) {
        line.append(line.length() == 0 ? "" : ": ").append(stripped);
      }
    }
    return line.toString();
  }

  /** The line Jackson gives for {@code e}, or 0. */
  private static int line(JsonProcessingException e) {
    return e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getLineNr());
  }

  /**
   * " (line N, at targets[0].cells[1])": where in the text the problem was found; {@code cell} is
   * added to the path (".cells[1]" for a problem of a target's cell, else empty).
   */
  private static String where(JsonProcessingException e, int line, String cell) {
    List<String> parts = new ArrayList<>();
    if (line > 0) {
      parts.add("line " + line);
    }
    if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
      StringBuilder path = new StringBuilder();
      for (JsonMappingException.Reference step : mapping.getPath()) {
        if (step.getFieldName() != null) {
          path.append(path.length() == 0 ? "" : ".").append(step.getFieldName());
        } else if (step.getIndex() >= 0) {
          path.append('[').append(step.getIndex()).append(']');
        }
      }
      if (path.length() > 0) {
        parts.add("at " + path + cell);
      }
    }
    return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
  }
}
