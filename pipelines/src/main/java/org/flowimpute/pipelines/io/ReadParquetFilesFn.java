package org.flowimpute.pipelines.io;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.parquet.hadoop.ParquetReader;
import org.flowimpute.pipelines.transforms.DeadLetters;
import org.flowimpute.pipelines.values.PayloadFormat;
import org.flowimpute.pipelines.values.SourcedRecord;
import org.flowimpute.table.ParquetDecimals;
import org.flowimpute.table.ParquetFooter;
import org.flowimpute.table.ParquetReading;

/**
 * Reads Parquet files through parquet-avro as records of the pipeline's input schema (the first
 * file's Avro view), tagging each with {@code path:row}. A file with another schema is read in its
 * own types ({@link ParquetSchemas#projection}: only the columns the input schema has) and each
 * record resolved to the input schema ({@link RecordResolver}): a record it cannot hold (a null in
 * a required field, a missing required field, a type it cannot promote) is a {@code decode} dead
 * letter naming the field; so is every record of a file whose schema has the weight field the input
 * schema lacks, or lacks the input schema's ({@link WeightColumn#refusal}), or whose schema has
 * fields an input schema taken from the first file lacks ({@link ExtraColumns}). INT32/INT64
 * decimal columns are read in their file types and scaled to the doubles the input schema has for
 * them ({@link ParquetDecimals}). Every file is read as {@link ParquetReading} reads Parquet: in
 * its own Parquet types, as {@code generate} reads it. A file that cannot be read (not Parquet, cut
 * short, damaged) ends with one dead letter for the rest of it, from the first row not read, naming
 * the file and the cause; the job goes on. A row's dead letter carries the record key of the job's
 * key field when it can be read.
 */
final class ReadParquetFilesFn extends DoFn<FileIO.ReadableFile, SourcedRecord> {

  private final String schemaJson;
  private final String keyField;
  private final WeightColumn weight;
  private final ExtraColumns extras;
  private final Counter read = Metrics.counter(DeadLetters.METRICS_NAMESPACE, "records_read");
  private transient Schema schema;

  /**
   * @param schema the records' schema
   * @param keyField the job's key field, whose key a row's dead letter carries; null: none
   * @param weight the weight field each file's schema is checked for, or null
   * @param extras the check of files' fields a schema taken from the first file lacks ({@link
   *     ExtraColumns}), or null
   */
  ReadParquetFilesFn(Schema schema, String keyField, WeightColumn weight, ExtraColumns extras) {
    this.schemaJson = schema.toString();
    this.keyField = keyField;
    this.weight = weight;
    this.extras = extras;
  }

  /** Parses the input schema once per instance. */
  @Setup
  public void setup() {
    schema = new Schema.Parser().parse(schemaJson);
  }

  @ProcessElement
  public void processElement(@Element FileIO.ReadableFile file, MultiOutputReceiver out)
      throws IOException {
    String path = file.getMetadata().resourceId().toString();
    long row = 0;
    try {
      ParquetFooter footer = ParquetSchemas.footer(file.openSeekable(), path);
      ParquetDecimals decimals = footer.decimals();
      RecordResolver.Refusal refusal =
          RecordResolver.Refusal.of(footer.written(), schema, weight, extras);
      // a refused file is read whole: its dead letters hold the values the job's schema lacks
      Schema projection =
          refusal != null ? footer.written() : ParquetSchemas.projection(footer.written(), schema);
      Schema scaled = decimals.asDoubles(projection);
      RecordResolver resolver =
          scaled.equals(schema) && refusal == null
              ? null
              : new RecordResolver(scaled, schema, GenericData.get(), refusal);
      Schema readSchema = resolver == null && decimals.isEmpty() ? schema : projection;
      Schema emitted = resolver == null ? schema : scaled;
      try (SeekableByteChannel channel = file.openSeekable();
          ParquetReader<GenericRecord> reader =
              ParquetReading.reader(
                  new ChannelInputFile(channel, path),
                  readSchema,
                  projection.getFields().stream().map(Schema.Field::name).toList())) {
        for (GenericRecord record = reader.read(); record != null; record = reader.read()) {
          row++;
          read.inc();
          emit(path + ":" + row, decimals.toDoubles(record, emitted), resolver, out);
        }
      }
    } catch (IOException | RuntimeException e) {
      read.inc();
      out.get(ReadRecords.FAILED)
          .output(
              DeadLetters.unreadRest(
                  path + ":" + (row + 1),
                  PayloadFormat.PARQUET,
                  "cannot read as Parquet from this row on: " + causes(e)));
    }
  }

  /**
   * The messages of {@code error} and its causes, each once: parquet-hadoop's own says only "Can
   * not read value at 0 in block -1 in file …", its cause says why.
   */
  static String causes(Throwable error) {
    StringBuilder message = new StringBuilder(String.valueOf(error.getMessage()));
    for (Throwable cause = error.getCause();
        cause != null && cause != cause.getCause();
        cause = cause.getCause()) {
      String text = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getName();
      if (message.indexOf(text) < 0) {
        message.append(": ").append(text);
      }
    }
    return message.toString();
  }

  private void emit(
      String source, GenericRecord written, RecordResolver resolver, MultiOutputReceiver out) {
    if (resolver == null) {
      out.get(ReadRecords.RECORDS).output(SourcedRecord.of(source, written, PayloadFormat.PARQUET));
      return;
    }
    try {
      out.get(ReadRecords.RECORDS)
          .output(SourcedRecord.of(source, resolver.resolve(written), PayloadFormat.PARQUET));
    } catch (RecordResolver.Unresolvable e) {
      out.get(ReadRecords.FAILED).output(resolver.deadLetter(source, written, e, keyField));
    }
  }
}
