package org.flowimpute.pipelines;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ConfigurationUtils;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.runtime.rpc.AddressResolution;
import org.apache.flink.runtime.rpc.RpcSystem;
import org.apache.flink.runtime.rpc.RpcSystemLoader;
import org.apache.flink.runtime.rpc.pekko.PekkoRpcSystemLoader;

/**
 * Loads Flink's Pekko RPC system once per JVM for embedded Flink clusters. Flink's own loader
 * copies its 22 MB RPC jar to a temporary file and loads Pekko and Scala through a new class loader
 * for every cluster it starts, and Beam starts one embedded cluster per job: each job paid for that
 * copy, for loading those classes again and for running them interpreted until compiled again (JFR
 * of {@code bench pipeline}). This loader asks Flink's for the system once and hands every later
 * cluster the same one; the system itself holds no cluster state (each cluster builds its own actor
 * systems from it). Closing a cluster does not close it, and neither does the JVM's shutdown: the
 * temporary jar is deleted once the JVM has run its shutdown hooks (see {@link #loadOnce}).
 *
 * <p>Registered through {@code META-INF/services} with a priority ahead of Flink's loader. It is
 * used only where Flink looks for an RPC system on this class path: embedded clusters (the CLI, the
 * tests). A Flink cluster's processes load theirs from Flink's own {@code lib/}.
 */
public final class SharedRpcSystemLoader implements RpcSystemLoader {

  private static RpcSystem shared;

  /** Before Flink's loader (priority 0). */
  @Override
  public int getLoadPriority() {
    return -1;
  }

  @Override
  public RpcSystem loadRpcSystem(Configuration config) {
    return new Unclosed(sharedSystem(config));
  }

  private static synchronized RpcSystem sharedSystem(Configuration config) {
    if (shared == null) {
      shared = loadOnce(config);
    }
    return shared;
  }

  /**
   * Loads the system with its jar copied into a directory of its own (under Flink's first temporary
   * directory), which the JVM deletes when it ends ({@link java.io.File#deleteOnExit}: after every
   * shutdown hook has run). The system itself is never closed: Pekko's own shutdown hooks, which
   * run beside any other hook, still load classes through its class loader while the JVM shuts down
   * (closing it from a hook of ours made them fail with {@code NoClassDefFoundError} at the end of
   * some commands).
   */
  private static RpcSystem loadOnce(Configuration config) {
    try {
      Path parent = Path.of(ConfigurationUtils.parseTempDirectories(config)[0]);
      Files.createDirectories(parent);
      Path directory = Files.createTempDirectory(parent, "flowimpute-rpc");
      directory.toFile().deleteOnExit();
      Configuration inDirectory = new Configuration(config);
      inDirectory.set(CoreOptions.TMP_DIRS, directory.toString());
      RpcSystem loaded = new PekkoRpcSystemLoader().loadRpcSystem(inDirectory);
      try (Stream<Path> files = Files.list(directory)) {
        files.forEach(file -> file.toFile().deleteOnExit());
      }
      return loaded;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare a directory for Flink's RPC jar", e);
    }
  }

  /** The shared system, with {@code close()} left to the JVM's shutdown. */
  private record Unclosed(RpcSystem system) implements RpcSystem {
    @Override
    public RpcServiceBuilder localServiceBuilder(Configuration configuration) {
      return system.localServiceBuilder(configuration);
    }

    @Override
    public RpcServiceBuilder remoteServiceBuilder(
        Configuration configuration, String externalAddress, String externalPortRange) {
      return system.remoteServiceBuilder(configuration, externalAddress, externalPortRange);
    }

    @Override
    public String getRpcUrl(
        String hostname,
        int port,
        String endpointName,
        AddressResolution addressResolution,
        Configuration config)
        throws UnknownHostException {
      return system.getRpcUrl(hostname, port, endpointName, addressResolution, config);
    }

    @Override
    public InetSocketAddress getInetSocketAddressFromRpcUrl(String url) throws Exception {
      return system.getInetSocketAddressFromRpcUrl(url);
    }

    @Override
    public long getMaximumMessageSizeInBytes(Configuration config) {
      return system.getMaximumMessageSizeInBytes(config);
    }

    @Override
    public void close() {
      // The shared system outlives this cluster; the JVM's shutdown hook closes it.
    }
  }
}
