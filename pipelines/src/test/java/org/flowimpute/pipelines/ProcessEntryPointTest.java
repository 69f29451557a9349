package org.flowimpute.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.flowimpute.pipelines.testing.AvroFiles;
import org.flowimpute.pipelines.testing.TestBundles;
import org.flowimpute.pipelines.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the job jar's mains end when they fail ({@link ProcessEntryPoint}). */
class ProcessEntryPointTest {

  @TempDir Path dir;

  /**
   * The review's case: {@code java -cp <job jar> ImputePipeline --runner=FlinkRunner
   * --flinkMaster=[local]} with a Flink configuration whose HA storage is on {@code s3://} (no S3
   * plugin here) failed at once and the JVM then ran for more than 10 minutes on the embedded
   * cluster's RPC threads. It now prints the error and exits with code 1.
   */
  @Test
  void aMainStartedByTheJvmEndsWithExitCode1WhenTheEmbeddedClusterCannotStart() throws Exception {
    Path bundle = TestBundles.writePeopleBundle(dir.resolve("bundle"));
    Path input = dir.resolve("people.avro");
    AvroFiles.write(input, TestData.PERSON, TestData.people(10));
    Path conf = Files.createDirectories(dir.resolve("flink-conf"));
    Files.writeString(
        conf.resolve("config.yaml"),
        "high-availability:\n"
            + "  type: zookeeper\n"
            + "  storageDir: s3://no-such-bucket/ha\n"
            + "  zookeeper:\n"
            + "    quorum: localhost:1\n");
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    Path log = dir.resolve("child.log");

    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + tmp,
                "-cp",
                System.getProperty("java.class.path"),
                ImputePipeline.class.getName(),
                "--runner=FlinkRunner",
                "--flinkMaster=[local]",
                "--flinkConfDir=" + conf,
                "--model=" + bundle,
                "--input=" + input,
                "--output=" + dir.resolve("out").resolve("imputed"),
                "--keyField=id")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    boolean ended = child.waitFor(3, TimeUnit.MINUTES);
    if (!ended) {
      child.destroyForcibly().waitFor();
    }

    String output = Files.readString(log);
    assertTrue(ended, "the main did not end after its failure:\n" + output);
    assertEquals(ProcessEntryPoint.FAILED, child.exitValue(), output);
    assertTrue(output.contains("Exception in thread \"main\""), output);
    assertTrue(output.contains("s3://no-such-bucket/ha"), output);
  }

  /**
   * A main that other code calls (Flink's application mode in the JobManager, a test) throws as
   * before instead of ending the JVM: this test's JVM goes on.
   */
  @Test
  void aMainCalledByOtherCodeThrows() {
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () -> StreamPipeline.main(new String[] {"--noSuchOption=1"}));

    assertTrue(error.getMessage().contains("noSuchOption"), error.getMessage());
    assertFalse(ProcessEntryPoint.isEntryPoint(ProcessEntryPointTest.class));
  }
}
