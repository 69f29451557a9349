package org.flowimpute.table;

/**
 * A table could not be read or written: bad data (the message names the file, row and column), an
 * unsupported format or an I/O failure. Unchecked so that readers can be plain iterators.
 */
public class TableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A failure described by {@code message} alone. */
  public TableException(String message) {
    super(message);
  }

  /** A failure described by {@code message}, caused by {@code cause}. */
  public TableException(String message, Throwable cause) {
    super(message, cause);
  }
}
