package org.flowimpute.pipelines.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.pipelines.stream.CalibratedSchema;

/**
 * The calibration targets the streaming job tests give every window (weighted people by region,
 * weighted mean age), the job's output grouped by window, and the check that one window's
 * calibrated weights meet the targets.
 */
public final class StreamTargets {

  private static final String YAML =
      """
      targets:
        - name: people
          statistic: count
          by: [region]
          cells:
            - {group: {region: north}, value: 1000}
            - {group: {region: south}, value: 800}
            - {group: {region: east}, value: 1200}
        - name: mean_age
          statistic: mean
          column: age
          value: 44
      """;

  private static final Map<String, Double> PEOPLE_BY_REGION =
      Map.of("north", 1000.0, "south", 800.0, "east", 1200.0);

  private static final double MEAN_AGE = 44;

  private StreamTargets() {}

  /** Writes the targets file to {@code file} and returns it. */
  public static Path write(Path file) throws IOException {
    return Files.writeString(file, YAML);
  }

  /**
   * The records of {@code output} by the start of their {@code windowMillis} event-time window
   * ({@code event_time}), windows aligned to {@code origin}; in window order.
   */
  public static TreeMap<Long, List<GenericRecord>> byWindow(
      List<GenericRecord> output, long origin, long windowMillis) {
    TreeMap<Long, List<GenericRecord>> windows = new TreeMap<>();
    for (GenericRecord record : output) {
      long time = (Long) record.get("event_time");
      windows
          .computeIfAbsent(
              time - Math.floorMod(time - origin, windowMillis), k -> new ArrayList<>())
          .add(record);
    }
    return windows;
  }

  /**
   * Asserts that the {@link CalibratedSchema#CALIBRATED_WEIGHT} of the records of one window meet
   * every target within 1e-6 relative.
   */
  public static void assertWindowMeetsTargets(List<GenericRecord> window) {
    Map<String, Double> people = new HashMap<>();
    double weight = 0;
    double weightedAge = 0;
    for (GenericRecord record : window) {
      double w = (Double) record.get(CalibratedSchema.CALIBRATED_WEIGHT);
      people.merge(record.get("region").toString(), w, Double::sum);
      weight += w;
      weightedAge += w * (Double) record.get("age");
    }
    PEOPLE_BY_REGION.forEach((region, target) -> assertRelative(target, people.get(region)));
    assertRelative(MEAN_AGE, weightedAge / weight);
  }

  private static void assertRelative(double expected, Double actual) {
    assertTrue(
        actual != null && Math.abs(actual - expected) <= 1e-6 * Math.abs(expected),
        "expected " + expected + " within 1e-6 relative, got " + actual);
  }
}
