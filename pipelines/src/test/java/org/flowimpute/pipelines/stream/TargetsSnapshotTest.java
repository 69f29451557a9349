package org.flowimpute.pipelines.stream;

import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.file.Path;
import java.util.List;
import org.flowimpute.pipelines.testing.StreamTargets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Windows use the newest reading of the targets, and the job's first reading while the side input
 * has none yet (a drain on Flink fired windows before it had one, and the job failed).
 */
class TargetsSnapshotTest {

  @TempDir Path dir;

  @Test
  void theNewestReadingOrTheInitialOneWhenThereIsNone() throws Exception {
    String file = StreamTargets.write(dir.resolve("targets.yaml")).toString();
    TargetsSnapshot initial = TargetsSnapshot.read(file);
    Thread.sleep(5);
    TargetsSnapshot later = TargetsSnapshot.read(file);

    assertSame(initial, TargetsSnapshot.newest(List.of(), initial));
    assertSame(later, TargetsSnapshot.newest(List.of(later), initial));
  }
}
