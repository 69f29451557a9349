package org.flowimpute.pipelines.transforms;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.Encoder;
import org.apache.avro.io.EncoderFactory;
import org.flowimpute.pipelines.transforms.PendingRecords.Placement;
import org.flowimpute.pipelines.values.ImputedBlock;

/**
 * The output of one input block while its records go through the model: the encoded imputed records
 * collected so far, how many of its records are still waiting, and where the block's outputs
 * belong. The block is finished once all its records have arrived and none is waiting.
 */
final class BlockOutput {

  /** Bytes reserved per expected record: more than a demo record's imputed output needs. */
  private static final int BYTES_PER_RECORD_HINT = 256;

  private final Placement placement;
  private final Buffer bytes;
  private final BinaryEncoder encoder;
  private int[] ends;
  private int records;
  private int waiting;
  private boolean received;

  /**
   * @param placement where the block's outputs belong
   * @param expectedRecords how many records the block holds (sizes the buffers)
   */
  BlockOutput(Placement placement, int expectedRecords) {
    this.placement = placement;
    this.bytes = new Buffer(Math.max(1, expectedRecords) * BYTES_PER_RECORD_HINT);
    this.encoder = EncoderFactory.get().binaryEncoder(bytes, null);
    this.ends = new int[Math.max(1, expectedRecords)];
  }

  /** Where the block's outputs belong. */
  Placement placement() {
    return placement;
  }

  /**
   * The encoder the next imputed record is written to; call {@link #recordWritten} after. It
   * buffers across records and is flushed once, when the block's result is taken.
   */
  Encoder encoder() {
    return encoder;
  }

  /** One of the block's records now waits for the model. */
  void recordWaiting() {
    waiting++;
  }

  /** A waiting record's imputed output has been written to {@link #encoder}. */
  void recordWritten() {
    if (records == ends.length) {
      ends = Arrays.copyOf(ends, 2 * ends.length);
    }
    ends[records++] = bytes.size() + encoder.bytesBuffered();
    waiting--;
  }

  /** A waiting record became a dead letter instead. */
  void recordFailed() {
    waiting--;
  }

  /** All of the block's records have arrived (validated, and waiting or rejected). */
  void allReceived() {
    received = true;
  }

  /** Whether every record of the block is done. */
  boolean isFinished() {
    return received && waiting == 0;
  }

  /** Whether the block has imputed records. */
  boolean hasRecords() {
    return records > 0;
  }

  /**
   * The block's imputed records, in the buffer they were encoded into (not a copy): take it once,
   * when the block is finished.
   */
  ImputedBlock result() {
    try {
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot flush a block's imputed records", e);
    }
    return new ImputedBlock(bytes.array(), Arrays.copyOf(ends, records));
  }

  /**
   * A byte buffer whose array is handed over as it is: copying a block's output (a few hundred
   * bytes per record) was 5.5 % of the imputation threads' allocation.
   */
  private static final class Buffer extends ByteArrayOutputStream {

    Buffer(int size) {
      super(size);
    }

    /** The array the bytes were written to; those after {@link #size} are unused. */
    byte[] array() {
      return buf;
    }
  }
}
