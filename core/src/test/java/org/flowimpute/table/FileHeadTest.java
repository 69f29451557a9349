package org.flowimpute.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FileHeadTest {

  private static FileHead head(int... values) {
    byte[] bytes = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      bytes[i] = (byte) values[i];
    }
    return FileHead.of(bytes);
  }

  private static FileHead text(String text) {
    return FileHead.of(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void tableFormatsAreNamedWithTheExtensionToGive() {
    assertEquals(
        "it is an Avro data file (it starts with Avro's magic bytes): read it as Avro (.avro)",
        head('O', 'b', 'j', 1, 4, 0x14).describe());
    assertEquals(
        "it is a Parquet file (it starts with PAR1): read it as Parquet (.parquet)",
        head('P', 'A', 'R', '1', 0x15, 4).describe());
  }

  @Test
  void compressionsArchivesAndUtf16SayWhatToDoFirst() {
    assertEquals(
        Optional.of("it is gzip-compressed: decompress it first (gunzip)"),
        head(0x1f, 0x8b, 8, 0).knownFormat());
    assertEquals(
        Optional.of("it is zstd-compressed: decompress it first (unzstd)"),
        head(0x28, 0xb5, 0x2f, 0xfd, 0x24).knownFormat());
    assertTrue(head('P', 'K', 3, 4, 20).describe().startsWith("it is a zip archive (as an Excel"));
    assertTrue(
        head(0xff, 0xfe, 'a', 0).describe().contains("iconv -f utf-16 -t utf-8"),
        head(0xff, 0xfe, 'a', 0).describe());
  }

  /**
   * A Latin-1 CSV file whose header starts like a printable magic number ({@code PAR1}, {@code
   * BZh}) is not taken for that format: those formats' files hold control bytes right after it.
   */
  @Test
  void aTextHeaderStartingLikeAPrintableMagicIsNoKnownFormat() {
    byte[] latin1 = "PAR1_code,income,w\u00e9\nA,1,1\n".getBytes(StandardCharsets.ISO_8859_1);
    byte[] bzip = "BZh_zone,income\n".getBytes(StandardCharsets.ISO_8859_1);

    assertEquals(Optional.empty(), FileHead.of(latin1).knownFormat());
    assertEquals(Optional.empty(), FileHead.of(bzip).knownFormat());
    assertEquals(
        Optional.of("it is bzip2-compressed: decompress it first (bunzip2)"),
        head('B', 'Z', 'h', '9', '1', 'A', 'Y', '&', 'S', 'Y', 0x5b, 0x04, 0x00).knownFormat());
  }

  @Test
  void textIsQuotedByItsFirstLineAndHasNoKnownFormat() {
    FileHead csv = text("age,region\n30,north\n");

    assertEquals(Optional.empty(), csv.knownFormat());
    assertEquals(
        "it holds text starting with 'age,region': if it is CSV, read it as CSV (.csv)",
        csv.describe());
  }

  @Test
  void aLongFirstLineIsCutAndACharacterCutByTheHeadsEndIsStillText() {
    // 39 + 2 × 12 bytes, then the 13th "é" is cut in two by the 64th byte
    String line = "a".repeat(39) + "é".repeat(20);

    assertEquals(
        "it holds text starting with '"
            + "a".repeat(39)
            + "é…': if it is CSV, read it as CSV (.csv)",
        text(line).describe());
  }

  @Test
  void aFileEndsWithinMagicBytesOnlyIfAllOfItStartsThem() {
    byte[] avro = {'O', 'b', 'j', 1};

    assertTrue(head('O', 'b').endsWithin(avro));
    assertFalse(head('O', 'x').endsWithin(avro));
    assertFalse(head().endsWithin(avro));
    assertFalse(head('O', 'b', 'j', 1).endsWithin(avro));
  }

  @Test
  void otherBytesAreShownInHexadecimalAndNothingAsEmpty() {
    assertEquals(
        "it starts with the bytes 00 01 02 03 04 05 06 07 …",
        head(0, 1, 2, 3, 4, 5, 6, 7, 8).describe());
    assertEquals("it starts with the bytes 00 01", head(0, 1).describe());
    assertEquals("it is empty", head().describe());
  }

  @Test
  void peekingLeavesTheStreamWhereItWas() throws IOException {
    InputStream in =
        new BufferedInputStream(
            new ByteArrayInputStream("id,income\n1,10\n".getBytes(StandardCharsets.UTF_8)));

    FileHead peeked = FileHead.peek(in);

    assertTrue(peeked.startsWith("id,".getBytes(StandardCharsets.UTF_8)));
    assertFalse(peeked.startsWith("income".getBytes(StandardCharsets.UTF_8)));
    assertEquals("id,income\n1,10\n", new String(in.readAllBytes(), StandardCharsets.UTF_8));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            FileHead.peek(
                new ByteArrayInputStream(new byte[0]) {
                  @Override
                  public boolean markSupported() {
                    return false;
                  }
                }));
  }
}
