package org.flowimpute.pipelines.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.beam.sdk.coders.BooleanCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.flowimpute.avro.DeadLetter;
import org.flowimpute.pipelines.transforms.DeadLetters;
import org.flowimpute.pipelines.values.SourcedRecord;
import org.flowimpute.pipelines.values.SourcedRecordCoder;

/**
 * What reading one row or record gave: a record, or the dead letter that replaces it. Lets a
 * single-output reader (an unbounded source) carry both; exactly one of the two is set.
 *
 * @param record the decoded record, or null
 * @param deadLetter the rejection, or null
 * @param unreadRest whether the dead letter stands for the unread rest of a file ({@link
 *     DeadLetters#unreadRest}), so that the step that counts a source's outcomes can count it as
 *     such (the source's own metrics are not kept)
 */
record ReadOutcome(SourcedRecord record, DeadLetter deadLetter, boolean unreadRest) {

  ReadOutcome {
    if ((record == null) == (deadLetter == null)) {
      throw new IllegalArgumentException("exactly one of record and dead letter must be set");
    }
  }

  static ReadOutcome of(SourcedRecord record) {
    return new ReadOutcome(record, null, false);
  }

  static ReadOutcome rejected(DeadLetter deadLetter) {
    return new ReadOutcome(null, deadLetter, false);
  }

  /** The dead letter ({@link DeadLetters#unreadRest}) that stands for the unread rest of a file. */
  static ReadOutcome unreadRest(DeadLetter deadLetter) {
    return new ReadOutcome(null, deadLetter, true);
  }

  /** Coder of outcomes whose records have {@code schema}. */
  static final class OutcomeCoder extends CustomCoder<ReadOutcome> {
    private static final long serialVersionUID = 1L;
    private final NullableCoder<SourcedRecord> records;
    private final NullableCoder<DeadLetter> deadLetters = NullableCoder.of(DeadLetters.coder());
    private final BooleanCoder flags = BooleanCoder.of();

    OutcomeCoder(Schema schema) {
      this.records = NullableCoder.of(SourcedRecordCoder.of(schema));
    }

    @Override
    public void encode(ReadOutcome value, OutputStream out) throws IOException {
      records.encode(value.record(), out);
      deadLetters.encode(value.deadLetter(), out);
      flags.encode(value.unreadRest(), out);
    }

    @Override
    public ReadOutcome decode(InputStream in) throws IOException {
      return new ReadOutcome(records.decode(in), deadLetters.decode(in), flags.decode(in));
    }

    @Override
    public List<? extends Coder<?>> getCoderArguments() {
      return List.of(records, deadLetters, flags);
    }

    @Override
    public void verifyDeterministic() throws NonDeterministicException {
      records.verifyDeterministic();
    }
  }
}
