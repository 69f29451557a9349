package org.flowimpute.table;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.RuntimeJsonMappingException;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The raw cells of a CSV file, row by row, as {@link CsvCellRows} reads them (blank lines are not
 * rows; cells keep their spaces). Knows the header and the number of the current data row for error
 * messages.
 */
final class CsvRows implements Closeable {
  private final Path path;
  private final InputStream reader;
  private final CsvCellRows rows;
  private final List<String> header;
  private long rowNumber;

  private CsvRows(Path path, InputStream reader, CsvCellRows rows, List<String> header) {
    this.path = path;
    this.reader = reader;
    this.rows = rows;
    this.header = header;
  }

  /**
   * Opens {@code path} and reads its header row.
   *
   * @throws TableException if the file cannot be opened, is empty, is not UTF-8 text (saying what
   *     it is where its first bytes tell: {@link FileHead}) or has duplicate column names
   */
  static CsvRows open(Path path) {
    InputStream reader = null;
    FileHead head = null;
    try {
      reader = new BufferedInputStream(Files.newInputStream(path));
      head = FileHead.peek(reader);
      CsvCellRows rows = CsvCellRows.of(reader);
      if (!rows.hasNext()) {
        throw new TableException(path + ": empty CSV file, expected a header row");
      }
      List<String> header = Arrays.asList(rows.next());
      Set<String> seen = new HashSet<>();
      for (String column : header) {
        if (!seen.add(column)) {
          throw new TableException(
              path + ": the header names column '" + column + "' more than once");
        }
      }
      return new CsvRows(path, reader, rows, List.copyOf(header));
    } catch (IOException e) {
      closeQuietly(reader, e);
      throw new TableException(path + ": cannot read CSV header: " + IoErrors.describe(e), e);
    } catch (NotUtf8Exception e) {
      closeQuietly(reader, e);
      String why =
          head.knownFormat()
              .map(format -> "not CSV text: " + format)
              .orElse("cannot read CSV header: " + e.getMessage());
      throw new TableException(path + ": " + why, e);
    } catch (RuntimeJsonMappingException e) {
      closeQuietly(reader, e);
      throw new TableException(path + ": cannot read CSV header: " + e.getMessage(), e);
    } catch (TableException e) {
      closeQuietly(reader, e);
      throw e;
    }
  }

  private static void closeQuietly(InputStream reader, Exception primary) {
    if (reader == null) {
      return;
    }
    try {
      reader.close();
    } catch (IOException e) {
      primary.addSuppressed(e);
    }
  }

  Path path() {
    return path;
  }

  List<String> header() {
    return header;
  }

  /** The 1-based number of the data row last returned by {@link #next()} (header not counted). */
  long rowNumber() {
    return rowNumber;
  }

  boolean hasNext() {
    try {
      return rows.hasNext();
    } catch (RuntimeJsonMappingException | NotUtf8Exception e) {
      throw malformed(e);
    }
  }

  /**
   * The cells of the next data row, exactly as many as the header has columns.
   *
   * @throws TableException naming file and row if the row is malformed or has the wrong length
   */
  String[] next() {
    String[] cells;
    try {
      cells = rows.next();
    } catch (RuntimeJsonMappingException | NotUtf8Exception e) {
      throw malformed(e);
    }
    rowNumber++;
    if (cells.length != header.size()) {
      throw new TableException(
          String.format(
              "%s row %d: expected %d cells as in the header, got %d",
              path, rowNumber, header.size(), cells.length));
    }
    return cells;
  }

  /**
   * The error of text that is not CSV: Jackson's own words and the line where it noticed, without
   * its parser internals (source object, reference chain); or of bytes that are not UTF-8, which
   * says so and how to convert them.
   */
  private TableException malformed(RuntimeException e) {
    if (e instanceof NotUtf8Exception notUtf8) {
      return new TableException(
          String.format("%s row %d: %s", path, rowNumber + 1, notUtf8.getMessage()), e);
    }
    String problem = e.getMessage();
    if (e.getCause() instanceof JsonProcessingException notCsv) {
      problem =
          notCsv.getOriginalMessage().strip()
              + (notCsv.getLocation() == null
                  ? ""
                  : " (noticed at line " + notCsv.getLocation().getLineNr() + ")");
    }
    return new TableException(
        String.format("%s row %d: malformed CSV: %s", path, rowNumber + 1, problem), e);
  }

  @Override
  public void close() {
    try {
      rows.close();
      reader.close();
    } catch (IOException e) {
      throw new TableException(path + ": cannot close: " + IoErrors.describe(e), e);
    }
  }
}
