package org.flowimpute.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.rpc.RpcService;
import org.apache.flink.runtime.rpc.RpcSystem;
import org.junit.jupiter.api.Test;

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

  private static void startAndStop(RpcSystem system) throws Exception {
    RpcService service = system.localServiceBuilder(new Configuration()).createAndStart();
    assertNotNull(service.getAddress());
    service.closeAsync().get();
  }
}
