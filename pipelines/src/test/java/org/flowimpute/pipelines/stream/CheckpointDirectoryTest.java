package org.flowimpute.pipelines.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.flowimpute.pipelines.options.StreamOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointDirectoryTest {

  @TempDir Path directory;

  @Test
  void theNewestCompletedCheckpointOrSavepointIsFoundByItsMetadataTime() throws IOException {
    completed(directory.resolve("job-a").resolve("chk-7"), 1_000);
    completed(directory.resolve("savepoint-1a2b3c-0123456789ab"), 2_000);
    completed(directory.resolve("job-b").resolve("chk-2"), 3_000);
    Files.createDirectories(directory.resolve("job-b").resolve("chk-3"));
    completed(directory.resolve("job-b").resolve("shared"), 4_000);

    assertEquals(
        directory.resolve("job-b").resolve("chk-2"),
        CheckpointDirectory.newest(directory.toString()));

    completed(directory.resolve("savepoint-4d5e6f-0123456789ab"), 5_000);
    assertEquals(
        directory.resolve("savepoint-4d5e6f-0123456789ab"),
        CheckpointDirectory.newest(directory.toString()));
  }

  @Test
  void aDirectoryWithoutACompletedCheckpointIsRefused() throws IOException {
    Files.createDirectories(directory.resolve("job-a").resolve("chk-1"));

    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class, () -> CheckpointDirectory.newest(directory.toString()));
    assertEquals(
        "no completed checkpoint or savepoint under "
            + directory
            + " to resume from (a job run with this checkpoint directory and a checkpoint"
            + " interval writes <job id>/chk-N there, and --run-for a savepoint-*)",
        error.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> CheckpointDirectory.newest(directory.resolve("missing").toString()));
  }

  @Test
  void checkpointsAreKeptOnlyWhereTheyCanBe() {
    FlinkPipelineOptions options = options("--flinkMaster=[local]", "--checkpointingInterval=500");
    CheckpointDirectory.apply(options);
    assertEquals(true, options.isExternalizedCheckpointsEnabled());
    assertEquals(true, options.getRetainExternalizedCheckpointsOnCancellation());

    assertEquals(
        "--checkpointDir applies to the embedded Flink cluster (--flinkMaster=[local]); a cluster"
            + " writes checkpoints to the state.checkpoints.dir of its configuration",
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    CheckpointDirectory.apply(
                        options("--flinkMaster=host:8081", "--checkpointingInterval=500")))
            .getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> CheckpointDirectory.apply(options("--flinkMaster=[local]")));
    assertThrows(IllegalArgumentException.class, () -> CheckpointDirectory.uri("/tmp/a#b"));
  }

  private FlinkPipelineOptions options(String... arguments) {
    FlinkPipelineOptions options =
        PipelineOptionsFactory.fromArgs(arguments).as(FlinkPipelineOptions.class);
    options.as(StreamOptions.class).setCheckpointDir(directory.toString());
    return options;
  }

  private static void completed(Path checkpoint, long millis) throws IOException {
    Path metadata = Files.createDirectories(checkpoint).resolve(CheckpointDirectory.METADATA);
    Files.writeString(metadata, "metadata");
    Files.setLastModifiedTime(metadata, FileTime.fromMillis(millis));
  }
}
