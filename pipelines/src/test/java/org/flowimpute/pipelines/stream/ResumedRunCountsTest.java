package org.flowimpute.pipelines.stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What a resumed stream's summary says of its counts. */
class ResumedRunCountsTest {

  @Test
  void slidingWindowsCountCopies() {
    String note = new ResumedRunCounts("ckpt/savepoint-1", 900, true).note();

    assertTrue(
        note.startsWith("note: this run resumed from ckpt/savepoint-1 and its counts"), note);
    assertTrue(note.contains("This run wrote 900 calibrated record copies (metric"), note);
  }
}
