package org.flowimpute.cli;

import static org.flowimpute.cli.TrainGenerateCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.bundle.ModelBundle;
import org.flowimpute.table.Tables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --missing-targets}, then {@code generate} on records that carry some targets. */
class MissingTargetsCommandTest {

  @TempDir Path temp;

  @Test
  void generateFillsOnlyTheMissingTargetsAndKeepsThePresentOnes() throws Exception {
    Path data = temp.resolve("train.csv");
    Files.writeString(data, TrainGenerateCommandTest.table(600, 1, true));
    Path bundle = temp.resolve("bundle.zip");
    TrainGenerateCommandTest.Result trained =
        run(
            "train",
            "--data",
            data.toString(),
            "--conditions",
            "age,region",
            "--categorical",
            "region",
            "--targets",
            "income,savings",
            "--weight",
            "w",
            "--epochs",
            "3",
            "--hidden",
            "16",
            "--layers",
            "2",
            "--batch-size",
            "128",
            "--missing-targets",
            "--no-progress",
            "--out",
            bundle.toString());
    assertEquals(ExitCodes.OK, trained.exitCode(), trained.err());
    assertTrue(ModelBundle.load(bundle).manifest().observedTargets());
    TrainGenerateCommandTest.Result inspected = run("inspect", bundle.toString());
    assertTrue(inspected.out().contains("observed targets accepted"), inspected.out());
    assertTrue(inspected.out().contains("input   observed float32[batch, 10]"), inspected.out());
    // Input: every even row carries its income, odd rows carry nothing; savings always missing.
    List<String> lines = TrainGenerateCommandTest.table(200, 3, true).lines().toList();
    StringBuilder csv = new StringBuilder("id,age,region,income,savings\n");
    for (int i = 1; i < lines.size(); i++) {
      String[] cells = lines.get(i).split(",");
      String income = i % 2 == 0 ? cells[3] : "";
      csv.append(String.join(",", cells[0], cells[1], cells[2], income, "")).append('\n');
    }
    Path input = temp.resolve("partial.csv");
    Files.writeString(input, csv);
    Path output = temp.resolve("out.avro");

    TrainGenerateCommandTest.Result generated =
        run(
            "generate",
            "--model",
            bundle.toString(),
            "--input",
            input.toString(),
            "--output",
            output.toString(),
            "--key-column",
            "id");

    assertEquals(ExitCodes.OK, generated.exitCode(), generated.err());
    List<GenericRecord> in = Tables.readAll(input);
    List<GenericRecord> out = Tables.readAll(output);
    assertEquals(200, out.size());
    int kept = 0;
    for (int r = 0; r < 200; r++) {
      Object given = in.get(r).get("income");
      assertNotNull(out.get(r).get("income"));
      assertNotNull(out.get(r).get("savings"));
      if (given != null) {
        assertEquals(((Number) given).doubleValue(), (Double) out.get(r).get("income"), 0.0);
        kept++;
      }
    }
    assertEquals(100, kept);
  }
}
