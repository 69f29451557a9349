package org.flowimpute.deploy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.io.UnboundedSource;
import org.apache.beam.sdk.options.PipelineOptions;
import org.joda.time.Instant;

/**
 * An unbounded source of the ids 0, 1, 2, ... paced to a fixed rate, id i stamped at event time i ×
 * {@code millisPerId}, checkpointed by the next id to emit. Split k of n emits k, k + n, k + 2n,
 * ...
 *
 * <p>It exists so that the cluster tests control exactly what the source emits, when, with which
 * watermark and which checkpoint mark: the reader never reports "no data" (it sleeps until its next
 * id is due, at most one id interval, and returns it), its watermark is the event time of the last
 * id it emitted, and its checkpoint is one number. {@code GenerateSequence.withRate} depends on the
 * wall-clock start time in its checkpoint mark and reports "no data" whenever it is ahead of its
 * rate, which made failures on the cluster harder to attribute.
 */
final class PacedSequenceSource extends UnboundedSource<Long, PacedSequenceSource.NextId> {

  /** Checkpoint mark: the next id the split will emit. */
  record NextId(long value) implements UnboundedSource.CheckpointMark, java.io.Serializable {
    @Override
    public void finalizeCheckpoint() {}
  }

  private final long first;
  private final long stride;
  private final long millisPerId;
  private final long idsPerSecond;

  private PacedSequenceSource(long first, long stride, long millisPerId, long idsPerSecond) {
    this.first = first;
    this.stride = stride;
    this.millisPerId = millisPerId;
    this.idsPerSecond = idsPerSecond;
  }

  /** All ids from 0, {@code idsPerSecond} in total, id i at event time i × {@code millisPerId}. */
  static PacedSequenceSource of(long idsPerSecond, long millisPerId) {
    return new PacedSequenceSource(0, 1, millisPerId, idsPerSecond);
  }

  @Override
  public List<PacedSequenceSource> split(int desiredNumSplits, PipelineOptions options) {
    List<PacedSequenceSource> splits = new ArrayList<>();
    for (int k = 0; k < desiredNumSplits; k++) {
      splits.add(
          new PacedSequenceSource(
              first + k * stride,
              stride * desiredNumSplits,
              millisPerId,
              Math.max(1, idsPerSecond / desiredNumSplits)));
    }
    return splits;
  }

  @Override
  public UnboundedReader<Long> createReader(PipelineOptions options, NextId checkpoint) {
    return new Reader(this, checkpoint == null ? first : checkpoint.value());
  }

  @Override
  public Coder<NextId> getCheckpointMarkCoder() {
    return SerializableCoder.of(NextId.class);
  }

  @Override
  public Coder<Long> getOutputCoder() {
    return VarLongCoder.of();
  }

  private static final class Reader extends UnboundedReader<Long> {
    private final PacedSequenceSource source;
    private final long nanosPerId;
    private long next;
    private long current = -1;
    private long nextDueNanos;

    Reader(PacedSequenceSource source, long next) {
      this.source = source;
      this.next = next;
      this.nanosPerId = 1_000_000_000L / source.idsPerSecond;
    }

    @Override
    public boolean start() throws IOException {
      nextDueNanos = System.nanoTime();
      return advance();
    }

    @Override
    public boolean advance() throws IOException {
      long wait = nextDueNanos - System.nanoTime();
      if (wait > 0) {
        try {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while pacing", e);
        }
      }
      nextDueNanos = Math.max(nextDueNanos, System.nanoTime() - nanosPerId) + nanosPerId;
      current = next;
      next += source.stride;
      return true;
    }

    @Override
    public Long getCurrent() {
      if (current < 0) {
        throw new NoSuchElementException();
      }
      return current;
    }

    @Override
    public Instant getCurrentTimestamp() {
      return new Instant(getCurrent() * source.millisPerId);
    }

    @Override
    public Instant getWatermark() {
      return new Instant(Math.max(0, next - source.stride) * source.millisPerId);
    }

    @Override
    public NextId getCheckpointMark() {
      return new NextId(next);
    }

    @Override
    public UnboundedSource<Long, ?> getCurrentSource() {
      return source;
    }

    @Override
    public byte[] getCurrentRecordId() {
      return java.nio.ByteBuffer.allocate(8).putLong(getCurrent()).array();
    }

    @Override
    public void close() {}
  }
}
