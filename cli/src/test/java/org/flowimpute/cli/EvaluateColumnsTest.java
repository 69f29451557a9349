package org.flowimpute.cli;

import static org.flowimpute.cli.CommandRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.flowimpute.bundle.BundleWriter;
import org.flowimpute.bundle.SampleManifests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tables {@code evaluate} reads are checked as they are opened: a missing column is named with
 * its option and file, and a target holding categories is a usage error (evaluate compares numeric
 * targets only), not a row error after every table was read.
 */
class EvaluateColumnsTest {

  @TempDir Path dir;

  @Test
  void namesTheOptionAndFileOfAMissingColumn() throws IOException {
    Path real = Files.writeString(dir.resolve("real.csv"), "region,wage\na,10\nb,20\n");
    Path synthetic = Files.writeString(dir.resolve("hdr.csv"), "region,pay\na,11\nb,19\n");

    CommandRun run = evaluate(real, synthetic, "wage");

    assertEquals(ExitCodes.FAILURE, run.exitCode(), run.err());
    assertEquals(
        "error: --synthetic " + synthetic + " has no column 'wage' (columns: [region, pay])",
        run.err().strip());
  }

  @Test
  void refusesACategoricalTargetAsAUsageError() throws IOException {
    Path real = Files.writeString(dir.resolve("test.csv"), "wage,tenure\n10,own\n20,rent\n");
    Path synthetic = Files.writeString(dir.resolve("syn.csv"), "wage,tenure\n11,own\n19,rent\n");

    CommandRun run = evaluate(real, synthetic, "wage,tenure");

    assertEquals(ExitCodes.USAGE, run.exitCode(), run.err());
    assertTrue(
        run.err()
            .startsWith(
                "--targets tenure: evaluate compares numeric targets only, and column"
                    + " 'tenure' of --real "
                    + real
                    + " holds 'own' in its first row; leave it out of --targets"),
        run.err());
  }

  /**
   * A number written with thousands separators (or a decimal comma, a currency or percent sign) is
   * named as not a plain number, with its file, row and column; it was refused as a categorical
   * target to leave out of --targets.
   */
  @Test
  void namesANumberWithThousandsSeparatorsAsNotAPlainNumber() throws IOException {
    Path real = Files.writeString(dir.resolve("real.csv"), "region,income\na,166923.24\nb,4855\n");
    Path synthetic =
        Files.writeString(
            dir.resolve("syn.csv"), "region,income\na,\"166,923.24\"\nb,\"4,855.91\"\n");
    Path euros =
        Files.writeString(dir.resolve("eur.csv"), "region,income\na,\"€ 1.234,5\"\nb,12\n");

    CommandRun separators = evaluate(real, synthetic, "income");
    CommandRun currency = evaluate(euros, synthetic, "income");

    assertEquals(ExitCodes.USAGE, separators.exitCode(), separators.err());
    assertTrue(
        separators
            .err()
            .startsWith(
                "--targets income: --synthetic "
                    + synthetic
                    + " row 1, column 'income': expected a plain number (digits, an"
                    + " optional sign, '.' before decimals, no thousands separators, currency or"
                    + " percent signs), got '166,923.24'; write the column's numbers plainly"),
        separators.err());
    assertTrue(
        currency
            .err()
            .startsWith(
                "--targets income: --real "
                    + euros
                    + " row 1, column 'income': expected a plain number"),
        currency.err());
  }

  /** With --model, a categorical target of the model is refused before any table is read. */
  @Test
  void refusesACategoricalTargetOfTheModelBeforeReading() throws IOException {
    Path bundle = dir.resolve("model");
    BundleWriter.write(bundle, SampleManifests.sample(), SampleManifests.MODEL_BYTES);
    Path absent = dir.resolve("absent.csv");

    CommandRun run = evaluate(absent, absent, "wage,tenure", "--model", bundle.toString());

    assertEquals(ExitCodes.USAGE, run.exitCode(), run.err());
    assertTrue(
        run.err()
            .startsWith(
                "--targets tenure: evaluate compares numeric targets only, and 'tenure' is a"
                    + " categorical target of --model "
                    + bundle),
        run.err());
  }

  private CommandRun evaluate(Path real, Path synthetic, String targets, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "evaluate",
                "--real",
                real.toString(),
                "--synthetic",
                synthetic.toString(),
                "--targets",
                targets,
                "--out",
                dir.resolve("report").toString()));
    args.addAll(List.of(more));
    return run(args.toArray(String[]::new));
  }
}
