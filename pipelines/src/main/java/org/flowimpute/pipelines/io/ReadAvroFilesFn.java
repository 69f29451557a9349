package org.flowimpute.pipelines.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.flowimpute.pipelines.transforms.DeadLetters;
import org.flowimpute.pipelines.values.PayloadFormat;
import org.flowimpute.pipelines.values.SourcedRecord;

/**
 * Reads Avro object container files of any record schema, resolving each file's writer schema to
 * the pipeline's input schema (the first file's), and tags every record with {@code path:number}. A
 * file whose schema cannot be resolved, or whose blocks are corrupt, fails the pipeline: that is a
 * file problem, not a record problem.
 */
final class ReadAvroFilesFn extends DoFn<FileIO.ReadableFile, SourcedRecord> {

  private final String schemaJson;
  private final Counter read = Metrics.counter(DeadLetters.METRICS_NAMESPACE, "records_read");
  private transient Schema schema;

  ReadAvroFilesFn(Schema schema) {
    this.schemaJson = schema.toString();
  }

  @Setup
  public void setup() {
    schema = new Schema.Parser().parse(schemaJson);
  }

  @ProcessElement
  public void processElement(@Element FileIO.ReadableFile file, MultiOutputReceiver out)
      throws IOException {
    String path = file.getMetadata().resourceId().toString();
    try (InputStream in = Channels.newInputStream(file.open());
        DataFileStream<GenericRecord> records =
            new DataFileStream<>(in, new GenericDatumReader<>(null, schema))) {
      long number = 0;
      for (GenericRecord record : records) {
        number++;
        read.inc();
        out.get(ReadRecords.RECORDS)
            .output(SourcedRecord.of(path + ":" + number, record, PayloadFormat.AVRO));
      }
    } catch (IOException | RuntimeException e) {
      throw new IOException(
          path
              + ": cannot read as Avro with schema "
              + schema.getFullName()
              + ": "
              + e.getMessage(),
          e);
    }
  }
}
