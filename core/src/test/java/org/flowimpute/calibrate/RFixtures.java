package org.flowimpute.calibrate;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** Reads the R survey fixtures copied into test resources (see the README there). */
final class RFixtures {

  private RFixtures() {}

  static List<Map<String, String>> read(String file) {
    String resource = "/calibrate/r-survey/" + file;
    try (InputStream in = RFixtures.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + resource);
      }
      MappingIterator<Map<String, String>> rows =
          new CsvMapper()
              .readerForMapOf(String.class)
              .with(CsvSchema.emptySchema().withHeader())
              .readValues(in);
      return rows.readAll();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static double[] column(List<Map<String, String>> rows, String name) {
    return rows.stream().mapToDouble(row -> Double.parseDouble(row.get(name))).toArray();
  }

  static String[] strings(List<Map<String, String>> rows, String name) {
    return rows.stream().map(row -> row.get(name)).toArray(String[]::new);
  }

  /** Largest |a/b − 1|. */
  static double maxRelativeDifference(double[] actual, double[] expected) {
    double max = 0.0;
    for (int i = 0; i < expected.length; i++) {
      max = Math.max(max, Math.abs(actual[i] / expected[i] - 1.0));
    }
    return max;
  }
}
