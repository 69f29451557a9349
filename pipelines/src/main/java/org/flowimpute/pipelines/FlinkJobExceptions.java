package org.flowimpute.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads why a job on a Flink cluster failed from its JobManager's REST API (the address {@code
 * --flinkMaster} names): the newest entry of the job's exception history ({@code GET
 * /jobs/:jobid/exceptions}) that is not a consequence of an earlier one, reduced to its innermost
 * cause. Beam's Flink runner reports a detached job's failure by its state alone ("FAILED"), and a
 * restarting job's failure not at all; the cause was only in the JobManager's log and web UI.
 */
public final class FlinkJobExceptions {

  /** A master of the form host:port (the embedded {@code [local]} and {@code [auto]} are not). */
  private static final Pattern HOST_AND_PORT = Pattern.compile("[^\\s:/\\[\\]]+:\\d{1,5}");

  /** The first line of a trace or of a "Caused by:" in it: class name, then ": message". */
  private static final Pattern CLASS_AND_MESSAGE = Pattern.compile("([\\w$.]+)(?::\\s*(.*))?");

  private static final String CAUSED_BY = "Caused by: ";
  private static final String TASK_NOT_RUNNING =
      "org.apache.flink.runtime.operators.coordination.TaskNotRunningException";
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String base;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

  /**
   * A reader of the cluster whose REST endpoint is {@code flinkMaster} (host:port).
   *
   * @throws IllegalArgumentException when {@code flinkMaster} is not host:port ({@link #isRemote})
   */
  public FlinkJobExceptions(String flinkMaster) {
    if (!isRemote(flinkMaster)) {
      throw new IllegalArgumentException(
          "--flinkMaster " + flinkMaster + " is not the host:port of a JobManager's REST endpoint");
    }
    this.base = "http://" + flinkMaster;
  }

  /** Whether {@code flinkMaster} names a cluster's REST endpoint (host:port). */
  public static boolean isRemote(String flinkMaster) {
    return flinkMaster != null && HOST_AND_PORT.matcher(flinkMaster).matches();
  }

  /** The id of the most recently started job named {@code name}, or empty if there is none. */
  public Optional<String> jobNamed(String name) throws IOException, InterruptedException {
    String newest = null;
    long newestStart = Long.MIN_VALUE;
    for (JsonNode job : get("/jobs/overview").path("jobs")) {
      long start = job.path("start-time").asLong();
      if (job.path("name").asText().equals(name) && start >= newestStart) {
        newest = job.path("jid").asText();
        newestStart = start;
      }
    }
    return Optional.ofNullable(newest);
  }

  /**
   * The message of the innermost cause of the job's newest failure (see {@link #newestCause(
   * JsonNode)}), or empty when the job has recorded no failure.
   */
  public Optional<String> newestCause(String jobId) throws IOException, InterruptedException {
    return newestCause(get(exceptionsPath(jobId)));
  }

  /**
   * The job's newest failure as "cause (full trace: GET http://host:port/jobs/ID/exceptions)", or
   * empty when the job has recorded none.
   */
  public Optional<String> newestCauseWithTrace(String jobId)
      throws IOException, InterruptedException {
    return newestCause(jobId).map(cause -> cause + " (full trace: GET " + historyUri(jobId) + ")");
  }

  /** Where the job's full exception history is: {@code http://host:port/jobs/<id>/exceptions}. */
  public String historyUri(String jobId) {
    return base + exceptionsPath(jobId);
  }

  /**
   * The innermost cause of the newest failure in a {@code /jobs/:jobid/exceptions} answer's {@code
   * exceptionHistory} (Flink lists it newest first; each entry's own trace before its concurrent
   * exceptions) that is not a consequence of another failure (see {@link #isConsequence}); the
   * newest failure when all are; the {@code root-exception} when the history is empty; empty when
   * there is neither.
   */
  static Optional<String> newestCause(JsonNode exceptions) {
    List<String> traces = new ArrayList<>();
    for (JsonNode entry : exceptions.path("exceptionHistory").path("entries")) {
      addTrace(traces, entry);
      for (JsonNode concurrent : entry.path("concurrentExceptions")) {
        addTrace(traces, concurrent);
      }
    }
    String root = exceptions.path("root-exception").asText("");
    if (traces.isEmpty() && !root.isBlank()) {
      traces.add(root);
    }
    return traces.stream()
        .filter(trace -> !isConsequence(trace))
        .findFirst()
        .or(() -> traces.stream().findFirst())
        .map(FlinkJobExceptions::innermost);
  }

  /**
   * Whether a failure is one Flink records because a task had already failed: an operator event
   * that could not reach a task no longer running ({@code TaskNotRunningException}), which a
   * bounded source's coordinator sends while the task it lost fails for its own reason.
   */
  static boolean isConsequence(String trace) {
    return trace.contains(TASK_NOT_RUNNING);
  }

  private static void addTrace(List<String> traces, JsonNode failure) {
    String trace = failure.path("stacktrace").asText("");
    if (!trace.isBlank()) {
      traces.add(trace);
    }
  }

  /**
   * The message of the innermost cause in a Java stack trace's text (its last line that starts with
   * "Caused by: ", else its first line) without the exception's class, as a user reads it ("No
   * files matched spec: /in/*.avro"); the class's simple name where the message says nothing
   * without it (none, or a class that was not found).
   */
  static String innermost(String trace) {
    String line = trace.lines().findFirst().orElse("").strip();
    for (String candidate : (Iterable<String>) trace.lines()::iterator) {
      if (candidate.startsWith(CAUSED_BY)) {
        line = candidate.substring(CAUSED_BY.length()).strip();
      }
    }
    Matcher classAndMessage = CLASS_AND_MESSAGE.matcher(line);
    if (!classAndMessage.matches()) {
      return line;
    }
    String className = classAndMessage.group(1);
    String simpleName = className.substring(className.lastIndexOf('.') + 1);
    String message = classAndMessage.group(2);
    if (message == null || message.isBlank()) {
      return simpleName;
    }
    if (simpleName.equals("ClassNotFoundException") || simpleName.equals("NoClassDefFoundError")) {
      return simpleName + ": " + message;
    }
    return message;
  }

  private static String exceptionsPath(String jobId) {
    return "/jobs/" + jobId + "/exceptions";
  }

  private JsonNode get(String path) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT).GET().build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("GET " + base + path + " answered HTTP " + response.statusCode());
    }
    return JSON.readTree(response.body());
  }
}
