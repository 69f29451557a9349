package org.flowimpute.pipelines;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.runtime.rpc.RpcService;
import org.apache.flink.runtime.rpc.RpcSystem;

/**
 * A process that uses the shared RPC system as an embedded cluster does and then exits: what {@link
 * SharedRpcSystemLoaderTest} runs in a JVM of its own to see what the JVM's end leaves.
 */
public final class RpcSystemUser {

  private RpcSystemUser() {}

  /** Starts and stops one RPC service with Flink's temporary directory {@code args[0]}. */
  public static void main(String[] args) throws Exception {
    Configuration config = new Configuration();
    config.set(CoreOptions.TMP_DIRS, args[0]);
    RpcSystem system = RpcSystem.load(config);
    RpcService service = system.localServiceBuilder(config).createAndStart();
    service.closeAsync().get();
    system.close();
  }
}
