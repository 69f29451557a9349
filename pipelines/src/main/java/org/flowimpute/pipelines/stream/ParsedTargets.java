package org.flowimpute.pipelines.stream;

import java.io.Serializable;
import org.flowimpute.calibrate.targets.TargetsFile;

/**
 * The parsed targets of a snapshot, parsed once per snapshot version: a window step sees the same
 * snapshot for many elements, and parsing it for each would cost more than the step. Holds nothing
 * when serialized with its DoFn; one per DoFn instance (not thread-safe).
 */
final class ParsedTargets implements Serializable {
  private static final long serialVersionUID = 1L;

  private transient String version;
  private transient TargetsFile targets;

  /** {@code snapshot}'s targets, parsed when its version differs from the last one's. */
  TargetsFile of(TargetsSnapshot snapshot) {
    if (!snapshot.version().equals(version)) {
      targets = snapshot.targets();
      version = snapshot.version();
    }
    return targets;
  }
}
