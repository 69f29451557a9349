package org.flowimpute.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Every spelling Beam accepts for the two runners means that runner, in any locale. */
class RunnerOptionsTest {

  @Test
  void runnerSpellingsAreTheRunnersInATurkishLocale() {
    Locale before = Locale.getDefault();
    try {
      Locale.setDefault(Locale.forLanguageTag("tr-TR"));
      assertEquals(
          List.of("--runner=FlinkRunner", "--flinkMaster=[local]", "--parallelism=2"),
          arguments("FLINKRUNNER", 2));
      assertEquals(
          List.of("--runner=FlinkRunner", "--flinkMaster=[local]", "--parallelism=2"),
          arguments("flink", 2));
      assertEquals(List.of("--runner=DirectRunner"), arguments("DIRECTRUNNER", -1));
      assertEquals(List.of("--runner=DirectRunner"), arguments("direct", -1));
      assertEquals(List.of("--runner=DataflowRunner"), arguments("DataflowRunner", -1));
      assertTrue(options("flinkrunner", -1).isFlink());
      assertFalse(options("DIRECT", -1).isFlink());
    } finally {
      Locale.setDefault(before);
    }
  }

  private static List<String> arguments(String runner, int parallelism) {
    List<String> arguments = new ArrayList<>();
    options(runner, parallelism).addTo(arguments);
    return arguments;
  }

  private static RunnerOptions options(String runner, int parallelism) {
    RunnerOptions options = new RunnerOptions();
    options.runner = runner;
    options.flinkMaster = "[local]";
    options.parallelism = parallelism;
    return options;
  }
}
