package org.flowimpute.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.rpc.RpcService;
import org.apache.flink.runtime.rpc.RpcSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedRpcSystemLoaderTest {

  /**
   * Flink finds this loader first, and a cluster's closing its RPC system (what an embedded cluster
   * does when its job ends) leaves the shared system working for the next cluster.
   */
  @Test
  void theNextClusterStillGetsAWorkingRpcSystemAfterOneClosedIts() throws Exception {
    RpcSystem first = RpcSystem.load(new Configuration());
    startAndStop(first);
    first.close();

    RpcSystem second = RpcSystem.load(new Configuration());

    assertEquals(first.getClass(), second.getClass());
    assertEquals("SharedRpcSystemLoader", second.getClass().getEnclosingClass().getSimpleName());
    startAndStop(second);
    second.close();
  }

  /**
   * A JVM that used the shared system leaves no copy of Flink's RPC jar behind when it ends, and
   * its shutdown raises no class-loading errors (Pekko's own shutdown hooks still load classes
   * through the system's class loader while the JVM ends).
   */
  @Test
  void aJvmThatUsedTheSystemLeavesNoJarAndNoErrorsWhenItEnds(@TempDir Path tmp) throws Exception {
    Path log = tmp.resolve("child.log");
    Path flinkTmp = Files.createDirectories(tmp.resolve("flink-tmp"));
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                RpcSystemUser.class.getName(),
                flinkTmp.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();

    assertTrue(child.waitFor(2, TimeUnit.MINUTES), "the child JVM did not end");
    String output = Files.readString(log);
    assertEquals(0, child.exitValue(), output);
    assertFalse(output.contains("NoClassDefFoundError"), output);
    assertFalse(output.contains("ClassNotFoundException"), output);
    try (Stream<Path> left = Files.list(flinkTmp)) {
      assertEquals(List.of(), left.toList());
    }
  }

  private static void startAndStop(RpcSystem system) throws Exception {
    RpcService service = system.localServiceBuilder(new Configuration()).createAndStart();
    assertNotNull(service.getAddress());
    service.closeAsync().get();
  }
}
