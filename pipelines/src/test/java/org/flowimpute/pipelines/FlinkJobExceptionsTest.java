package org.flowimpute.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Which failure of a job's exception history names its cause: a lost operator event that Flink
 * records after a task has already failed (seen on a local cluster when a bounded source's task
 * failed reading a missing file) must not hide the failure that caused it.
 */
class FlinkJobExceptionsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String LOST_EVENT =
      "org.apache.flink.util.FlinkException: An OperatorEvent from an OperatorCoordinator to a task"
          + " was lost. Triggering task failover to ensure consistency. Event:"
          + " '[NoMoreSplitEvent]', targetTask: Source: read (1/2)\n"
          + "\tat org.apache.flink.runtime.operators.coordination.SubtaskGatewayImpl"
          + ".lambda$sendEvent$0(SubtaskGatewayImpl.java:91)\n"
          + "Caused by: org.apache.flink.runtime.operators.coordination.TaskNotRunningException:"
          + " Task is not running, but in state FAILED\n"
          + "\tat org.apache.flink.runtime.taskmanager.Task.deliverOperatorEvent(Task.java:1542)\n";

  private static final String MISSING_FILE =
      "org.apache.flink.runtime.JobException: Recovery is suppressed by"
          + " FixedDelayRestartBackoffTimeStrategy(maxNumberRestartAttempts=1, backoffTimeMS=100)\n"
          + "\tat org.apache.flink.runtime.executiongraph.failover.ExecutionFailureHandler"
          + ".handleFailure(ExecutionFailureHandler.java:180)\n"
          + "Caused by: java.io.FileNotFoundException: /in/people-1.avro (No such file or"
          + " directory)\n"
          + "\tat java.base/java.io.FileInputStream.open0(Native Method)\n";

  @Test
  void aLostOperatorEventRecordedLaterDoesNotHideTheFailureBeforeIt() {
    JsonNode exceptions = history(entry(LOST_EVENT), entry(MISSING_FILE));

    assertEquals(
        Optional.of("/in/people-1.avro (No such file or directory)"),
        FlinkJobExceptions.newestCause(exceptions));
  }

  @Test
  void aCauseRecordedAsAConcurrentExceptionIsFound() {
    ObjectNode newest = entry(LOST_EVENT);
    newest.putArray("concurrentExceptions").add(entry(MISSING_FILE));

    assertEquals(
        Optional.of("/in/people-1.avro (No such file or directory)"),
        FlinkJobExceptions.newestCause(history(newest)));
  }

  @Test
  void whenEveryFailureIsAConsequenceTheNewestIsNamed() {
    assertEquals(
        Optional.of("Task is not running, but in state FAILED"),
        FlinkJobExceptions.newestCause(history(entry(LOST_EVENT), entry(LOST_EVENT))));
  }

  @Test
  void theNewestOfTwoIndependentFailuresIsNamed() {
    String older = MISSING_FILE.replace("people-1", "people-0");

    assertEquals(
        Optional.of("/in/people-1.avro (No such file or directory)"),
        FlinkJobExceptions.newestCause(history(entry(MISSING_FILE), entry(older))));
  }

  @Test
  void anEmptyHistoryFallsBackToTheRootException() {
    ObjectNode exceptions = history();
    exceptions.put("root-exception", MISSING_FILE);

    assertEquals(
        Optional.of("/in/people-1.avro (No such file or directory)"),
        FlinkJobExceptions.newestCause(exceptions));
    assertEquals(Optional.empty(), FlinkJobExceptions.newestCause(history()));
  }

  private static ObjectNode history(ObjectNode... newestFirst) {
    ObjectNode exceptions = JSON.createObjectNode();
    exceptions.putNull("root-exception");
    ArrayNode entries = exceptions.putObject("exceptionHistory").putArray("entries");
    List.of(newestFirst).forEach(entries::add);
    return exceptions;
  }

  private static ObjectNode entry(String trace) {
    ObjectNode entry = JSON.createObjectNode();
    entry.put("exceptionName", trace.lines().findFirst().orElseThrow());
    entry.put("stacktrace", trace);
    entry.putArray("concurrentExceptions");
    return entry;
  }
}
