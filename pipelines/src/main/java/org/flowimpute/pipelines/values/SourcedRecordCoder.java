package org.flowimpute.pipelines.values;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.InstantCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.joda.time.Instant;

/**
 * Beam coder of {@link SourcedRecord}s that share one Avro schema (the input schema, known when the
 * pipeline is built): source, record, payload, payload format and the record's own event time
 * (since 2026-12-03; a state of this coder written before then does not decode).
 */
public final class SourcedRecordCoder extends CustomCoder<SourcedRecord> {

  private static final StringUtf8Coder STRING = StringUtf8Coder.of();
  private static final NullableCoder<byte[]> PAYLOAD = NullableCoder.of(ByteArrayCoder.of());
  private static final NullableCoder<Instant> EVENT_TIME = NullableCoder.of(InstantCoder.of());

  private final AvroCoder<GenericRecord> recordCoder;

  private SourcedRecordCoder(Schema schema) {
    this.recordCoder = FastAvroCoder.of(schema);
  }

  /** A coder for records of {@code schema}. */
  public static SourcedRecordCoder of(Schema schema) {
    return new SourcedRecordCoder(schema);
  }

  /** The schema of the records this coder encodes. */
  public Schema schema() {
    return recordCoder.getSchema();
  }

  @Override
  public void encode(SourcedRecord value, OutputStream out) throws IOException {
    STRING.encode(value.source(), out);
    recordCoder.encode(value.record(), out);
    PAYLOAD.encode(value.payload(), out);
    STRING.encode(value.payloadFormat().name(), out);
    EVENT_TIME.encode(value.eventTime(), out);
  }

  @Override
  public SourcedRecord decode(InputStream in) throws IOException {
    String source = STRING.decode(in);
    GenericRecord record = recordCoder.decode(in);
    byte[] payload = PAYLOAD.decode(in);
    PayloadFormat format = PayloadFormat.valueOf(STRING.decode(in));
    Instant eventTime = EVENT_TIME.decode(in);
    return new SourcedRecord(source, record, payload, format, eventTime);
  }

  @Override
  public List<? extends Coder<?>> getCoderArguments() {
    return List.of(recordCoder);
  }

  @Override
  public void verifyDeterministic() throws NonDeterministicException {
    recordCoder.verifyDeterministic();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SourcedRecordCoder that && recordCoder.equals(that.recordCoder);
  }

  @Override
  public int hashCode() {
    return recordCoder.hashCode();
  }
}
