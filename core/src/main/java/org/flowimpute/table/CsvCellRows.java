package org.flowimpute.table;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.RuntimeJsonMappingException;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The rows of a CSV file's bytes as cells, header first, as every CSV reader of flowimpute reads
 * them (Jackson's CSV parser, RFC 4180 quoting): blank lines (empty or only spaces) are not rows,
 * and every cell keeps its spaces. Jackson's own blank-line skipping was not used: it also dropped
 * the spaces that begin a line, so a first cell {@code " padded "} was read as {@code "padded "},
 * and a first-column category {@code " south"} as {@code south}, unlike every other column. Read
 * from bytes, so that a UTF-8 byte-order mark (Excel writes one) is not taken for part of the first
 * column's name. Errors of text that is not CSV are Jackson's {@code RuntimeJsonMappingException}s,
 * thrown by {@link #hasNext} and {@link #next}; bytes that are not UTF-8 are a {@link
 * NotUtf8Exception} instead.
 */
public final class CsvCellRows implements Iterator<String[]>, Closeable {

  private static final CsvMapper MAPPER = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);

  private final MappingIterator<String[]> rows;
  private String[] pending;

  private CsvCellRows(MappingIterator<String[]> rows) {
    this.rows = rows;
  }

  /** The rows of {@code bytes} (closed with the rows). */
  public static CsvCellRows of(InputStream bytes) throws IOException {
    return new CsvCellRows(MAPPER.readerFor(String[].class).readValues(bytes));
  }

  @Override
  public boolean hasNext() {
    try {
      while (pending == null && rows.hasNext()) {
        String[] row = rows.next();
        if (!isBlank(row)) {
          pending = row;
        }
      }
    } catch (RuntimeJsonMappingException e) {
      throw NotUtf8Exception.orItself(e);
    }
    return pending != null;
  }

  @Override
  public String[] next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    String[] row = pending;
    pending = null;
    return row;
  }

  /** A line that holds nothing or only spaces: one cell of spaces, or none. */
  private static boolean isBlank(String[] row) {
    return row.length == 0 || (row.length == 1 && row[0].isBlank());
  }

  @Override
  public void close() throws IOException {
    rows.close();
  }
}
