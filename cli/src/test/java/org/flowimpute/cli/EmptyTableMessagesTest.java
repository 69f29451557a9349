package org.flowimpute.cli;

import static org.flowimpute.cli.CommandRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.flowimpute.table.Tables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A table without rows is named by its option and file (was: "no records to calibrate", "synthetic
 * has no rows"), as {@code train} names it.
 */
class EmptyTableMessagesTest {
  private static final Schema PERSON =
      SchemaBuilder.record("Person")
          .fields()
          .requiredString("region")
          .requiredDouble("x")
          .requiredDouble("w")
          .endRecord();

  @TempDir Path dir;

  @Test
  void calibrateNamesTheEmptyDataFile() throws IOException {
    Path empty = dir.resolve("empty.parquet");
    Tables.writeAll(empty, PERSON, List.of());
    Path targets =
        Files.writeString(
            dir.resolve("targets.yaml"),
            "targets:\n  - name: x\n    statistic: total\n    column: x\n    value: 10\n");

    CommandRun run =
        run(
            "calibrate",
            "--data",
            empty.toString(),
            "--weight",
            "w",
            "--targets",
            targets.toString(),
            "--out",
            dir.resolve("out.avro").toString());

    assertEquals(ExitCodes.FAILURE, run.exitCode(), run.err());
    assertEquals("error: --data " + empty + " has no records to calibrate", run.err().strip());
  }

  @Test
  void evaluateNamesTheEmptySyntheticFile() throws IOException {
    Path real = Files.writeString(dir.resolve("real.csv"), "region,x,w\na,10,1\nb,20,1\n");
    Path empty = dir.resolve("empty.parquet");
    Tables.writeAll(empty, PERSON, List.of());

    CommandRun run =
        run(
            "evaluate",
            "--real",
            real.toString(),
            "--synthetic",
            empty.toString(),
            "--targets",
            "x",
            "--out",
            dir.resolve("report").toString());

    assertEquals(ExitCodes.FAILURE, run.exitCode(), run.err());
    assertEquals("error: --synthetic " + empty + " has no rows to evaluate", run.err().strip());
  }
}
