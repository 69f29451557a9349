package org.flowimpute.pipelines.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    OutputPrefixes.requireWritable(options, "--output", prefix);

    assertEquals(false, Files.exists(temp.resolve("a")));
  }

  @Test
  void aPrefixWhosePathRunsThroughARegularFileIsRefusedNamingTheFile() throws IOException {
    Path file = Files.writeString(temp.resolve("reports"), "x");
    String prefix = file.resolve("deeper").resolve("dl").toString();

    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () -> OutputPrefixes.requireWritable(options, "--dead-letter-output", prefix));

    assertEquals(
        "--dead-letter-output "
            + prefix
            + ": cannot write the output files: "
            + file
            + " is a file; choose a prefix in a directory",
        error.getMessage());
  }
}
