package org.flowimpute.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.specific.SpecificDatumWriter;
import org.flowimpute.avro.CalibrationWindowReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CalibrationWindowsTest {

  @TempDir Path dir;

  /**
   * A stream writes its records, reports and dead letters into one directory: given that directory,
   * the reports are read and the other Avro files passed over (they failed the command with
   * "expecting CalibrationWindowReport, missing required field lambda").
   */
  @Test
  void otherAvroFilesBesideTheReportsArePassedOver() throws Exception {
    Path stream = Files.createDirectory(dir.resolve("stream"));
    ReportFixture.create(stream);
    Schema record = SchemaBuilder.record("Imputed").fields().requiredDouble("income").endRecord();
    try (DataFileWriter<GenericRecord> writer =
        new DataFileWriter<>(new GenericDatumWriter<>(record))) {
      writer.create(record, stream.resolve("stream-2026-01-01.avro").toFile());
      writer.append(new GenericRecordBuilder(record).set("income", 1.0).build());
    }

    List<CalibrationWindowReport> reports = CalibrationWindows.read(List.of(stream));

    assertEquals(3, reports.size());
  }

  /**
   * A file of other records given as a calibration report file failed with Avro's words only
   * ("expecting ...CalibrationWindowReport, missing required field lambda"), without the file.
   */
  @Test
  void aFileOfOtherRecordsIsRefusedNamingTheFile() throws Exception {
    Schema record = SchemaBuilder.record("Imputed").fields().requiredDouble("income").endRecord();
    Path file = dir.resolve("imputed.avro");
    try (DataFileWriter<GenericRecord> writer =
        new DataFileWriter<>(new GenericDatumWriter<>(record))) {
      writer.create(record, file.toFile());
      writer.append(new GenericRecordBuilder(record).set("income", 1.0).build());
    }

    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> CalibrationWindows.read(List.of(file)));

    assertEquals(
        file
            + ": not a calibration report file: its records are Imputed, expected"
            + " org.flowimpute.avro.CalibrationWindowReport records (the reports the streaming"
            + " pipeline writes)",
        error.getMessage());
  }

  /**
   * A file that is not Avro, such as calibrate's JSON report, is refused naming the file and what
   * is read instead: it was "cannot read r.json (looking for calibration reports): Not an Avro data
   * file."
   */
  @Test
  void aJsonReportIsRefusedSayingWhatIsRead() throws Exception {
    Path json = Files.writeString(dir.resolve("r.json"), "{\"solve\": {}}");

    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> CalibrationWindows.read(List.of(json)));

    assertEquals(
        json
            + ": not a calibration report file: not an Avro file (the streaming pipeline writes"
            + " its window reports as Avro, <output>-reports-*.avro; the JSON report of calibrate"
            + " --report is not read here)",
        error.getMessage());
  }

  /** A directory given for calibration reports that holds none is an error, not "no windows". */
  @Test
  void aCalibrationReportDirectoryWithoutReportsIsRefused() throws Exception {
    Path empty = Files.createDirectory(dir.resolve("reports"));

    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> CalibrationWindows.read(List.of(empty)));

    assertEquals(
        empty + ": no .avro calibration-window reports in this directory", error.getMessage());
  }

  /**
   * A report file cut inside its last data block (a stream still writing it, a copy cut short) is
   * refused naming the file and the first report lost: Avro's reader took the cut for the file's
   * end, and the evaluation went on with that block's windows missing.
   */
  @Test
  void aFileCutInsideADataBlockIsRefusedNamingTheFirstReportLost() throws Exception {
    Path file = dir.resolve("windows.avro");
    try (DataFileWriter<CalibrationWindowReport> writer =
        new DataFileWriter<>(new SpecificDatumWriter<>(CalibrationWindowReport.class))) {
      writer.create(CalibrationWindowReport.getClassSchema(), file.toFile());
      writer.append(ReportFixture.window(0));
      writer.sync();
      writer.append(ReportFixture.window(1));
      writer.append(ReportFixture.window(2));
    }
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length - 40));

    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> CalibrationWindows.read(List.of(file)));

    assertEquals(
        file
            + ": the file ends inside a data block (cut short, or still being written): the"
            + " reports from report 2 on cannot be read",
        error.getMessage());
  }

  /**
   * An empty file (a stream that has not written yet) is refused saying it is empty and what is
   * read: it was called "not an Avro file".
   */
  @Test
  void anEmptyFileIsRefusedSayingItIsEmpty() throws Exception {
    Path empty = Files.createFile(dir.resolve("windows.avro"));

    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> CalibrationWindows.read(List.of(empty)));

    assertEquals(
        empty
            + ": not a calibration report file: the file is empty (0 bytes), expected the Avro"
            + " window reports the streaming pipeline writes (<output>-reports-*.avro)",
        error.getMessage());
  }

  /**
   * A file cut inside its header is named as other commands name it: it read "not a readable Avro
   * file (looking for calibration reports): null".
   */
  @Test
  void aHeaderCutShortIsNamedAsOtherCommandsNameIt() throws Exception {
    Path file = dir.resolve("windows.avro");
    try (DataFileWriter<CalibrationWindowReport> writer =
        new DataFileWriter<>(new SpecificDatumWriter<>(CalibrationWindowReport.class))) {
      writer.create(CalibrationWindowReport.getClassSchema(), file.toFile());
      writer.append(ReportFixture.window(0));
    }
    Files.write(file, Arrays.copyOf(Files.readAllBytes(file), 30));

    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> CalibrationWindows.read(List.of(file)));

    assertEquals(
        file
            + ": not a complete Avro file: the header ends after 30 bytes (cut short while being"
            + " written or copied?): write or copy the file again",
        error.getMessage());
  }

  /**
   * A data block whose compressed bytes are damaged is named with its number, its codec and the
   * first report lost, as other commands name it: it read only the codec's words.
   */
  @Test
  void aDamagedDataBlockIsNamedWithItsNumberAndTheFirstReportLost() throws Exception {
    Path file = dir.resolve("windows.avro");
    long secondBlock;
    try (DataFileWriter<CalibrationWindowReport> writer =
        new DataFileWriter<>(new SpecificDatumWriter<>(CalibrationWindowReport.class))) {
      writer.setCodec(CodecFactory.deflateCodec(6));
      writer.create(CalibrationWindowReport.getClassSchema(), file.toFile());
      writer.append(ReportFixture.window(0));
      secondBlock = writer.sync();
      writer.append(ReportFixture.window(1));
      writer.append(ReportFixture.window(2));
    }
    byte[] bytes = Files.readAllBytes(file);
    for (int b = (int) secondBlock + 8; b < bytes.length - 20; b++) {
      bytes[b] = (byte) 0xFF;
    }
    Files.write(file, bytes);

    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> CalibrationWindows.read(List.of(file)));

    assertTrue(
        error
            .getMessage()
            .startsWith(file + " report 2: data block 2 (deflate-compressed) is damaged: "),
        error.getMessage());
    assertTrue(
        error
            .getMessage()
            .endsWith("; the reports from here on cannot be read (write or copy the file again)"),
        error.getMessage());
  }
}
