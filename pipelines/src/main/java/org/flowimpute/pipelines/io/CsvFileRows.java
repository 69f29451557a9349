package org.flowimpute.pipelines.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.flowimpute.pipelines.transforms.DeadLetters;
import org.flowimpute.pipelines.values.PayloadFormat;
import org.flowimpute.table.CsvCellRows;
import org.flowimpute.table.FileHead;
import org.flowimpute.table.NotUtf8Exception;

/**
 * The data rows of one CSV file (header first) as records or dead letters, numbered {@code
 * path:row} from 1 after the header. Text that is not CSV (a quote that is never closed, text after
 * a closing quote) ends the file with one {@code decode} dead letter for that row and the rest of
 * the file: CSV quoting cannot be resynchronised, since a stray quote takes the rows after it into
 * one cell. Bytes that are not UTF-8 end it alike, with a message saying so and how to convert the
 * file ({@link NotUtf8Exception}), not the quote hint, or, for a file of another format (Avro,
 * Parquet, gzip: {@link FileHead}), saying which. A header that names a column twice is one such
 * dead letter for the whole file (which of the two cells would be the field's is unknown). The job
 * goes on with its other files; a stream does not fail (and, restored from a checkpoint, fail
 * again) on the same file.
 */
final class CsvFileRows implements DirectoryReader.RowCursor {

  private final String path;
  private final Schema schema;
  private final String keyField;
  private final WeightColumn weight;
  private final ConditionColumns conditions;
  private final ObservedTargetColumns observedTargets;
  private final ExtraColumns extras;
  private final CsvCellRows rows;

  /** The file's first bytes, which say what a file that is not text holds. */
  private final FileHead head;

  private CsvRowDecoder decoder;
  private long row;
  private String[] cells;
  private String unreadRest;
  private String headerProblem;
  private boolean ended;

  /**
   * @param path the file, for sources and messages
   * @param bytes the file's bytes (closed by {@link #close})
   * @param schema the record schema the columns are matched to by name
   * @param keyField the job's key field, whose key a row's dead letter carries when its cell reads
   *     ({@link CsvRowDecoder}); null when the job keys by content
   * @param weight the weight column the header is checked for ({@link CsvRowDecoder}), or null
   * @param conditions the model's condition columns the header is checked for ({@link
   *     CsvRowDecoder})
   * @param observedTargets the model's target columns whose missing-value markers are empty cells
   *     ({@link CsvRowDecoder})
   * @param extras the check of header columns a schema taken from the job's first file lacks
   *     ({@link CsvRowDecoder}); null: none (a given schema)
   */
  CsvFileRows(
      String path,
      InputStream bytes,
      Schema schema,
      String keyField,
      WeightColumn weight,
      ConditionColumns conditions,
      ObservedTargetColumns observedTargets,
      ExtraColumns extras)
      throws IOException {
    this.path = path;
    this.schema = schema;
    this.keyField = keyField;
    this.weight = weight;
    this.conditions = conditions;
    this.observedTargets = observedTargets;
    this.extras = extras;
    InputStream buffered = new BufferedInputStream(bytes);
    this.head = FileHead.peek(buffered);
    this.rows = CsvRowDecoder.rows(buffered);
  }

  /** The next row's record or dead letter; null at the end of the file. */
  @Override
  public ReadOutcome next() {
    if (!advance()) {
      return null;
    }
    String source = path + ":" + row;
    if (unreadRest != null) {
      return ReadOutcome.unreadRest(DeadLetters.unreadRest(source, PayloadFormat.CSV, unreadRest));
    }
    if (headerProblem != null) {
      return ReadOutcome.unreadRest(
          DeadLetters.unreadRest(
              source,
              PayloadFormat.CSV,
              headerProblem + ", so the file's rows cannot be matched to fields"));
    }
    return decoder.decode(source, cells);
  }

  /**
   * Passes over one row (or the failure that ends the file) without decoding it, no dead letter and
   * no metric: false at the end. Restoring a checkpoint skips what was emitted before it.
   */
  @Override
  public boolean skip() {
    return advance();
  }

  /** Moves to the next row or to the failure that ends the file; false at the end. */
  private boolean advance() {
    if (ended) {
      return false;
    }
    try {
      if (decoder == null) {
        if (!rows.hasNext()) {
          ended = true;
          return false;
        }
        decoder =
            new CsvRowDecoder(
                schema,
                Arrays.asList(rows.next()),
                keyField,
                weight,
                conditions,
                observedTargets,
                extras);
        headerProblem = decoder.headerProblem();
        if (headerProblem != null) {
          row = 1;
          ended = true;
          return true;
        }
      }
      row++;
      if (!rows.hasNext()) {
        ended = true;
        return false;
      }
      cells = rows.next();
      return true;
    } catch (NotUtf8Exception notUtf8) {
      if (decoder == null && head.knownFormat().isPresent()) {
        return endWith("not CSV text: " + head.knownFormat().get() + "; the file cannot be read");
      }
      return endWith(
          notUtf8.problem() + "; " + unreadPart() + " cannot be read; " + notUtf8.advice());
    } catch (RuntimeException e) {
      if (!(e.getCause() instanceof JsonProcessingException notCsv)) {
        throw e;
      }
      return endWith(describe(notCsv));
    }
  }

  /** Ends the file with the dead letter {@code message} for the current row and the rest. */
  private boolean endWith(String message) {
    row = Math.max(row, 1);
    unreadRest = message;
    ended = true;
    return true;
  }

  /** The part of the file that a failure at the current row leaves unread. */
  private String unreadPart() {
    return decoder == null
        ? "the header row, and so the file,"
        : "this row and the rest of the file";
  }

  private String describe(JsonProcessingException notCsv) {
    String where =
        notCsv.getLocation() == null
            ? ""
            : " (noticed at line " + notCsv.getLocation().getLineNr() + ")";
    return "malformed CSV: "
        + notCsv.getOriginalMessage()
        + where
        + "; "
        + unreadPart()
        + " cannot be read (a quote that is never closed takes the rows after it into one cell)";
  }

  @Override
  public void close() throws IOException {
    rows.close();
  }
}
