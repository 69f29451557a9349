package org.flowimpute.cli;

import static org.flowimpute.cli.CommandRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.flowimpute.bundle.ModelBundle;
import org.flowimpute.bundle.Sha256;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The table options of the local commands take a glob of several files as one table. */
class GlobInputCommandTest {

  @TempDir static Path temp;

  private static Path parts;

  /** demo-data split into two CSV files, part-1.csv (rows 1-200) and part-2.csv (201-300). */
  @BeforeAll
  static void splitDemoData() throws IOException {
    Path whole = temp.resolve("whole.csv");
    run("demo-data", "--rows", "300", "--seed", "4", "--out", whole.toString()).assertOk();
    List<String> lines = Files.readAllLines(whole);
    parts = temp.resolve("parts");
    Files.createDirectories(parts);
    List<String> first = new ArrayList<>(lines.subList(0, 201));
    List<String> second = new ArrayList<>(List.of(lines.get(0)));
    second.addAll(lines.subList(201, lines.size()));
    Files.write(parts.resolve("part-1.csv"), first);
    Files.write(parts.resolve("part-2.csv"), second);
  }

  @Test
  void trainReadsAGlobAndFingerprintsItsFilesInNameOrder() throws IOException {
    Path bundle = temp.resolve("bundle");
    run(
            "train",
            "--data",
            parts.resolve("part-*.csv").toString(),
            "--conditions",
            "region,age,sex",
            "--categorical",
            "region,sex",
            "--targets",
            "wage_income",
            "--weight",
            "weight",
            "--epochs",
            "1",
            "--hidden",
            "16",
            "--layers",
            "2",
            "--no-progress",
            "--out",
            bundle.toString())
        .assertOk();

    ByteArrayOutputStream both = new ByteArrayOutputStream();
    both.write(Files.readAllBytes(parts.resolve("part-1.csv")));
    both.write(Files.readAllBytes(parts.resolve("part-2.csv")));
    ModelBundle model = ModelBundle.load(bundle);
    assertEquals(300, model.manifest().trainingData().rows());
    assertEquals(Sha256.of(both.toByteArray()), model.manifest().trainingData().sha256());

    // a bad cell in the second file is named by that file and its row there
    Path bad = temp.resolve("bad");
    Files.createDirectories(bad);
    Files.copy(parts.resolve("part-1.csv"), bad.resolve("in-1.csv"));
    List<String> lines = new ArrayList<>(Files.readAllLines(parts.resolve("part-2.csv")));
    int age = Arrays.asList(lines.get(0).split(",")).indexOf("age");
    String[] cells = lines.get(7).split(",", -1);
    cells[age] = "old";
    lines.set(7, String.join(",", cells));
    Files.write(bad.resolve("in-2.csv"), lines);
    CommandRun generated =
        CliFixtures.generate(
            bundle,
            bad.resolve("in-*.csv"),
            temp.resolve("never.csv"),
            "--key-column",
            "person_id");
    assertEquals(ExitCodes.FAILURE, generated.exitCode(), generated.err());
    assertEquals(
        "error: " + bad.resolve("in-2.csv") + " row 7: field 'age': expected a number, got 'old'",
        generated.err().strip().lines().reduce((first, last) -> last).orElseThrow(),
        generated.err());
  }

  @Test
  void aFileWithAnotherHeaderOrAGlobMatchingNothingIsAOneLineError() throws IOException {
    Path mixed = temp.resolve("mixed");
    Files.createDirectories(mixed);
    Files.copy(parts.resolve("part-1.csv"), mixed.resolve("m-1.csv"));
    List<String> lines = new ArrayList<>(Files.readAllLines(parts.resolve("part-2.csv")));
    lines.set(0, lines.get(0).replace("weight", "w"));
    Files.write(mixed.resolve("m-2.csv"), lines);
    Path targets = temp.resolve("targets.yaml");
    Files.writeString(
        targets, "targets:\n  - {name: n, statistic: total, column: weight, value: 1000}\n");

    CommandRun refused = calibrate(mixed.resolve("m-*.csv"), targets);
    CommandRun nothing = calibrate(mixed.resolve("none-[0-9]*.avro"), targets);

    assertEquals(ExitCodes.FAILURE, refused.exitCode(), refused.err());
    assertTrue(
        refused
            .err()
            .startsWith(
                "error: --data "
                    + mixed.resolve("m-*.csv")
                    + ": "
                    + mixed.resolve("m-2.csv")
                    + ": its header "),
        refused.err());
    assertEquals(1, refused.err().strip().lines().count(), refused.err());
    assertEquals(ExitCodes.FAILURE, nothing.exitCode(), nothing.err());
    Path none = mixed.resolve("none-[0-9]*.avro");
    assertEquals("error: --data " + none + ": no files match " + none, nothing.err().strip());
  }

  /**
   * A glob leaves out hidden files: a half-written table another command keeps beside its output,
   * an editor's lock file and macOS metadata were read as part of the table (here they would make
   * calibrate fail on their header or bytes). A glob matching only hidden files says so.
   */
  @Test
  void calibrateSkipsHiddenFilesOfAGlobAndSaysSoWhenOnlyTheyMatch() throws IOException {
    Path dir = temp.resolve("with-hidden");
    Files.createDirectories(dir);
    Files.copy(parts.resolve("part-1.csv"), dir.resolve("part-1.csv"));
    Files.copy(parts.resolve("part-2.csv"), dir.resolve("part-2.csv"));
    Files.writeString(dir.resolve(".part-3.csv.partial-4242"), "person_id,wei");
    Files.writeString(dir.resolve("._part-1.csv"), "\u0000\u0005macOS");
    Files.writeString(dir.resolve(".#part-2.csv"), "lock");
    Path targets = temp.resolve("hidden-targets.yaml");
    Files.writeString(
        targets, "targets:\n  - {name: n, statistic: total, column: weight, value: 1000}\n");
    Path out = temp.resolve("hidden-out.csv");

    Path hiddenOnly = dir.resolve("*.csv.partial-*");

    CliFixtures.calibrate(dir.resolve("*.csv").toString(), targets, out).assertOk();
    CommandRun none = calibrate(hiddenOnly, targets);

    assertEquals(301, Files.readAllLines(out).size());
    assertEquals(ExitCodes.FAILURE, none.exitCode(), none.err());
    assertEquals(
        "error: --data "
            + hiddenOnly
            + ": no files match "
            + hiddenOnly
            + " (skipped 1 hidden file, .part-3.csv.partial-4242: a name starting with '.' is"
            + " matched only by a glob starting with '.')",
        none.err().strip());
  }

  private static CommandRun calibrate(Path data, Path targets) {
    return CliFixtures.calibrate(data.toString(), targets, temp.resolve("never.avro"));
  }
}
