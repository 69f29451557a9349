package org.flowimpute.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code --name=value} argument that is neither the command's option nor Beam's is a usage error
 * (exit code 2) naming it, with the closest option when there is one: it was Beam's "Class
 * interface ... missing a property named 'outputFormat'." with exit code 1.
 */
class UnknownBeamOptionTest {

  @TempDir Path temp;

  @Test
  void anUnknownOptionOfImputeIsAUsageError() {
    CommandRun result = impute("--outputFormat=csv");

    assertEquals(ExitCodes.USAGE, result.exitCode(), result.err());
    assertEquals(
        "unknown option --outputFormat: not an option of this command nor of Beam",
        firstLine(result.err()));
    assertTrue(
        result.err().endsWith("Run 'flowimpute impute --help' for the options.\n"), result.err());
    assertTrue(result.err().lines().count() <= 3, result.err());
  }

  @Test
  void theClosestOptionIsNamedInTheCommandsSpellingWhenItIsTheCommandsOption() {
    CommandRun commandOption = impute("--batchSise=10");
    CommandRun beamOption = impute("--targetParalelism=2");

    assertEquals(ExitCodes.USAGE, commandOption.exitCode(), commandOption.err());
    assertEquals(
        "unknown option --batchSise: not an option of this command nor of Beam; did you mean"
            + " --batch-size?",
        firstLine(commandOption.err()));
    assertEquals(ExitCodes.USAGE, beamOption.exitCode(), beamOption.err());
    assertEquals(
        "unknown option --targetParalelism: not an option of this command nor of Beam; did you"
            + " mean --targetParallelism=...?",
        firstLine(beamOption.err()));
  }

  @Test
  void anUnknownOptionOfStreamIsAUsageError() {
    CommandRun result =
        CommandRun.run(
            "stream",
            "--model",
            temp.resolve("model.zip").toString(),
            "--source",
            "dir://" + temp.resolve("in"),
            "--targets",
            temp.resolve("targets.yaml").toString(),
            "--output",
            temp.resolve("out").resolve("stream").toString(),
            "--lambdaa=0.5");

    assertEquals(ExitCodes.USAGE, result.exitCode(), result.err());
    assertEquals(
        "unknown option --lambdaa: not an option of this command nor of Beam; did you mean"
            + " --lambda=...?",
        firstLine(result.err()));
  }

  /**
   * A Beam option given a value not of its type is a usage error naming the option: it exited 1
   * with Jackson's "Cannot deserialize value of type `java.lang.Long` from String "abc"", which
   * named neither the option nor Beam.
   */
  @Test
  void aBeamOptionWithAValueOfTheWrongTypeIsAUsageErrorNamingIt() {
    CommandRun imputeRun = impute("--maxBundleSize=abc");
    CommandRun streamRun =
        CommandRun.run(
            "stream",
            "--model",
            temp.resolve("model.zip").toString(),
            "--source",
            "dir://" + temp.resolve("in"),
            "--targets",
            temp.resolve("targets.yaml").toString(),
            "--output",
            temp.resolve("out").resolve("stream").toString(),
            "--lambda=abc");

    assertEquals(ExitCodes.USAGE, imputeRun.exitCode(), imputeRun.err());
    assertEquals(
        "Invalid value for option '--maxBundleSize': 'abc' is not of type Long",
        firstLine(imputeRun.err()));
    assertTrue(
        imputeRun.err().contains("Run 'flowimpute impute --help' for the options."),
        imputeRun.err());
    assertEquals(ExitCodes.USAGE, streamRun.exitCode(), streamRun.err());
    assertEquals(
        "Invalid value for option '--lambda': 'abc' is not of type double",
        firstLine(streamRun.err()));
  }

  /**
   * The same value given to a text option, a list option and a Long option: the Long option, the
   * one Beam refused, is named. The first argument with the value was named, the text option that
   * had accepted it.
   */
  @Test
  void theRefusedOptionIsTheOneThatIsNotText() {
    CommandRun run =
        CommandRun.run(
            "impute",
            "--model",
            temp.resolve("model.zip").toString(),
            "--input",
            temp.resolve("in.csv").toString(),
            "--output",
            temp.resolve("out").resolve("imputed").toString(),
            "--jobName=abc",
            "--filesToStage=abc",
            "--maxBundleSize=abc");

    assertEquals(ExitCodes.USAGE, run.exitCode(), run.err());
    assertEquals(
        "Invalid value for option '--maxBundleSize': 'abc' is not of type Long",
        firstLine(run.err()));
  }

  private CommandRun impute(String option) {
    return CommandRun.run(
        "impute",
        "--model",
        temp.resolve("model.zip").toString(),
        "--input",
        temp.resolve("in.csv").toString(),
        "--output",
        temp.resolve("out").resolve("imputed").toString(),
        option);
  }

  private static String firstLine(String text) {
    return text.strip().lines().findFirst().orElse("");
  }
}
