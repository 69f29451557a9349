package org.flowimpute.pipelines.values;

import java.io.Serializable;
import java.util.Objects;

/**
 * One sighting of the model bundle a streaming job should impute with, as the model side input
 * carries it: the bundle's location and when it was seen (to tell the newest sighting).
 *
 * @param bundlePath directory or .zip of the bundle
 * @param seenAtMillis wall-clock time of the sighting
 */
public record ModelVersion(String bundlePath, long seenAtMillis) implements Serializable {

  /** Checks that the path is present. */
  public ModelVersion {
    Objects.requireNonNull(bundlePath, "bundlePath");
  }

  /** The newest of {@code sightings} (a side input may hold several panes' worth). */
  public static ModelVersion newest(Iterable<ModelVersion> sightings) {
    ModelVersion newest = null;
    for (ModelVersion sighting : sightings) {
      if (newest == null || sighting.seenAtMillis() > newest.seenAtMillis()) {
        newest = sighting;
      }
    }
    if (newest == null) {
      throw new IllegalStateException("no model bundle sighted yet");
    }
    return newest;
  }
}
