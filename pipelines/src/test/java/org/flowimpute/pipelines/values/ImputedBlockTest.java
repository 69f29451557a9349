package org.flowimpute.pipelines.values;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.util.SerializableUtils;
import org.junit.jupiter.api.Test;

class ImputedBlockTest {

  @Test
  void recordsAreTheSpansBetweenTheirEnds() {
    ImputedBlock block = new ImputedBlock(new byte[] {1, 2, 3, 4, 5, 6}, new int[] {2, 2, 6});

    assertEquals(3, block.count());
    assertEquals(0, block.start(0));
    assertEquals(2, block.length(0));
    assertEquals(0, block.length(1));
    assertEquals(2, block.start(2));
    assertEquals(4, block.length(2));
  }

  @Test
  void endsMustRiseWithinTheData() {
    IllegalArgumentException beyond =
        assertThrows(
            IllegalArgumentException.class, () -> new ImputedBlock(new byte[3], new int[] {1, 4}));
    assertThrows(
        IllegalArgumentException.class, () -> new ImputedBlock(new byte[3], new int[] {2, 1}));

    assertTrue(beyond.getMessage().contains("3 bytes"), beyond.getMessage());
  }

  @Test
  void coderRoundTripsBytesAndRecordBoundaries() throws Exception {
    ImputedBlock block = new ImputedBlock(new byte[] {9, 8, 7, 6, 5}, new int[] {1, 3, 3, 5});
    ImputedBlockCoder coder = SerializableUtils.clone(ImputedBlockCoder.of());

    ImputedBlock decoded =
        CoderUtils.decodeFromByteArray(coder, CoderUtils.encodeToByteArray(coder, block));

    assertEquals(block, decoded);
    assertArrayEquals(block.ends(), decoded.ends());
    assertEquals(
        new ImputedBlock(new byte[0], new int[0]),
        CoderUtils.decodeFromByteArray(
            coder, CoderUtils.encodeToByteArray(coder, new ImputedBlock(new byte[0], new int[0]))));
  }

  /** Bytes after the last record (a handed-over buffer's unused part) are not part of the block. */
  @Test
  void bytesAfterTheLastRecordAreNotPartOfTheBlock() throws Exception {
    ImputedBlock trimmed = new ImputedBlock(new byte[] {9, 8, 7}, new int[] {1, 3});
    ImputedBlock inBuffer = new ImputedBlock(new byte[] {9, 8, 7, 0, 0, 42}, new int[] {1, 3});
    ImputedBlockCoder coder = ImputedBlockCoder.of();

    byte[] encoded = CoderUtils.encodeToByteArray(coder, inBuffer);
    ImputedBlock decoded = CoderUtils.decodeFromByteArray(coder, encoded);

    assertEquals(3, inBuffer.size());
    assertEquals(trimmed, inBuffer);
    assertEquals(trimmed.hashCode(), inBuffer.hashCode());
    assertArrayEquals(CoderUtils.encodeToByteArray(coder, trimmed), encoded);
    assertArrayEquals(new byte[] {9, 8, 7}, decoded.data());
    assertEquals("ImputedBlock[2 records, 3 bytes]", inBuffer.toString());
  }
}
