package org.flowimpute.pipelines.io;

import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.flowimpute.pipelines.transforms.DeadLetters;
import org.flowimpute.pipelines.values.SourcedRecord;

/**
 * Decodes Avro blocks into records tagged with {@code path:number} ({@link AvroBlockDecoder}, one
 * per DoFn instance) and counts them ({@code records_read}, dead letters included). Records the
 * input schema cannot hold, the rest of a block from a record that cannot be decoded and the rest
 * of an unreadable file go to {@link ReadRecords#FAILED} ({@link AvroBlockDecoder}).
 */
final class DecodeAvroBlocksFn extends DoFn<AvroBlock, SourcedRecord> {

  private final String schemaJson;
  private final String keyField;
  private final Counter read = Metrics.counter(DeadLetters.METRICS_NAMESPACE, "records_read");
  private transient AvroBlockDecoder decoder;

  DecodeAvroBlocksFn(Schema schema, String keyField) {
    this.schemaJson = schema.toString();
    this.keyField = keyField;
  }

  /** Parses the input schema once per instance. */
  @Setup
  public void setup() {
    decoder = new AvroBlockDecoder(new Schema.Parser().parse(schemaJson), keyField);
  }

  /** Decodes one block. */
  @ProcessElement
  public void processElement(@Element AvroBlock block, MultiOutputReceiver out) throws IOException {
    read.inc(
        decoder.decode(
            block, out.get(ReadRecords.RECORDS)::output, out.get(ReadRecords.FAILED)::output));
  }
}
