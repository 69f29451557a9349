package org.flowimpute.cli;

import static org.flowimpute.cli.CommandRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code impute} refuses, before the model is even loaded, a dead-letter prefix that holds shards
 * of an earlier run, naming {@code --dead-letter-output} (they were reported as {@code --output}'s,
 * an option whose prefix held nothing) and what to do.
 */
class ImputeEarlierShardsTest {

  @TempDir Path dir;

  private CommandRun impute(Path output, String... extra) throws IOException {
    Path input = Files.writeString(dir.resolve("people.csv"), "id,age\np1,40\n");
    List<String> args =
        new ArrayList<>(
            List.of(
                "impute",
                "--model",
                dir.resolve("missing.zip").toString(),
                "--input",
                input.toString(),
                "--output",
                output.toString()));
    args.addAll(List.of(extra));
    return run(args.toArray(String[]::new));
  }

  private static String firstLine(CommandRun result) {
    assertEquals(ExitCodes.FAILURE, result.exitCode(), result.out() + result.err());
    return result.err().lines().findFirst().orElse("");
  }

  @Test
  void earlierShardsUnderTheDefaultDeadLetterPrefixNameThatOptionAndItsDefault()
      throws IOException {
    Path output = dir.resolve("imputed");
    Path shard = Files.writeString(dir.resolve("imputed-dead-letters-00000-of-00001.avro"), "");

    assertEquals(
        "error: --dead-letter-output "
            + output
            + "-dead-letters (the default: --output followed by -dead-letters): 1 file of an"
            + " earlier run is there ("
            + shard
            + "); remove it or give --dead-letter-output a new prefix (a new run replaces only the"
            + " shards it writes, the others would be read with its own)",
        firstLine(impute(output)));
  }

  @Test
  void earlierShardsUnderAGivenDeadLetterPrefixNameItAndCountThem() throws IOException {
    Path output = dir.resolve("imputed");
    Path deadLetters = dir.resolve("errors");
    Path first = Files.writeString(dir.resolve("errors-00000-of-00002.avro"), "");
    Files.writeString(dir.resolve("errors-00001-of-00002.avro"), "");

    assertEquals(
        "error: --dead-letter-output "
            + deadLetters
            + ": 2 files of an earlier run are there ("
            + first
            + ", …); remove them or give --dead-letter-output a new prefix (a new run replaces"
            + " only the shards it writes, the others would be read with its own)",
        firstLine(impute(output, "--dead-letter-output", deadLetters.toString())));
  }
}
