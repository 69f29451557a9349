package org.flowimpute.pipelines.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputPrefixesTest {

  @TempDir Path temp;

  private final PipelineOptions options = PipelineOptionsFactory.create();

  @Test
  void aPrefixInDirectoriesStillToBeCreatedIsAccepted() {
    String prefix = temp.resolve("a").resolve("b").resolve("out").toString();

    OutputPrefixes.requireUsable(options, "--output", prefix);

    assertEquals(false, Files.exists(temp.resolve("a")));
  }

  @Test
  void aPrefixWhosePathRunsThroughARegularFileIsRefusedNamingTheFile() throws IOException {
    Path file = Files.writeString(temp.resolve("reports"), "x");
    String prefix = file.resolve("deeper").resolve("dl").toString();

    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () -> OutputPrefixes.requireUsable(options, "--dead-letter-output", prefix));

    assertEquals(
        "--dead-letter-output "
            + prefix
            + ": cannot write the output files: "
            + file
            + " is a file; choose a prefix in a directory",
        error.getMessage());
  }

  @Test
  void aPrefixEndingInASlashIsRefusedWithAnExample() {
    String prefix = temp.resolve("out").toString() + "/";

    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () -> OutputPrefixes.requireUsable(options, "--output", prefix));

    assertEquals(
        "--output "
            + prefix
            + ": a prefix ends in the start of a file name (e.g. "
            + prefix
            + "imputed), not in '/'",
        error.getMessage());
  }

  @Test
  void aPrefixWithGlobCharactersIsRefused() {
    for (String name : List.of("r[1]/imp", "imp*", "imp?", "{a}/imp")) {
      String prefix = temp.resolve(name).toString();

      IllegalArgumentException error =
          assertThrows(
              IllegalArgumentException.class,
              () -> OutputPrefixes.requireUsable(options, "--output", prefix));

      assertEquals(
          "--output "
              + prefix
              + ": a prefix cannot hold the glob characters *?[]{} (its files are found again by"
              + " a glob, in which they would mean something else)",
          error.getMessage());
    }
  }

  @Test
  void twoOutputsOfOnePrefixAreRefusedNamingBoth() {
    String output = temp.resolve("two").toString();
    String sameThroughDot = temp.resolve(".").resolve("two").toString();

    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                OutputPrefixes.requireSeparate(
                    options,
                    List.of(
                        Map.entry("--output", output),
                        Map.entry("--dead-letter-output", sameThroughDot))));

    assertEquals(
        "--output "
            + output
            + " and --dead-letter-output "
            + sameThroughDot
            + " name the same prefix: their files would have the same names and replace each"
            + " other; give each its own prefix",
        error.getMessage());
  }

  @Test
  void aPrefixWhoseFilesMatchAnotherOutputsShardGlobIsRefused() {
    String output = temp.resolve("p").toString();
    String deadLetters = output + "-0";

    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                OutputPrefixes.requireSeparate(
                    options,
                    List.of(
                        Map.entry("--output", output),
                        Map.entry("--dead-letter-output", deadLetters))));

    assertEquals(
        "--dead-letter-output "
            + deadLetters
            + " is --output "
            + output
            + " followed by '-' and a digit: its files would match --output's ("
            + output
            + "-[0-9]*.avro); give it a prefix of its own",
        error.getMessage());
  }

  @Test
  void theDefaultDeadLetterAndReportPrefixesAreSeparate() {
    String output = temp.resolve("imputed").toString();

    OutputPrefixes.requireSeparate(
        options,
        List.of(
            Map.entry("--output", output),
            Map.entry("--report-output", output + "-reports"),
            Map.entry("--dead-letter-output", output + "-dead-letters")));
  }
}
