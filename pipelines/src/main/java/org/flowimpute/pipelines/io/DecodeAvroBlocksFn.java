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
  private final WeightColumn weight;
  private final ExtraColumns extras;
  private final Counter read = Metrics.counter(DeadLetters.METRICS_NAMESPACE, "records_read");
  private transient AvroBlockDecoder decoder;

  /**
   * @param schema the records' schema
   * @param keyField the job's key field, whose key a record's dead letter carries; null: none
   * @param weight the weight field each file's writer schema is checked for, or null
   * @param extras the check of writer schemas' fields a schema taken from the first file lacks
   *     ({@link ExtraColumns}), or null
   */
  DecodeAvroBlocksFn(Schema schema, String keyField, WeightColumn weight, ExtraColumns extras) {
    this.schemaJson = schema.toString();
    this.keyField = keyField;
    this.weight = weight;
    this.extras = extras;
  }

  /** Parses the input schema once per instance. */
  @Setup
  public void setup() {
    decoder = new AvroBlockDecoder(new Schema.Parser().parse(schemaJson), keyField, weight, extras);
  }

  /** Decodes one block. */
  @ProcessElement
  public void processElement(@Element AvroBlock block, MultiOutputReceiver out) throws IOException {
    read.inc(
        decoder.decode(
            block, out.get(ReadRecords.RECORDS)::output, out.get(ReadRecords.FAILED)::output));
  }
}
