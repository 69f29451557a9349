package org.flowimpute.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CalibrationWindowsTest {

  @TempDir Path dir;

  /** A directory given for calibration reports that holds none is an error, not "no windows". */
  @Test
  void aCalibrationReportDirectoryWithoutReportsIsRefused() throws Exception {
    Path empty = Files.createDirectory(dir.resolve("reports"));

    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> CalibrationWindows.read(List.of(empty)));

    assertEquals(
        empty + ": no .avro calibration-window reports in this directory", error.getMessage());
  }
}
