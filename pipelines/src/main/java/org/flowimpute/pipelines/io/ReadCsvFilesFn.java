package org.flowimpute.pipelines.io;

import java.io.IOException;
import java.nio.channels.Channels;
import org.apache.avro.Schema;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.flowimpute.pipelines.transforms.DeadLetters;
import org.flowimpute.pipelines.values.SourcedRecord;

/**
 * Reads CSV files (header row, RFC 4180 quoting, parsed by Jackson) into records of the schema
 * {@link CsvSchemas#forHeader} gave. Columns are matched to fields by header name; fields whose
 * column a file lacks are null; columns a given schema lacks are ignored, while a column a schema
 * taken from the first file lacks makes each row of its file a dead letter ({@link ExtraColumns}).
 * Each record keeps its row, re-encoded as one CSV line, as its payload. A row with the wrong
 * number of cells or a number that does not parse becomes a {@code decode} dead letter (so does
 * each row of a file whose header holds the weight column the schema lacks, or lacks the schema's
 * weight column, or lacks a condition column of the model or the key column that the schema has: a
 * {@code missing_field} dead letter naming the column as absent from the header, not as an empty
 * value), with the record key its key cell gives when that cell reads; text that is not CSV ends
 * its file with one dead letter ({@link CsvFileRows}).
 */
final class ReadCsvFilesFn extends DoFn<FileIO.ReadableFile, SourcedRecord> {

  private final String schemaJson;
  private final String keyField;
  private final WeightColumn weight;
  private final ConditionColumns conditions;
  private final ObservedTargetColumns observedTargets;
  private final ExtraColumns extras;
  private final Counter read = Metrics.counter(DeadLetters.METRICS_NAMESPACE, "records_read");
  private transient Schema schema;

  /**
   * @param schema the records' schema
   * @param keyField the job's key field, whose key a row's dead letter carries when its cell reads;
   *     null when the job keys by content
   * @param weight the weight column each file's header is checked for, or null
   * @param conditions the model's condition columns each file's header is checked for: a row of a
   *     file whose header lacks one is a dead letter saying so
   * @param observedTargets the model's target columns whose missing-value markers ({@code NA}) are
   *     empty cells, missing targets
   * @param extras the check of header columns a schema taken from the job's first file lacks: a row
   *     of a file with one is a dead letter naming it; null: none (a given schema)
   */
  ReadCsvFilesFn(
      Schema schema,
      String keyField,
      WeightColumn weight,
      ConditionColumns conditions,
      ObservedTargetColumns observedTargets,
      ExtraColumns extras) {
    this.schemaJson = schema.toString();
    this.keyField = keyField;
    this.weight = weight;
    this.conditions = conditions;
    this.observedTargets = observedTargets;
    this.extras = extras;
  }

  @Setup
  public void setup() {
    schema = new Schema.Parser().parse(schemaJson);
  }

  @ProcessElement
  public void processElement(@Element FileIO.ReadableFile file, MultiOutputReceiver out)
      throws IOException {
    String path = file.getMetadata().resourceId().toString();
    try (CsvFileRows rows =
        new CsvFileRows(
            path,
            Channels.newInputStream(file.open()),
            schema,
            keyField,
            weight,
            conditions,
            observedTargets,
            extras)) {
      for (ReadOutcome outcome = rows.next(); outcome != null; outcome = rows.next()) {
        read.inc();
        if (outcome.record() != null) {
          out.get(ReadRecords.RECORDS).output(outcome.record());
        } else {
          out.get(ReadRecords.FAILED).output(outcome.deadLetter());
        }
      }
    }
  }
}
