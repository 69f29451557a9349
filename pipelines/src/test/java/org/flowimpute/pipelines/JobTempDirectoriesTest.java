package org.flowimpute.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.flowimpute.pipelines.io.TempDirectoryCleanup;
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

    List<Path> directories = JobTempDirectories.assign(options);

    String run = TempDirectoryCleanup.PREFIX + options.getRunId();
    assertEquals(
        List.of(temp.resolve("out").resolve(run), temp.resolve("dead").resolve(run)), directories);
    assertEquals(
        temp.resolve("out").resolve(run).toString() + "/",
        JobTempDirectories.of(options, outputDirectory(options)).toString());
  }

  @Test
  void deadLettersBesideTheOutputShareItsDirectory() {
    ImputeOptions options =
        options("--runner=FlinkRunner", "--output=" + temp.resolve("out/imputed"));

    List<Path> directories = JobTempDirectories.assign(options);

    assertEquals(
        List.of(temp.resolve("out").resolve(TempDirectoryCleanup.PREFIX + options.getRunId())),
        directories);
  }

  @Test
  void twoJobsGetTwoDirectories() {
    String output = "--output=" + temp.resolve("out/imputed");

    assertNotEquals(
        JobTempDirectories.assign(options("--runner=DirectRunner", output)),
        JobTempDirectories.assign(options("--runner=DirectRunner", output)));
  }

  @Test
  void aJobOnAClusterKeepsBeamsPlaceAndTheCommandDeletesNothing() {
    ImputeOptions options =
        options(
            "--runner=FlinkRunner",
            "--flinkMaster=flink-jobmanager:8081",
            "--output=" + temp.resolve("out/imputed"),
            "--runId=chosen-by-hand");

    assertEquals(List.of(), JobTempDirectories.assign(options));
    assertNull(options.getRunId());
    assertEquals(
        outputDirectory(options), JobTempDirectories.of(options, outputDirectory(options)));
  }

  @Test
  void aJobWithoutARunIdKeepsBeamsPlace() {
    ImputeOptions options =
        options("--runner=DirectRunner", "--output=" + temp.resolve("out/imputed"));

    assertEquals(
        outputDirectory(options), JobTempDirectories.of(options, outputDirectory(options)));
  }

  /** A run id that leaves its directory would make the command delete another directory. */
  @Test
  void aRunIdThatNamesAnotherDirectoryIsRefused() {
    ImputeOptions options =
        options("--runner=DirectRunner", "--output=" + temp.resolve("out/imputed"), "--runId=x/..");

    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () -> JobTempDirectories.of(options, outputDirectory(options)));
    assertEquals("--runId=x/..: expected 1 to 64 letters, digits and dashes", error.getMessage());
  }

  private static ResourceId outputDirectory(ImputeOptions options) {
    return JobTempDirectories.outputDirectory(options.getOutput());
  }

  private static ImputeOptions options(String... arguments) {
    ImputeOptions options = PipelineOptionsFactory.fromArgs(arguments).as(ImputeOptions.class);
    if (arguments[0].equals("--runner=FlinkRunner")
        && List.of(arguments).stream().noneMatch(a -> a.startsWith("--flinkMaster"))) {
      options.as(FlinkPipelineOptions.class).setFlinkMaster("[local]");
    }
    return options;
  }
}
