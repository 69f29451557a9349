package org.flowimpute.pipelines.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.apache.avro.Schema;
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
 */
record ReadOutcome(SourcedRecord record, DeadLetter deadLetter) {

  ReadOutcome {
    if ((record == null) == (deadLetter == null)) {
      throw new IllegalArgumentException("exactly one of record and dead letter must be set");
    }
  }

  static ReadOutcome of(SourcedRecord record) {
    return new ReadOutcome(record, null);
  }

  static ReadOutcome rejected(DeadLetter deadLetter) {
    return new ReadOutcome(null, deadLetter);
  }

  /** Coder of outcomes whose records have {@code schema}. */
  static final class OutcomeCoder extends CustomCoder<ReadOutcome> {
    private static final long serialVersionUID = 1L;
    private final NullableCoder<SourcedRecord> records;
    private final NullableCoder<DeadLetter> deadLetters = NullableCoder.of(DeadLetters.coder());

    OutcomeCoder(Schema schema) {
      this.records = NullableCoder.of(SourcedRecordCoder.of(schema));
    }

    @Override
    public void encode(ReadOutcome value, OutputStream out) throws IOException {
      records.encode(value.record(), out);
      deadLetters.encode(value.deadLetter(), out);
    }

    @Override
    public ReadOutcome decode(InputStream in) throws IOException {
      return new ReadOutcome(records.decode(in), deadLetters.decode(in));
    }

    @Override
    public List<? extends Coder<?>> getCoderArguments() {
      return List.of(records, deadLetters);
    }

    @Override
    public void verifyDeterministic() throws NonDeterministicException {
      records.verifyDeterministic();
    }
  }
}
