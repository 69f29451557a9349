package org.flowimpute.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.flowimpute.pipelines.options.ImputeOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobTempDirectoriesTest {

  @TempDir Path temp;

  @Test
  void anEmbeddedJobKeepsItsTemporaryFilesInADirectoryOfItsOwnBesideEachOutput() {
    ImputeOptions options =
        options(
            "--runner=DirectRunner",
            "--output=" + temp.resolve("out/imputed"),
            "--deadLetterOutput=" + temp.resolve("dead/letters"));

    List<Path> directories = JobTempDirectories.local(options);

    String run = JobTempDirectories.PREFIX + options.getRunId();
    assertEquals(
        List.of(temp.resolve("out").resolve(run), temp.resolve("dead").resolve(run)), directories);
    assertEquals(directories, JobTempDirectories.local(options), "the run id is drawn once");
  }

  @Test
  void deadLettersBesideTheOutputShareItsDirectory() {
    ImputeOptions options =
        options("--runner=FlinkRunner", "--output=" + temp.resolve("out/imputed"));

    assertEquals(
        List.of(temp.resolve("out").resolve(JobTempDirectories.PREFIX + options.getRunId())),
        JobTempDirectories.local(options));
  }

  @Test
  void twoJobsGetTwoDirectories() {
    String output = "--output=" + temp.resolve("out/imputed");

    assertEquals(
        2,
        List.of(
                JobTempDirectories.local(options("--runner=DirectRunner", output)),
                JobTempDirectories.local(options("--runner=DirectRunner", output)))
            .stream()
            .distinct()
            .count());
  }

  @Test
  void aJobOnAClusterKeepsBeamsPlaceAndTheCommandDeletesNothing() {
    ImputeOptions options =
        options(
            "--runner=FlinkRunner",
            "--flinkMaster=flink-jobmanager:8081",
            "--output=" + temp.resolve("out/imputed"));

    assertEquals(List.of(), JobTempDirectories.local(options));
  }

  private static ImputeOptions options(String... arguments) {
    ImputeOptions options = PipelineOptionsFactory.fromArgs(arguments).as(ImputeOptions.class);
    if (arguments[0].equals("--runner=FlinkRunner")
        && List.of(arguments).stream().noneMatch(a -> a.startsWith("--flinkMaster"))) {
      options
          .as(org.apache.beam.runners.flink.FlinkPipelineOptions.class)
          .setFlinkMaster("[local]");
    }
    return options;
  }
}
