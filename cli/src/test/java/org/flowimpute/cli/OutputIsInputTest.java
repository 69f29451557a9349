package org.flowimpute.cli;

import static org.flowimpute.cli.CommandRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An output that is a file the command reads is refused before any work, naming both options:
 * {@code synthesize --out pc.csv --real pc.csv} exited 0 having replaced the real records with
 * synthetic ones. The bundles here do not exist: the refusal comes before a bundle is loaded.
 */
class OutputIsInputTest {

  private static final String PEOPLE = "id,age,region\np1,40,north\np2,51,south\n";

  @TempDir Path dir;

  private Path people(String name) throws IOException {
    return Files.writeString(dir.resolve(name), PEOPLE);
  }

  private CommandRun synthesize(Path out, String real) {
    return run(
        "synthesize",
        "--model",
        dir.resolve("missing.zip").toString(),
        "--n",
        "10",
        "--out",
        out.toString(),
        "--real",
        real);
  }

  private static String refusal(String out, String in, Path file, String option) {
    return "error: "
        + out
        + " and "
        + in
        + " name the same file ("
        + file
        + "): writing the output would replace the records read from it; choose another "
        + option;
  }

  @Test
  void synthesizeRefusesAnOutThatIsTheRealFile() throws IOException {
    Path pc = people("pc.csv");

    CommandRun result = synthesize(pc, pc.toString());

    assertEquals(ExitCodes.FAILURE, result.exitCode(), result.out());
    assertEquals(refusal("--out " + pc, "--real " + pc, pc, "--out"), result.err().strip());
    assertEquals(PEOPLE, Files.readString(pc));
  }

  @Test
  void synthesizeRefusesAnOutNamingTheRealFileAnotherWay() throws IOException {
    Path pc = people("pc.csv");
    Path link = Files.createSymbolicLink(dir.resolve("link.csv"), pc);
    Path roundabout = dir.resolve("sub/../pc.csv");
    Files.createDirectories(dir.resolve("sub"));

    CommandRun viaLink = synthesize(link, pc.toString());
    CommandRun viaDots = synthesize(roundabout, pc.toString());

    assertEquals(refusal("--out " + link, "--real " + pc, pc, "--out"), viaLink.err().strip());
    assertEquals(
        refusal("--out " + roundabout, "--real " + pc, pc, "--out"), viaDots.err().strip());
    assertEquals(PEOPLE, Files.readString(pc));
  }

  @Test
  void synthesizeRefusesAnOutMatchedByTheRealGlob() throws IOException {
    people("p-0.csv");
    Path second = people("p-1.csv");
    String glob = dir.resolve("p-*.csv").toString();

    CommandRun result = synthesize(second, glob);

    assertEquals(ExitCodes.FAILURE, result.exitCode(), result.out());
    assertEquals(
        refusal("--out " + second, "--real " + glob, second, "--out"), result.err().strip());
    assertEquals(PEOPLE, Files.readString(second));
  }

  /** generate may rewrite its one input file in place, but not one file of an input glob. */
  @Test
  void generateRefusesAnOutputMatchedByItsInputGlob() throws IOException {
    people("p-0.csv");
    Path second = people("p-1.csv");
    String glob = dir.resolve("p-*.csv").toString();

    CommandRun result =
        run(
            "generate",
            "--model",
            dir.resolve("missing.zip").toString(),
            "--input",
            glob,
            "--output",
            second.toString());

    assertEquals(ExitCodes.FAILURE, result.exitCode(), result.out());
    assertEquals(
        refusal("--output " + second, "--input " + glob, second, "--output"), result.err().strip());
    assertEquals(PEOPLE, Files.readString(second));
  }

  @Test
  void calibrateRefusesAReportOnItsDataAndAnOutMatchedByItsDataGlob() throws IOException {
    people("p-0.csv");
    Path second = people("p-1.csv");
    String glob = dir.resolve("p-*.csv").toString();
    Path targets = Files.writeString(dir.resolve("targets.yaml"), "targets: []\n");

    CommandRun outAmongData =
        run(
            "calibrate",
            "--data",
            glob,
            "--weight",
            "w",
            "--targets",
            targets.toString(),
            "--out",
            second.toString());
    CommandRun reportOnData =
        run(
            "calibrate",
            "--data",
            second.toString(),
            "--weight",
            "w",
            "--targets",
            targets.toString(),
            "--out",
            dir.resolve("calibrated.csv").toString(),
            "--report",
            second.toString());

    assertEquals(
        refusal("--out " + second, "--data " + glob, second, "--out"), outAmongData.err().strip());
    assertEquals(
        refusal("--report " + second, "--data " + second, second, "--report"),
        reportOnData.err().strip());
    assertEquals(PEOPLE, Files.readString(second));
  }
}
