package org.flowimpute.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Asks a named Flink JobManager's REST endpoint for an answer before a job is built and uploaded.
 * Without it a wrong or stopped {@code --flinkMaster} cost 1–2 minutes of Flink's client retrying
 * (hundreds of lines of warnings) and ended in "Connection refused" or "Name or service not known"
 * without naming the option.
 */
final class FlinkMasterProbe {

  /** A master of the form host:port (the embedded {@code [local]} and other forms are not). */
  private static final Pattern HOST_AND_PORT = Pattern.compile("([^\\s:/\\[\\]]+):(\\d{1,5})");

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private FlinkMasterProbe() {}

  /**
   * Returns when {@code flinkMaster} is not a host:port (e.g. {@code [local]}), or when something
   * answers at that address: any answer, since a cluster with TLS or authentication answers too and
   * Flink's client then says what it needs.
   *
   * @throws IllegalStateException naming the option and the address when the host is unknown, the
   *     connection is refused, or no connection is made within 10 s
   */
  static void requireAnswering(String flinkMaster) throws InterruptedException {
    Matcher hostAndPort = HOST_AND_PORT.matcher(flinkMaster);
    if (!hostAndPort.matches()) {
      return;
    }
    int port = Integer.parseInt(hostAndPort.group(2));
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(
          "--flink-master " + flinkMaster + ": port " + port + " is outside 1-65535");
    }
    String host = hostAndPort.group(1);
    try {
      InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw unreachable(flinkMaster, "unknown host " + host);
    }
    URI config = URI.create("http://" + flinkMaster + "/config");
    HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    HttpRequest request = HttpRequest.newBuilder(config).timeout(TIMEOUT).build();
    try {
      client.send(request, HttpResponse.BodyHandlers.discarding());
    } catch (HttpConnectTimeoutException e) {
      throw unreachable(flinkMaster, "no connection within " + TIMEOUT.toSeconds() + " s");
    } catch (ConnectException e) {
      throw unreachable(flinkMaster, "connection refused");
    } catch (IOException answeredOtherwise) {
      // Connected, but the answer was not plain HTTP (e.g. TLS): Flink's client takes it from here.
      return;
    }
  }

  private static IllegalStateException unreachable(String flinkMaster, String reason) {
    return new IllegalStateException(
        "--flink-master "
            + flinkMaster
            + ": no Flink JobManager answers there ("
            + reason
            + "); give the host:port of the JobManager's REST endpoint (rest.port, 8081 by"
            + " default), or [local] for an embedded cluster");
  }
}
