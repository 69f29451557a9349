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
 * letter of a CSV row, emits (household id as a category, the row's source and, for a row of
 * another cell count than the header, how the id was read). The header is read again from the file
 * the source names (once per file and instance).
 *
 * <p>A row with as many cells as the header (a cell that is not a number where the model needs one)
 * has its id where the header has it. A row with a cell too few or too many cannot be matched to
 * the header, so its household is not known for sure: the cells before the defect are in place,
 * those after it shifted. Both readings are emitted: the cell at the id column counted from the
 * start of the row (right when the defect comes after the id column, as in a truncated row) and
 * counted from the end (right when it comes before), when the row has them and they are not empty.
 * A household whose id only happens to equal the wrong reading is dead-lettered too, its reason
 * naming the row and the reading; imputing the row's true household without it would write values
 * and totals for a household that does not exist, and without a trace. A row without a readable id
 * at either position, or a decode dead letter that is not a CSV row's, is left out.
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
    if (cells == null || column < 0) {
      return;
    }
    if (cells.length == header.size()) {
      if (!cells[column].isEmpty()) {
        out.output(KV.of(FieldValues.category(cells[column], source, idField), source));
      }
      return;
    }
    String shape = cells.length + " cells for a header of " + header.size();
    int fromEnd = cells.length - (header.size() - column);
    String first = column < cells.length ? cells[column] : "";
    String last = fromEnd >= 0 && fromEnd < cells.length ? cells[fromEnd] : "";
    if (!first.isEmpty()) {
      String reading =
          first.equals(last)
              ? "household id read at the id column"
              : "household id read at the id column counted from the start of the row";
      out.output(
          KV.of(
              FieldValues.category(first, source, idField),
              source + " (" + shape + "; " + reading + ")"));
    }
    if (!last.isEmpty() && !last.equals(first)) {
      out.output(
          KV.of(
              FieldValues.category(last, source, idField),
              source
                  + " ("
                  + shape
                  + "; household id read at the id column counted from the end of the row)"));
    }
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
