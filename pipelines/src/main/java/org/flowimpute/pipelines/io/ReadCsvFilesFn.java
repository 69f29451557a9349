package org.flowimpute.pipelines.io;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.RuntimeJsonMappingException;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.Reader;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.flowimpute.pipelines.transforms.DeadLetters;
import org.flowimpute.pipelines.values.PayloadFormat;
import org.flowimpute.pipelines.values.SourcedRecord;

/**
 * Reads CSV files (header row, RFC 4180 quoting, parsed by Jackson) into records of the schema
 * {@link CsvSchemas#forHeader} gave. Columns are matched to fields by header name; fields whose
 * column a file lacks are null; columns the schema lacks are ignored. Each record keeps its row,
 * re-encoded as one CSV line, as its payload. A row with the wrong number of cells or a number that
 * does not parse becomes a {@code decode} dead letter; a file that cannot be parsed at all fails.
 */
final class ReadCsvFilesFn extends DoFn<FileIO.ReadableFile, SourcedRecord> {

  private static final CsvMapper MAPPER = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);

  private final String schemaJson;
  private final Counter read = Metrics.counter(DeadLetters.METRICS_NAMESPACE, "records_read");
  private transient Schema schema;

  ReadCsvFilesFn(Schema schema) {
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
    try (Reader reader = Channels.newReader(file.open(), StandardCharsets.UTF_8);
        MappingIterator<String[]> rows = MAPPER.readerFor(String[].class).readValues(reader)) {
      if (!rows.hasNext()) {
        return;
      }
      List<String> header = Arrays.asList(rows.next());
      int[] fieldOfColumn = new int[header.size()];
      for (int c = 0; c < header.size(); c++) {
        Schema.Field field = schema.getField(header.get(c));
        fieldOfColumn[c] = field == null ? -1 : field.pos();
      }
      long row = 0;
      while (rows.hasNext()) {
        String[] cells = rows.next();
        row++;
        read.inc();
        String source = path + ":" + row;
        byte[] line = line(cells);
        if (cells.length != header.size()) {
          out.get(ReadRecords.FAILED)
              .output(
                  DeadLetters.undecodable(
                      source,
                      line,
                      PayloadFormat.CSV,
                      null,
                      "expected "
                          + header.size()
                          + " cells as in the header, got "
                          + cells.length));
          continue;
        }
        decode(source, line, header, cells, fieldOfColumn, out);
      }
    } catch (RuntimeJsonMappingException e) {
      throw new IOException(path + ": malformed CSV: " + e.getMessage(), e);
    }
  }

  private void decode(
      String source,
      byte[] line,
      List<String> header,
      String[] cells,
      int[] fieldOfColumn,
      MultiOutputReceiver out) {
    GenericData.Record record = new GenericData.Record(schema);
    for (int c = 0; c < cells.length; c++) {
      int position = fieldOfColumn[c];
      if (position < 0 || cells[c].isEmpty()) {
        continue;
      }
      if (isDouble(schema.getFields().get(position))) {
        try {
          record.put(position, Double.parseDouble(cells[c]));
        } catch (NumberFormatException e) {
          out.get(ReadRecords.FAILED)
              .output(
                  DeadLetters.undecodable(
                      source,
                      line,
                      PayloadFormat.CSV,
                      header.get(c),
                      "column '" + header.get(c) + "': expected a number, got '" + cells[c] + "'"));
          return;
        }
      } else {
        record.put(position, cells[c]);
      }
    }
    out.get(ReadRecords.RECORDS).output(new SourcedRecord(source, record, line, PayloadFormat.CSV));
  }

  private static boolean isDouble(Schema.Field field) {
    return field.schema().getTypes().get(1).getType() == Schema.Type.DOUBLE;
  }

  private static byte[] line(String[] cells) {
    try {
      CsvSchema row = CsvSchema.emptySchema().withLineSeparator("");
      return MAPPER.writer(row).writeValueAsBytes(cells);
    } catch (IOException e) {
      throw new IllegalStateException("cannot re-encode a CSV row", e);
    }
  }
}
