package org.flowimpute.pipelines.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.InstantCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.joda.time.Instant;

/**
 * Outcomes read one after the other from one file of a watched directory, each with the timestamp
 * it gets in the job: the element {@link DirectoryFileSource} emits and the job redistributes.
 *
 * <p>Why chunks: per element, the runner does work around the source (a metrics update after every
 * reader advance on Flink, serialization and a network hand-over when redistributing) that cost
 * more than reading a record (profiled under {@code bench stream}); one element per chunk divides
 * it by the chunk size. The chunk's own timestamp is its earliest outcome's; outcomes are output
 * with their own timestamps when the chunk is split (never earlier than the chunk's).
 *
 * @param outcomes what was read, in file order, at least one
 */
record ReadChunk(List<Timed> outcomes) {

  ReadChunk {
    if (outcomes.isEmpty()) {
      throw new IllegalArgumentException("a chunk holds at least one outcome");
    }
  }

  /** The earliest timestamp of the chunk's outcomes. */
  Instant earliest() {
    Instant earliest = outcomes.get(0).timestamp();
    for (Timed timed : outcomes) {
      if (timed.timestamp().isBefore(earliest)) {
        earliest = timed.timestamp();
      }
    }
    return earliest;
  }

  /**
   * One outcome and its timestamp (the record's event time, or a dead letter's time).
   *
   * @param outcome a record or a dead letter
   * @param timestamp its timestamp in the job
   */
  record Timed(ReadOutcome outcome, Instant timestamp) {}

  /** Coder of chunks whose records have {@code schema}. */
  static final class ChunkCoder extends CustomCoder<ReadChunk> {
    private static final long serialVersionUID = 1L;
    private static final VarIntCoder SIZE = VarIntCoder.of();
    private static final InstantCoder TIME = InstantCoder.of();
    private final ReadOutcome.OutcomeCoder outcomes;

    ChunkCoder(Schema schema) {
      this.outcomes = new ReadOutcome.OutcomeCoder(schema);
    }

    @Override
    public void encode(ReadChunk value, OutputStream out) throws IOException {
      SIZE.encode(value.outcomes().size(), out);
      for (Timed timed : value.outcomes()) {
        outcomes.encode(timed.outcome(), out);
        TIME.encode(timed.timestamp(), out);
      }
    }

    @Override
    public ReadChunk decode(InputStream in) throws IOException {
      int size = SIZE.decode(in);
      List<Timed> decoded = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        decoded.add(new Timed(outcomes.decode(in), TIME.decode(in)));
      }
      return new ReadChunk(decoded);
    }

    @Override
    public List<? extends Coder<?>> getCoderArguments() {
      return List.of(outcomes);
    }

    @Override
    public void verifyDeterministic() throws NonDeterministicException {
      outcomes.verifyDeterministic();
    }
  }
}
