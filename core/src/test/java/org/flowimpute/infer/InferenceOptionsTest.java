package org.flowimpute.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class InferenceOptionsTest {

  @Test
  void batchSizesFromOneToTheMaximumAreAccepted() {
    assertEquals(1, InferenceOptions.defaults().withBatchSize(1).batchSize());
    assertEquals(
        InferenceOptions.MAX_BATCH_SIZE,
        InferenceOptions.defaults().withBatchSize(InferenceOptions.MAX_BATCH_SIZE).batchSize());
  }

  /** A huge batch overflowed the buffer sizes ("capacity < 0") or the heap. */
  @Test
  void aBatchSizeOutsideTheRangeOrNoThreadIsRefusedNamingTheValue() {
    IllegalArgumentException huge =
        assertThrows(
            IllegalArgumentException.class,
            () -> InferenceOptions.defaults().withBatchSize(1_000_000_000));
    IllegalArgumentException zero =
        assertThrows(
            IllegalArgumentException.class, () -> InferenceOptions.defaults().withBatchSize(0));
    IllegalArgumentException threads =
        assertThrows(
            IllegalArgumentException.class,
            () -> InferenceOptions.defaults().withIntraOpThreads(0));

    assertEquals("batch size must be between 1 and 1048576, got 1000000000", huge.getMessage());
    assertEquals("batch size must be between 1 and 1048576, got 0", zero.getMessage());
    assertEquals("intra-op threads must be at least 1, got 0", threads.getMessage());
  }
}
