package org.flowimpute.pipelines.io;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.flowimpute.avro.DeadLetter;
import org.flowimpute.encode.FieldValues;
import org.flowimpute.pipelines.values.PayloadFormat;

/**
 * The household of each CSV row that could not be decoded, so that a household job can dead-letter
 * the rest of that household instead of imputing it as a smaller one: for a {@code decode} dead
 * letter of a CSV row with as many cells as its file's header (a cell that is not a number where
 * the model needs one), emits (household id as a category, the row's source). The header is read
 * again from the file the source names (once per file and instance); a row of another cell count,
 * or without an id, is left out (its cells cannot be matched to the header).
 */
public final class UnreadableCsvHouseholdsFn extends DoFn<DeadLetter, KV<String, String>> {

  private final String idField;
  private transient Map<String, List<String>> headers;

  /** Reads the household id from column {@code idField}. */
  public UnreadableCsvHouseholdsFn(String idField) {
    this.idField = idField;
  }

  /** Starts with no header read. */
  @Setup
  public void setup() {
    headers = new HashMap<>();
  }

  /** Emits the household of one dead letter, if it is a readable CSV row's. */
  @ProcessElement
  public void processElement(@Element DeadLetter letter, OutputReceiver<KV<String, String>> out)
      throws IOException {
    String source = letter.getSource().toString();
    int colon = source.lastIndexOf(':');
    if (!PayloadFormat.CSV.label().equals(letter.getPayloadFormat().toString()) || colon < 0) {
      return;
    }
    List<String> header = headers.computeIfAbsent(source.substring(0, colon), this::header);
    String[] cells = firstRow(new ByteArrayInputStream(bytes(letter)));
    int column = header.indexOf(idField);
    if (cells == null || cells.length != header.size() || column < 0 || cells[column].isEmpty()) {
      return;
    }
    out.output(KV.of(FieldValues.category(cells[column], source, idField), source));
  }

  private List<String> header(String path) {
    try (InputStream in =
        Channels.newInputStream(FileSystems.open(FileSystems.matchNewResource(path, false)))) {
      String[] header = firstRow(in);
      return header == null ? List.of() : Arrays.asList(header);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the header of " + path + " again", e);
    }
  }

  private static String[] firstRow(InputStream in) throws IOException {
    var rows = CsvRowDecoder.rows(in);
    return rows.hasNext() ? rows.next() : null;
  }

  private static byte[] bytes(DeadLetter letter) {
    var payload = letter.getOriginalPayload().duplicate();
    byte[] bytes = new byte[payload.remaining()];
    payload.get(bytes);
    return bytes;
  }
}
