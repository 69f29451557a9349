package org.flowimpute.pipelines;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.flowimpute.pipelines.options.ImputeOptions;
import org.junit.jupiter.api.Test;

class ImmutabilityCheckTest {

  @Test
  void aDirectRunnerJobRunsWithoutTheCheckUnlessTheUserAsksForIt() {
    assertFalse(checkAfter(List.of("--runner=DirectRunner")));
    assertTrue(checkAfter(List.of("--runner=DirectRunner", "--enforceImmutability=true")));
    assertTrue(checkAfter(List.of("--runner=DirectRunner", "--enforceImmutability")));
    assertFalse(checkAfter(List.of("--runner=DirectRunner", "--enforceImmutability=false")));
  }

  @Test
  void otherRunnersAreLeftAlone() {
    assertTrue(checkAfter(List.of("--runner=FlinkRunner")));
  }

  /** The check's setting after {@link ImmutabilityCheck#offUnlessAsked} with these arguments. */
  private static boolean checkAfter(List<String> arguments) {
    ImputeOptions options =
        PipelineOptionsFactory.fromArgs(arguments.toArray(String[]::new)).as(ImputeOptions.class);
    ImmutabilityCheck.offUnlessAsked(options, arguments);
    return options.as(DirectOptions.class).isEnforceImmutability();
  }
}
