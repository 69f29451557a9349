package org.flowimpute.pipelines.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** What the stream command says of dead letters a stop left unwritten. */
class UnwrittenDeadLettersTest {

  @Test
  void deadLettersAllInClosedWindowsNeedNoWord() {
    UnwrittenDeadLetters written = new UnwrittenDeadLetters(6, 6);

    assertNull(written.warning());
    assertNull(written.keptInSavepoint("ckpt"));
  }

  /** The review's run: 16 dead letters counted, 6 in the files. */
  @Test
  void deadLettersOfOpenWindowsAreCountedWithWhyAndWhatToDo() {
    UnwrittenDeadLetters review = new UnwrittenDeadLetters(16, 6);

    assertEquals(
        "warning: 10 of the 16 dead letters were not written to the dead-letter files (6 were):"
            + " they were in dead-letter windows still open when the job was cancelled, which are"
            + " not written (the DirectRunner discards them): let the job run until a window length"
            + " after the last input has passed (once --idle-timeout has, the watermark follows"
            + " the clock), or use --runner FlinkRunner, whose --run-for drains the job and writes"
            + " them",
        review.warning());
    assertEquals(
        "note: 10 of the 16 dead letters were not written to the dead-letter files (6 were):"
            + " they were in dead-letter windows still open when the job stopped, which the"
            + " savepoint under ckpt keeps: --resume goes on with them and writes them when their"
            + " windows close",
        review.keptInSavepoint("ckpt"));
  }
}
