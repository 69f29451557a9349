package org.flowimpute.pipelines;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.flowimpute.pipelines.options.StreamOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stream restarted on its output prefix with another shard count is refused: the earlier windows'
 * files would stay beside the new ones and their records be read twice.
 */
class StreamShardCountTest {

  private static final String WINDOW =
      "-2026-01-01T00:00:00.000Z-2026-01-01T01:00:00.000Z-pane-0-last-";

  @TempDir Path dir;

  @Test
  void recordFilesOfAnotherShardCountAreRefused() throws Exception {
    Files.createFile(dir.resolve("stream" + WINDOW + "00000-of-00001.avro"));
    Files.createFile(dir.resolve("stream-reports" + WINDOW + "00000-of-00001.avro"));
    StreamOptions sameCount = options(1);
    StreamOptions otherCount = options(2);

    assertDoesNotThrow(() -> StreamPipeline.requireSameShardCount(sameCount));
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class, () -> StreamPipeline.requireSameShardCount(otherCount));
    assertTrue(
        error
            .getMessage()
            .startsWith(
                "--output "
                    + dir.resolve("stream")
                    + " holds record files of an earlier run with 1 shards per window"),
        error.getMessage());
  }

  private StreamOptions options(int shards) {
    StreamOptions options = PipelineOptionsFactory.as(StreamOptions.class);
    options.setOutput(dir.resolve("stream").toString());
    options.setNumShards(shards);
    return options;
  }
}
