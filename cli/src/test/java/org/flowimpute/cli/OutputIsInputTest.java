package org.flowimpute.cli;

import static org.flowimpute.cli.CommandRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An output that is a file the command reads, or that another output names, is refused before any
 * work as a usage error (exit code 2) naming both options: {@code synthesize --out pc.csv --real
 * pc.csv} exited 0 having replaced the real records with synthetic ones, and once refused, these
 * refusals exited 1 in {@code generate}, {@code synthesize}, {@code impute}, {@code stream} and
 * {@code calibrate --out} but 2 for {@code calibrate --report}. The bundles here do not exist: the
 * refusal comes before a bundle is loaded.
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
    return out
        + " and "
        + in
        + " name the same file ("
        + file
        + "): writing the output would replace the records read from it; choose another "
        + option;
  }

  /** The usage error's message: the first line of stderr (the usage help follows it). */
  private static String message(CommandRun result) {
    assertEquals(ExitCodes.USAGE, result.exitCode(), result.out() + result.err());
    return result.err().lines().findFirst().orElse("");
  }

  @Test
  void synthesizeRefusesAnOutThatIsTheRealFile() throws IOException {
    Path pc = people("pc.csv");

    CommandRun result = synthesize(pc, pc.toString());

    assertEquals(refusal("--out " + pc, "--real " + pc, pc, "--out"), message(result));
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

    assertEquals(refusal("--out " + link, "--real " + pc, pc, "--out"), message(viaLink));
    assertEquals(refusal("--out " + roundabout, "--real " + pc, pc, "--out"), message(viaDots));
    assertEquals(PEOPLE, Files.readString(pc));
  }

  @Test
  void synthesizeRefusesAnOutMatchedByTheRealGlob() throws IOException {
    people("p-0.csv");
    Path second = people("p-1.csv");
    String glob = dir.resolve("p-*.csv").toString();

    CommandRun result = synthesize(second, glob);

    assertEquals(refusal("--out " + second, "--real " + glob, second, "--out"), message(result));
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

    assertEquals(
        refusal("--output " + second, "--input " + glob, second, "--output"), message(result));
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
        refusal("--out " + second, "--data " + glob, second, "--out"), message(outAmongData));
    assertEquals(
        refusal("--report " + second, "--data " + second, second, "--report"),
        message(reportOnData));
    assertEquals(PEOPLE, Files.readString(second));
  }

  /** impute and stream: two outputs of one prefix would write files of the same names. */
  @Test
  void imputeAndStreamRefuseTwoOutputsOfOnePrefix() throws IOException {
    Path input = people("people.csv");
    String prefix = dir.resolve("out/p").toString();
    String dead = prefix + "-0";
    Path targets = Files.writeString(dir.resolve("targets.yaml"), "targets: []\n");

    CommandRun impute =
        run(
            "impute",
            "--model",
            dir.resolve("missing.zip").toString(),
            "--input",
            input.toString(),
            "--output",
            prefix,
            "--dead-letter-output",
            prefix);
    CommandRun stream =
        run(
            "stream",
            "--model",
            dir.resolve("missing.zip").toString(),
            "--source",
            "dir://" + dir.resolve("in"),
            "--targets",
            targets.toString(),
            "--output",
            prefix,
            "--dead-letter-output",
            dead);

    assertEquals(
        "--output "
            + prefix
            + " and --dead-letter-output "
            + prefix
            + " name the same prefix: their files would have the same names and replace each"
            + " other; give each its own prefix",
        message(impute));
    assertEquals(
        "--dead-letter-output "
            + dead
            + " is --output "
            + prefix
            + " followed by '-' and a digit: its files would match --output's ("
            + prefix
            + "-[0-9]*.avro); give it a prefix of its own",
        message(stream));
    assertFalse(Files.exists(dir.resolve("out")));
  }
}
