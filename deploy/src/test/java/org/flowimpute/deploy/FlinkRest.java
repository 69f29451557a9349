package org.flowimpute.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The few calls of Flink's REST API the cluster tests need: registered TaskManagers, jobs by name,
 * job state, completed checkpoints and restarts, cancellation. Exists so tests observe the cluster
 * from outside, as an operator would, instead of through Beam's client objects.
 */
public final class FlinkRest {

  /** A job as listed by {@code /jobs/overview}. */
  public record Job(String id, String name, String state) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private final String base;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** A client of the REST endpoint on 127.0.0.1:{@code port}. */
  public FlinkRest(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  /** Registered TaskManagers, or -1 while the endpoint is not up yet. */
  public int taskManagerCountOrMinusOne() throws InterruptedException {
    try {
      return get("/taskmanagers").path("taskmanagers").size();
    } catch (ConnectException | java.net.http.HttpTimeoutException notUpYet) {
      return -1;
    } catch (IOException notReady) {
      return -1;
    }
  }

  /** All jobs the cluster knows. */
  public List<Job> jobs() throws IOException, InterruptedException {
    List<Job> jobs = new ArrayList<>();
    for (JsonNode job : get("/jobs/overview").path("jobs")) {
      jobs.add(
          new Job(job.path("jid").asText(), job.path("name").asText(), job.path("state").asText()));
    }
    return jobs;
  }

  /** The job whose name is {@code name}, waiting up to {@code timeout} for it to appear. */
  public Job awaitJobNamed(String name, Duration timeout) throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      Optional<Job> job = jobs().stream().filter(j -> j.name().equals(name)).findFirst();
      if (job.isPresent()) {
        return job.get();
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("no job named " + name + " within " + timeout);
      }
      Thread.sleep(250);
    }
  }

  /** The names of the nodes of the job's plan, as the web UI draws it ({@code /jobs/:id/plan}). */
  public List<String> planNodes(String jobId) throws IOException, InterruptedException {
    List<String> names = new ArrayList<>();
    for (JsonNode node : get("/jobs/" + jobId + "/plan").path("plan").path("nodes")) {
      names.add(node.path("description").asText());
    }
    return names;
  }

  /** The job's current state (CREATED, RUNNING, RESTARTING, FINISHED, FAILED, CANCELED, ...). */
  public String jobState(String jobId) throws IOException, InterruptedException {
    return get("/jobs/" + jobId).path("state").asText();
  }

  /** Waits for a terminal state and returns it; throws when {@code timeout} passes first. */
  public String awaitTerminal(String jobId, Duration timeout)
      throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      String state = jobState(jobId);
      if (List.of("FINISHED", "FAILED", "CANCELED").contains(state)) {
        return state;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("job " + jobId + " still " + state + " after " + timeout);
      }
      Thread.sleep(500);
    }
  }

  /** Number of completed checkpoints of the job. */
  public long completedCheckpoints(String jobId) throws IOException, InterruptedException {
    return get("/jobs/" + jobId + "/checkpoints").path("counts").path("completed").asLong();
  }

  /**
   * Waits until the job has completed at least {@code count} checkpoints; returns how many it had
   * then. Fails after {@code timeout}.
   */
  public long awaitCompletedCheckpoints(String jobId, long count, Duration timeout)
      throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    long completed;
    while ((completed = completedCheckpoints(jobId)) < count) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(
            "job " + jobId + ": " + completed + " of " + count + " checkpoints after " + timeout);
      }
      Thread.sleep(250);
    }
    return completed;
  }

  /** How often the job was restarted after failures (the job's {@code numRestarts} metric). */
  public long restarts(String jobId) throws IOException, InterruptedException {
    for (JsonNode metric : get("/jobs/" + jobId + "/metrics?get=numRestarts")) {
      return metric.path("value").asLong();
    }
    return 0;
  }

  /** The id of the checkpoint the job last restored from, or -1 if it never restored. */
  public long restoredCheckpointId(String jobId) throws IOException, InterruptedException {
    JsonNode restored = get("/jobs/" + jobId + "/checkpoints").path("latest").path("restored");
    return restored.isMissingNode() || restored.isNull() ? -1 : restored.path("id").asLong();
  }

  /** The root exceptions the job has recorded, newest first (class and message lines). */
  public List<String> exceptions(String jobId) throws IOException, InterruptedException {
    List<String> messages = new ArrayList<>();
    for (JsonNode entry :
        get("/jobs/" + jobId + "/exceptions").path("exceptionHistory").path("entries")) {
      messages.add(
          entry.path("exceptionName").asText()
              + ": "
              + entry.path("stacktrace").asText().lines().findFirst().orElse(""));
    }
    return messages;
  }

  /** Each vertex's name (first 60 characters) and its subtasks' current input watermarks. */
  public List<String> watermarks(String jobId) throws IOException, InterruptedException {
    List<String> lines = new ArrayList<>();
    for (JsonNode vertex : get("/jobs/" + jobId).path("vertices")) {
      String name = vertex.path("name").asText();
      List<String> values = new ArrayList<>();
      for (JsonNode metric :
          get("/jobs/" + jobId + "/vertices/" + vertex.path("id").asText() + "/watermarks")) {
        values.add(metric.path("id").asText() + "=" + metric.path("value").asText());
      }
      lines.add(name.substring(0, Math.min(60, name.length())) + " " + values);
    }
    return lines;
  }

  /** Cancels a job (PATCH /jobs/:id?mode=cancel). */
  public void cancel(String jobId) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + "/jobs/" + jobId + "?mode=cancel"))
            .method("PATCH", HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofSeconds(10))
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IOException(
          "cancel " + jobId + ": HTTP " + response.statusCode() + " " + response.body());
    }
  }

  private JsonNode get(String path) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(10))
            .GET()
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(
          "GET " + path + ": HTTP " + response.statusCode() + " " + response.body());
    }
    return JSON.readTree(response.body());
  }
}
