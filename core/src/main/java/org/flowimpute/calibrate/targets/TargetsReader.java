package org.flowimpute.calibrate.targets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Reads a {@link TargetsFile} from YAML ({@code .yaml}, {@code .yml}) or JSON (anything else). */
public final class TargetsReader {

  private TargetsReader() {}

  /** Parses the file; errors name the file and what was wrong. */
  public static TargetsFile read(Path path) {
    String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
    boolean yaml = name.endsWith(".yaml") || name.endsWith(".yml");
    try {
      return parse(Files.readString(path), yaml);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read targets file " + path + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("targets file " + path + ": " + e.getMessage(), e);
    }
  }

  /** Parses YAML or JSON text. */
  public static TargetsFile parse(String text, boolean yaml) {
    ObjectMapper mapper = yaml ? new ObjectMapper(new YAMLFactory()) : new ObjectMapper();
    mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    try {
      return mapper.readValue(text, TargetsFile.class);
    } catch (ValueInstantiationException e) {
      Throwable cause = e;
      while (cause.getCause() != null) {
        cause = cause.getCause();
      }
      throw new IllegalArgumentException(cause.getMessage(), e);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
      throw new IllegalArgumentException(e.getOriginalMessage() + where, e);
    }
  }
}
