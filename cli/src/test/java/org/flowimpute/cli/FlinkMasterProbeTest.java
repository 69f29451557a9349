package org.flowimpute.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** A named JobManager that does not answer is refused at once, with the option and the reason. */
class FlinkMasterProbeTest {

  @Test
  void aRefusedConnectionNamesTheOptionTheAddressAndTheCause() throws IOException {
    String master = "127.0.0.1:" + closedPort();

    IllegalStateException refused =
        assertThrows(IllegalStateException.class, () -> FlinkMasterProbe.requireAnswering(master));

    assertEquals(
        "--flink-master "
            + master
            + ": no Flink JobManager answers there (connection refused); give the host:port of the"
            + " JobManager's REST endpoint (rest.port, 8081 by default), or [local] for an"
            + " embedded cluster",
        refused.getMessage());
  }

  @Test
  void anUnknownHostIsNamed() {
    IllegalStateException unknown =
        assertThrows(
            IllegalStateException.class,
            () -> FlinkMasterProbe.requireAnswering("nosuchhost.invalid:8081"));

    assertEquals(
        "--flink-master nosuchhost.invalid:8081: no Flink JobManager answers there (unknown host"
            + " nosuchhost.invalid); give the host:port of the JobManager's REST endpoint"
            + " (rest.port, 8081 by default), or [local] for an embedded cluster",
        unknown.getMessage());
  }

  @Test
  void aPortOutOfRangeIsRefused() {
    IllegalArgumentException outOfRange =
        assertThrows(
            IllegalArgumentException.class,
            () -> FlinkMasterProbe.requireAnswering("localhost:99999"));

    assertEquals(
        "--flink-master localhost:99999: port 99999 is outside 1-65535", outOfRange.getMessage());
  }

  @Test
  void anAnsweringEndpointAndTheEmbeddedClusterPass() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/config",
        exchange -> {
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.start();
    try {
      assertDoesNotThrow(
          () -> FlinkMasterProbe.requireAnswering("127.0.0.1:" + server.getAddress().getPort()));
    } finally {
      server.stop(0);
    }
    assertDoesNotThrow(() -> FlinkMasterProbe.requireAnswering("[local]"));
    assertDoesNotThrow(() -> FlinkMasterProbe.requireAnswering("[auto]"));
  }

  /** A port nothing listens on (one the system just handed out and that was closed again). */
  static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
