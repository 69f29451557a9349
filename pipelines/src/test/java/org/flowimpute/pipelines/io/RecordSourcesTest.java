package org.flowimpute.pipelines.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.flowimpute.pipelines.StreamPipeline;
import org.flowimpute.pipelines.options.StreamOptions;
import org.flowimpute.pipelines.stream.EventTimePolicy;
import org.flowimpute.pipelines.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A watched directory that does not exist is refused when the source is made: with {@code
 * --recordSchema} the stream watched nothing forever (exit 0 after {@code --run-for}), without it
 * the error said the directory "holds no .avro or .csv file yet".
 */
class RecordSourcesTest {

  @TempDir Path dir;

  @Test
  void aMissingWatchedDirectoryIsRefusedNamingTheSource() throws IOException {
    Path schema = dir.resolve("records.avsc");
    Files.writeString(schema, TestData.TIMED_PERSON.toString());
    Path missing = dir.resolve("no-such-dir");
    for (String location : new String[] {missing.toString(), missing + "/*.avro"}) {
      StreamOptions options = options("dir://" + location, schema.toString());
      IllegalArgumentException refused =
          assertThrows(
              IllegalArgumentException.class,
              () -> RecordSources.forOptions(options, TestData.MODEL, policy(options)));
      assertEquals(
          "--source dir://" + location + ": directory " + missing + " does not exist",
          refused.getMessage());
    }
  }

  @Test
  void anExistingDirectoryOrGlobIsAccepted() throws IOException {
    Path schema = dir.resolve("records.avsc");
    Files.writeString(schema, TestData.TIMED_PERSON.toString());
    for (String location : new String[] {dir.toString(), dir + "/*.avro", dir + "/"}) {
      StreamOptions options = options("dir://" + location, schema.toString());
      RecordSources.forOptions(options, TestData.MODEL, policy(options));
    }
  }

  /**
   * A relative directory is watched where the submitting process sees it: a TaskManager resolved it
   * against its own working directory and watched an empty directory without a word.
   */
  @Test
  void aRelativeDirectoryIsWatchedAtItsAbsolutePath() throws IOException {
    Path schema = dir.resolve("records.avsc");
    Files.writeString(schema, TestData.TIMED_PERSON.toString());
    Path incoming = Files.createDirectory(dir.resolve("incoming"));
    String relative = Path.of("").toAbsolutePath().relativize(incoming).toString();
    StreamOptions options = options("dir://" + relative + "/*.csv", schema.toString());

    DirectoryWatchSource source =
        (DirectoryWatchSource) RecordSources.forOptions(options, TestData.MODEL, policy(options));

    assertEquals(incoming + "/*.csv", source.glob());
  }

  private static StreamOptions options(String source, String schema) {
    StreamOptions options = PipelineOptionsFactory.as(StreamOptions.class);
    options.setSource(source);
    options.setRecordSchema(schema);
    return options;
  }

  /** A schema file holding {@code "string"} failed with "Not a record", naming no file. */
  @Test
  void aSchemaFileOfAnotherTypeThanARecordIsRefusedNamingTheFile() throws IOException {
    Path schema = Files.writeString(dir.resolve("prim.avsc"), "\"string\"");

    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class, () -> RecordSources.readSchema(schema.toString()));

    assertEquals(
        "--recordSchema "
            + schema
            + ": expected a record schema (\"type\": \"record\" with fields), got a string schema",
        error.getMessage());
  }

  private static EventTimePolicy policy(StreamOptions options) {
    return StreamPipeline.policy(options);
  }
}
