package org.flowimpute.table;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The first bytes of a file that could not be read in the format its name gave, to say what it
 * holds instead: an Avro file named {@code .csv} was reported as "not UTF-8 text, convert it with
 * iconv", and a Parquet or gzip file named {@code .avro} as Avro's bare "Not an Avro data file".
 */
public final class FileHead {

  /** How many bytes are looked at. */
  public static final int LENGTH = 64;

  private static final int TEXT_SHOWN = 40;

  private static final String UTF_16 =
      "it is UTF-16 text (as Excel's \"Unicode Text\" export writes): convert it to UTF-8, e.g."
          + " iconv -f utf-16 -t utf-8 in.csv > in-utf8.csv";

  /** Formats recognised by their first bytes, with what a user should do about each. */
  private static final List<Signature> SIGNATURES =
      List.of(
          new Signature(
              bytes('O', 'b', 'j', 1),
              "it is an Avro data file (it starts with Avro's magic bytes): read it as Avro (.avro)"),
          new Signature(
              bytes('P', 'A', 'R', '1'),
              "it is a Parquet file (it starts with PAR1): read it as Parquet (.parquet)"),
          new Signature(bytes(0x1f, 0x8b), "it is gzip-compressed: decompress it first (gunzip)"),
          new Signature(
              bytes('B', 'Z', 'h'), "it is bzip2-compressed: decompress it first (bunzip2)"),
          new Signature(
              bytes(0xfd, '7', 'z', 'X', 'Z', 0),
              "it is xz-compressed: decompress it first (unxz)"),
          new Signature(
              bytes(0x28, 0xb5, 0x2f, 0xfd), "it is zstd-compressed: decompress it first (unzstd)"),
          new Signature(
              bytes('P', 'K', 3, 4),
              "it is a zip archive (as an Excel .xlsx workbook is): extract the table from it, or"
                  + " save the workbook as CSV UTF-8"),
          new Signature(bytes(0xff, 0xfe), UTF_16),
          new Signature(bytes(0xfe, 0xff), UTF_16));

  private final byte[] head;

  private FileHead(byte[] head) {
    this.head = head;
  }

  /** The first bytes of {@code bytes} (all of them if fewer than are looked at). */
  public static FileHead of(byte[] bytes) {
    return new FileHead(Arrays.copyOf(bytes, Math.min(bytes.length, LENGTH)));
  }

  /** The first bytes of the file at {@code path}. */
  public static FileHead read(Path path) throws IOException {
    try (InputStream in = Files.newInputStream(path)) {
      return new FileHead(in.readNBytes(LENGTH));
    }
  }

  /**
   * The first bytes of {@code in}, which is then reset to where it was.
   *
   * @throws IllegalArgumentException if {@code in} does not support {@link InputStream#mark}
   */
  public static FileHead peek(InputStream in) throws IOException {
    if (!in.markSupported()) {
      throw new IllegalArgumentException("peeking needs a stream that supports mark");
    }
    in.mark(LENGTH);
    byte[] bytes = in.readNBytes(LENGTH);
    in.reset();
    return new FileHead(bytes);
  }

  /** Whether the file starts with {@code magic}. */
  public boolean startsWith(byte[] magic) {
    return head.length >= magic.length
        && Arrays.equals(head, 0, magic.length, magic, 0, magic.length);
  }

  /**
   * Whether the file ends within {@code magic}: it is not empty and all of it starts {@code magic}.
   */
  public boolean endsWithin(byte[] magic) {
    return head.length > 0
        && head.length < magic.length
        && Arrays.equals(head, 0, head.length, magic, 0, head.length);
  }

  /** How many bytes were looked at: the file's length if it is shorter than {@link #LENGTH}. */
  public int length() {
    return head.length;
  }

  /**
   * What the file is and what to do, if its first bytes are those of a format recognised here (a
   * table format, a compression, a zip archive, UTF-16 text); empty for UTF-8 text and unknown
   * bytes.
   */
  public Optional<String> knownFormat() {
    return SIGNATURES.stream()
        .filter(signature -> startsWith(signature.magic()))
        .filter(signature -> !signature.printable() || holdsControlBytes())
        .map(Signature::advice)
        .findFirst();
  }

  /**
   * What the file holds, for an error saying it is not in the expected format: a {@link
   * #knownFormat}, else "it is empty", the start of its first line if it is text, or its first
   * bytes in hexadecimal.
   */
  public String describe() {
    Optional<String> known = knownFormat();
    if (known.isPresent()) {
      return known.get();
    }
    if (head.length == 0) {
      return "it is empty";
    }
    Optional<String> text = firstLine();
    if (text.isPresent()) {
      return "it holds text starting with "
          + LevelSpelling.quoted(text.get())
          + ": if it is CSV, read it as CSV (.csv)";
    }
    int shown = Math.min(head.length, 8);
    return "it starts with the bytes "
        + HexFormat.ofDelimiter(" ").formatHex(head, 0, shown)
        + (shown < head.length ? " …" : "");
  }

  /** The start of the first line, if the bytes are UTF-8 text without control characters. */
  private Optional<String> firstLine() {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    CharBuffer chars = CharBuffer.allocate(head.length);
    // not the end of the input: a character cut by the head's end is not an error
    if (decoder.decode(ByteBuffer.wrap(head), chars, false).isError()) {
      return Optional.empty();
    }
    String text = chars.flip().toString();
    if (text.chars()
        .anyMatch(c -> Character.isISOControl(c) && c != '\t' && c != '\r' && c != '\n')) {
      return Optional.empty();
    }
    String line = text.lines().findFirst().orElse("");
    return Optional.of(line.length() > TEXT_SHOWN ? line.substring(0, TEXT_SHOWN) + "…" : line);
  }

  private static byte[] bytes(int... values) {
    byte[] bytes = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      bytes[i] = (byte) values[i];
    }
    return bytes;
  }

  /**
   * Whether the bytes hold a control character other than tab and line breaks, as a binary file's
   * first bytes do and a text file's (in any 8-bit encoding) do not.
   */
  private boolean holdsControlBytes() {
    for (byte b : head) {
      int c = b & 0xff;
      if ((c < 0x20 && c != '\t' && c != '\r' && c != '\n') || c == 0x7f) {
        return true;
      }
    }
    return false;
  }

  /**
   * A format's first bytes and what to do about it. A magic of printable characters ({@code PAR1},
   * {@code BZh}) can also begin a CSV header ({@code PAR1_code,...}), so it counts only where
   * control bytes follow, as in a real file of that format.
   */
  private record Signature(byte[] magic, String advice) {
    boolean printable() {
      for (byte b : magic) {
        if ((b & 0xff) < 0x20 || (b & 0xff) >= 0x7f) {
          return false;
        }
      }
      return true;
    }
  }
}
