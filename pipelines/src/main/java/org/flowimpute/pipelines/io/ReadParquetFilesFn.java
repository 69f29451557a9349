package org.flowimpute.pipelines.io;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroReadSupport;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetReader;
import org.flowimpute.pipelines.transforms.DeadLetters;
import org.flowimpute.pipelines.values.PayloadFormat;
import org.flowimpute.pipelines.values.SourcedRecord;

/**
 * Reads Parquet files through parquet-avro as records of the pipeline's input schema (the first
 * file's Avro view), tagging each with {@code path:row}. Unreadable files fail the pipeline.
 */
final class ReadParquetFilesFn extends DoFn<FileIO.ReadableFile, SourcedRecord> {

  /** The key of {@code AvroReadSupport.setAvroReadSchema}, which needs a Hadoop configuration. */
  static final String AVRO_READ_SCHEMA = "parquet.avro.read.schema";

  private final String schemaJson;
  private final Counter read = Metrics.counter(DeadLetters.METRICS_NAMESPACE, "records_read");

  ReadParquetFilesFn(Schema schema) {
    this.schemaJson = schema.toString();
  }

  @ProcessElement
  public void processElement(@Element FileIO.ReadableFile file, MultiOutputReceiver out)
      throws IOException {
    String path = file.getMetadata().resourceId().toString();
    PlainParquetConfiguration configuration = new PlainParquetConfiguration();
    configuration.set(AvroReadSupport.AVRO_REQUESTED_PROJECTION, schemaJson);
    configuration.set(AVRO_READ_SCHEMA, schemaJson);
    try (SeekableByteChannel channel = file.openSeekable();
        ParquetReader<GenericRecord> reader =
            AvroParquetReader.<GenericRecord>builder(new ChannelInputFile(channel), configuration)
                .build()) {
      long row = 0;
      for (GenericRecord record = reader.read(); record != null; record = reader.read()) {
        row++;
        read.inc();
        out.get(ReadRecords.RECORDS)
            .output(SourcedRecord.of(path + ":" + row, record, PayloadFormat.PARQUET));
      }
    } catch (IOException | RuntimeException e) {
      throw new IOException(path + ": cannot read as Parquet: " + e.getMessage(), e);
    }
  }
}
