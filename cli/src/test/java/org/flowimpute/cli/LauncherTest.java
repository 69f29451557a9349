package org.flowimpute.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher {@code bin/flowimpute}, run as users run it. */
class LauncherTest {

  @TempDir Path temp;

  /**
   * ONNX Runtime leaves an empty {@code onnxruntime-java*} directory in Java's temporary directory
   * at the exit of every JVM that loaded it; the launcher removes those older than an hour, and
   * nothing else.
   */
  @Test
  void removesOnnxRuntimesEmptyExtractionDirectoriesOlderThanAnHour() throws Exception {
    Path tmp = Files.createDirectories(temp.resolve("tmp"));
    Path oldEmpty = agedDirectory(tmp.resolve("onnxruntime-java111"), Duration.ofHours(2));
    Path newEmpty = agedDirectory(tmp.resolve("onnxruntime-java222"), Duration.ZERO);
    Path oldInUse = agedDirectory(tmp.resolve("onnxruntime-java333"), Duration.ofHours(2));
    Files.writeString(oldInUse.resolve("libonnxruntime.so"), "library");
    Files.setLastModifiedTime(oldInUse, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
    Path otherOldEmpty = agedDirectory(tmp.resolve("other111"), Duration.ofHours(2));

    Process launcher =
        launcher(Map.of("FLOWIMPUTE_JAVA_OPTS", "-Djava.io.tmpdir=" + tmp), "--version")
            .redirectErrorStream(true)
            .start();

    assertTrue(launcher.waitFor(2, TimeUnit.MINUTES), "the launcher did not end");
    String output = new String(launcher.getInputStream().readAllBytes());
    assertEquals(0, launcher.exitValue(), output);
    assertTrue(output.startsWith("flowimpute "), output);
    assertFalse(Files.exists(oldEmpty));
    assertTrue(Files.exists(newEmpty));
    assertTrue(Files.exists(oldInUse));
    assertTrue(Files.exists(otherOldEmpty));
  }

  private ProcessBuilder launcher(Map<String, String> environment, String... arguments) {
    Path script = Path.of("..", "bin", "flowimpute").toAbsolutePath().normalize();
    ProcessBuilder builder = new ProcessBuilder("bash", script.toString());
    builder.command().addAll(List.of(arguments));
    builder.environment().putAll(environment);
    builder.environment().put("FLOWIMPUTE_CACHE_DIR", temp.resolve("cache").toString());
    builder.environment().put("FLOWIMPUTE_CDS", "off");
    return builder;
  }

  private static Path agedDirectory(Path directory, Duration age) throws IOException {
    Files.createDirectories(directory);
    Files.setLastModifiedTime(directory, FileTime.from(Instant.now().minus(age)));
    return directory;
  }
}
