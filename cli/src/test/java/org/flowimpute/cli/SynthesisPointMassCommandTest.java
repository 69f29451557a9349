package org.flowimpute.cli;

import static org.flowimpute.cli.CommandRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.bundle.ContinuousTarget;
import org.flowimpute.bundle.Manifest;
import org.flowimpute.bundle.ModelBundle;
import org.flowimpute.table.Tables;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --synthesis K} releases no point mass held by fewer than K rows: the default {@code
 * --atom-min-rows} (20) is raised to K, said on stderr, and an explicit one below K is a usage
 * error. A reviewer's bundle of {@code --synthesis=10 --atom-min-rows 2} held 98765.43 of 2 rows,
 * which {@code inspect} printed and {@code synthesize} wrote in 518 of 5,000 records.
 */
class SynthesisPointMassCommandTest {

  @TempDir static Path temp;

  private static Path data;

  /** 600 rows with an income of exactly 4494.00 on 25 of them. */
  @BeforeAll
  static void writeData() throws Exception {
    String[] lines = TrainGenerateCommandTest.table(600, 1, true).split("\n");
    StringBuilder csv = new StringBuilder(lines[0]).append('\n');
    for (int i = 1; i < lines.length; i++) {
      String[] cells = lines[i].split(",");
      if (i % 20 == 0 && i <= 500) {
        cells[3] = "4494.00";
      }
      csv.append(String.join(",", cells)).append('\n');
    }
    data = Files.writeString(temp.resolve("heaped.csv"), csv.toString());
  }

  @Test
  void anAtomMinimumBelowKIsAUsageError() {
    Path out = temp.resolve("two.zip");

    CommandRun result =
        TrainGenerateCommandTest.trainSmall(
            data, out, "--synthesis=10", "--atom-min-rows", "2", "--no-progress");

    assertEquals(ExitCodes.USAGE, result.exitCode(), result.out());
    assertEquals(
        "--atom-min-rows 2 is below --synthesis 10: a synthesis bundle releases a point mass as an"
            + " exact value, so only a value held by at least 10 rows may be one; give"
            + " --atom-min-rows 10 or more, or leave it out",
        result.err().lines().findFirst().orElseThrow());
    assertFalse(Files.exists(out));
  }

  /** With K = 30 the 25 rows of 4494 make no point mass: not in inspect, not synthesized. */
  @Test
  void theDefaultAtomMinimumIsRaisedToKAndSaidSo() throws Exception {
    Path bundle = temp.resolve("k30.zip");

    CommandRun trained =
        TrainGenerateCommandTest.trainSmall(data, bundle, "--synthesis=30", "--no-progress");

    trained.assertOk();
    assertTrue(
        trained
            .err()
            .contains(
                "note: --synthesis 30: point masses need at least 30 rows (--atom-min-rows raised"
                    + " from its default 20): a synthesis bundle releases no exact value held by"
                    + " fewer than 30 rows\n"),
        trained.err());
    Manifest manifest = ModelBundle.load(bundle).manifest();
    assertEquals(List.of(), income(manifest).atoms());
    assertEquals(30, manifest.training().settings().get("atoms_min_rows"));
    String inspect = run("inspect", bundle.toString()).out();
    assertFalse(inspect.contains("4494"), inspect);
    assertTrue(
        inspect.contains(
            "point masses held by at least 30 rows: a synthesis bundle holds no value of the"
                + " fewer than 30 rows at either end and no point mass of fewer than 30 rows"),
        inspect);
    Path out = temp.resolve("k30.csv");
    run("synthesize", "--model", bundle.toString(), "--n", "2000", "--out", out.toString())
        .assertOk();
    for (GenericRecord row : Tables.readAll(out)) {
      assertTrue(((Number) row.get("income")).doubleValue() != 4494.0, row.toString());
    }
  }

  /** With K = 10 the default of 20 rows stands, the 25 rows of 4494 are a point mass, no note. */
  @Test
  void aDefaultAtomMinimumOfAtLeastKStands() throws Exception {
    Path bundle = temp.resolve("k10.zip");

    CommandRun trained =
        TrainGenerateCommandTest.trainSmall(data, bundle, "--synthesis", "--no-progress");

    trained.assertOk();
    assertFalse(trained.err().contains("note: --synthesis"), trained.err());
    assertEquals(List.of(4494.0), income(ModelBundle.load(bundle).manifest()).atoms());
  }

  private static ContinuousTarget income(Manifest manifest) {
    return (ContinuousTarget) manifest.targets().get(0);
  }
}
