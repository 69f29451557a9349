package org.flowimpute.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A failed job's error names its root cause, read from a Flink JobManager's REST API: here a small
 * HTTP server that answers {@code /jobs/overview} and {@code /jobs/:id/exceptions} with what a real
 * Flink 1.19 cluster answered for an impute job whose input files were gone when the TaskManager
 * read them (recorded, paths shortened).
 */
class FailedJobsTest {

  private static final String OLDER_JOB = "0f4c6f0b6d1e4f3c9a4f3f54e3a1d001";
  private static final String FAILED_JOB = "b4f45d7fbf3f31eb2128c0c5d5772a1d";

  private HttpServer server;
  private String master;

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    Map<String, String> answers =
        Map.of(
            "/jobs/overview",
            "{\"jobs\":["
                + job(OLDER_JOB, "impute-7", "FINISHED", 1_000)
                + ","
                + job(FAILED_JOB, "impute-7", "FAILED", 2_000)
                + ","
                + job("5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a", "other", "RUNNING", 3_000)
                + "]}",
            "/jobs/" + FAILED_JOB + "/exceptions",
            recorded("flink-rest/failed-job-exceptions.json"),
            "/jobs/" + OLDER_JOB + "/exceptions",
            "{\"root-exception\":null,\"all-exceptions\":[],\"truncated\":false,"
                + "\"exceptionHistory\":{\"entries\":[],\"truncated\":false}}");
    server.createContext(
        "/",
        exchange -> {
          String body = answers.get(exchange.getRequestURI().getPath());
          byte[] bytes =
              (body == null ? "{\"errors\":[\"Not found\"]}" : body)
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    server.start();
    master = "127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  @Test
  void failedClusterJobNamesItsInnermostCause() throws Exception {
    IllegalStateException error =
        FailedJobs.ended(
            flink(master, "impute-7"), "the imputation job", PipelineResult.State.FAILED);

    assertEquals(
        "the imputation job ended in state FAILED: No files matched spec: /shared/in/people-*.avro"
            + " (full trace: GET http://"
            + master
            + "/jobs/"
            + FAILED_JOB
            + "/exceptions)",
        error.getMessage());
  }

  @Test
  void jobWithoutRecordedExceptionSaysSo() throws Exception {
    server.removeContext("/");
    server.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          String body =
              path.equals("/jobs/overview")
                  ? "{\"jobs\":[" + job(OLDER_JOB, "impute-8", "CANCELED", 1_000) + "]}"
                  : "{\"root-exception\":null,\"exceptionHistory\":{\"entries\":[]}}";
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });

    assertEquals(
        "the pipeline ended in state CANCELLED, with no exception in its history (GET"
            + " http://"
            + master
            + "/jobs/"
            + OLDER_JOB
            + "/exceptions)",
        FailedJobs.ended(flink(master, "impute-8"), "the pipeline", PipelineResult.State.CANCELLED)
            .getMessage());
  }

  @Test
  void unknownJobNameIsNamed() throws Exception {
    assertEquals(
        "the imputation job ended in state FAILED (the Flink cluster at "
            + master
            + " lists no job named impute-9)",
        FailedJobs.ended(
                flink(master, "impute-9"), "the imputation job", PipelineResult.State.FAILED)
            .getMessage());
  }

  @Test
  void unreachableJobManagerIsNamedWithTheJob() throws Exception {
    server.stop(0);

    assertEquals(
        "the imputation job ended in state FAILED (its cause could not be read from the"
            + " JobManager at "
            + master
            + ": ConnectException; the Flink web UI's Exceptions tab of job impute-7 has it)",
        FailedJobs.ended(
                flink(master, "impute-7"), "the imputation job", PipelineResult.State.FAILED)
            .getMessage());
  }

  @Test
  void otherRunnersAndTheEmbeddedClusterReportTheStateOnly() throws Exception {
    assertEquals(
        "the imputation job ended in state FAILED",
        FailedJobs.ended(
                PipelineOptionsFactory.create(), "the imputation job", PipelineResult.State.FAILED)
            .getMessage());
    assertEquals(
        "the imputation job ended in state FAILED",
        FailedJobs.ended(
                flink("[local]", "impute-7"), "the imputation job", PipelineResult.State.FAILED)
            .getMessage());
  }

  @Test
  void innermostCauseLosesItsClassUnlessTheMessageNeedsIt() {
    assertEquals(
        "ClassNotFoundException: org.example.Missing",
        FlinkJobExceptions.innermost(
            "org.apache.flink.runtime.JobException: Recovery is suppressed\n"
                + "\tat org.apache.flink.X.y(X.java:1)\n"
                + "Caused by: java.lang.ClassNotFoundException: org.example.Missing\n"
                + "\tat java.base/java.net.URLClassLoader.findClass(URLClassLoader.java:445)\n"));
    assertEquals(
        "NullPointerException",
        FlinkJobExceptions.innermost(
            "java.lang.RuntimeException: wrapped\nCaused by: java.lang.NullPointerException\n"));
    assertEquals(
        "disk full",
        FlinkJobExceptions.innermost(
            "java.io.IOException: disk full\n"
                + "\tat a.b.C.d(C.java:1)\n"
                + "\tSuppressed: java.lang.IllegalStateException: closing\n"
                + "\t\tCaused by: java.io.IOException: not the innermost\n"));
  }

  private static PipelineOptions flink(String master, String jobName) {
    return PipelineOptionsFactory.fromArgs(
            "--runner=FlinkRunner", "--flinkMaster=" + master, "--jobName=" + jobName)
        .create();
  }

  private static String job(String id, String name, String state, long start) {
    return String.format(
        "{\"jid\":\"%s\",\"name\":\"%s\",\"state\":\"%s\",\"start-time\":%d}",
        id, name, state, start);
  }

  private static String recorded(String resource) throws IOException {
    try (InputStream in = FailedJobsTest.class.getClassLoader().getResourceAsStream(resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
