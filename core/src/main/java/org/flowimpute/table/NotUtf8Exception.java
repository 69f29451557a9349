package org.flowimpute.table;

import java.io.CharConversionException;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CSV bytes that are not UTF-8, as {@link CsvCellRows} reports them: Jackson's error said only
 * "check content encoding", and the pipelines added the hint about an unclosed quote that fits
 * malformed CSV, not a file saved in another encoding. The message says that the file is not UTF-8
 * and how to convert it; most such files are Latin-1 or Windows-1252 (Excel's plain "CSV" export on
 * Windows), whose bytes fit almost any byte Jackson reports.
 */
public final class NotUtf8Exception extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The byte Jackson names ({@code Invalid UTF-8 middle byte 0x65 (at char #146, byte #145)}). */
  private static final Pattern BYTE = Pattern.compile("byte 0x([0-9a-fA-F]{1,2})\\b");

  /** Bytes Windows-1252 leaves undefined: a file holding one is in some other encoding. */
  private static final Set<Integer> UNDEFINED_IN_WINDOWS_1252 =
      Set.of(0x81, 0x8D, 0x8F, 0x90, 0x9D);

  private final String problem;
  private final String advice;

  private NotUtf8Exception(String problem, String advice, Throwable cause) {
    super(problem + "; " + advice, cause);
    this.problem = problem;
    this.advice = advice;
  }

  /**
   * {@code error} as a {@code NotUtf8Exception} if an invalid UTF-8 byte caused it, else {@code
   * error} itself.
   */
  static RuntimeException orItself(RuntimeException error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof CharConversionException encoding) {
        return of(encoding, error);
      }
    }
    return error;
  }

  private static NotUtf8Exception of(CharConversionException encoding, RuntimeException error) {
    String jackson = encoding.getMessage() == null ? "" : encoding.getMessage();
    int advice = jackson.indexOf(": check content encoding");
    String detail = advice < 0 ? jackson : jackson.substring(0, advice);
    Matcher named = BYTE.matcher(detail);
    boolean fitsWindows1252 =
        !named.find() || !UNDEFINED_IN_WINDOWS_1252.contains(Integer.parseInt(named.group(1), 16));
    return new NotUtf8Exception(
        "the file is not UTF-8 text (" + detail + ")",
        fitsWindows1252
            ? "its bytes fit Latin-1/Windows-1252, as Excel's plain \"CSV\" export writes on"
                + " Windows: convert it to UTF-8, e.g. iconv -f windows-1252 -t utf-8 in.csv >"
                + " in-utf8.csv"
            : "convert it to UTF-8 from its encoding, e.g. iconv -f <encoding> -t utf-8 in.csv >"
                + " in-utf8.csv",
        error);
  }

  /** What is wrong: the file is not UTF-8, and the byte where it shows. */
  public String problem() {
    return problem;
  }

  /** How to convert the file to UTF-8. */
  public String advice() {
    return advice;
  }
}
