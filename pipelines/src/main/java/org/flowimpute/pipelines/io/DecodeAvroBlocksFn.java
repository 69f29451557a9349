package org.flowimpute.pipelines.io;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.flowimpute.pipelines.transforms.DeadLetters;
import org.flowimpute.pipelines.values.PayloadFormat;
import org.flowimpute.pipelines.values.SourcedRecord;

/**
 * Decodes the records of {@link AvroBlock}s, resolving each file's writer schema to the pipeline's
 * input schema (the first file's), and tags every record with {@code path:number}. A block that
 * cannot be resolved or decoded fails the pipeline (a file problem, not a record problem).
 *
 * <p>Records are decoded by Avro's fast reader ({@link GenericData#setFastReaderEnabled}): the
 * resolution of a writer schema to the input schema is worked out once per writer schema instead of
 * being interpreted field by field for every record; the decoded records are the same.
 */
final class DecodeAvroBlocksFn extends DoFn<AvroBlock, SourcedRecord> {

  private final String schemaJson;
  private final Counter read = Metrics.counter(DeadLetters.METRICS_NAMESPACE, "records_read");
  private transient Schema schema;
  private transient Map<String, DatumReader<GenericRecord>> readers;
  private transient BinaryDecoder decoder;
  private transient GenericData data;

  DecodeAvroBlocksFn(Schema schema) {
    this.schemaJson = schema.toString();
  }

  /** Parses the input schema once per instance. */
  @Setup
  public void setup() {
    schema = new Schema.Parser().parse(schemaJson);
    readers = new HashMap<>();
    data = new GenericData();
    data.setFastReaderEnabled(true);
  }

  /** Decodes one block. */
  @ProcessElement
  public void processElement(@Element AvroBlock block, OutputReceiver<SourcedRecord> out)
      throws IOException {
    DatumReader<GenericRecord> reader =
        readers.computeIfAbsent(
            block.writerSchema(),
            json -> new GenericDatumReader<>(new Schema.Parser().parse(json), schema, data));
    decoder = DecoderFactory.get().binaryDecoder(block.data(), decoder);
    for (int index = 0; index < block.count(); index++) {
      out.output(
          SourcedRecord.of(block.source(index), decode(reader, block, index), PayloadFormat.AVRO));
    }
    if (!decoder.isEnd()) {
      throw failure(
          block,
          Math.max(0, block.count() - 1),
          "the block holds more bytes than its " + block.count() + " records",
          null);
    }
    read.inc(block.count());
  }

  private GenericRecord decode(DatumReader<GenericRecord> reader, AvroBlock block, int index)
      throws IOException {
    try {
      return reader.read(null, decoder);
    } catch (IOException | RuntimeException e) {
      throw failure(block, index, e.getMessage(), e);
    }
  }

  private IOException failure(AvroBlock block, int index, String problem, Exception cause) {
    return new IOException(
        block.source(index)
            + ": cannot read as Avro with schema "
            + schema.getFullName()
            + ": "
            + problem,
        cause);
  }
}
