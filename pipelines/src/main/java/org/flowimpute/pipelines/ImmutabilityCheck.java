package org.flowimpute.pipelines;

import java.util.List;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.flowimpute.pipelines.options.ImputeOptions;

/**
 * The DirectRunner's {@code enforceImmutability} check for a command's job. The check encodes
 * elements before and after each step to find a step that mutates an element after emitting it;
 * none of this job's steps does (Flink's {@code fasterCopy} relies on the same), and the key check,
 * whose records or blocks wait for the key counts, paid for it (20,000 CSV rows without the key
 * check: 4.3 s instead of 13.3 s). The commands turn it off unless the user asks for it; a library
 * caller of {@link ImputePipeline#run} and the tests keep Beam's default (on).
 */
public final class ImmutabilityCheck {

  private static final String OPTION = "--enforceImmutability";

  private ImmutabilityCheck() {}

  /**
   * Turns the check off for a DirectRunner job of {@code options}, unless {@code userArguments}
   * (the Beam options the user gave) set it.
   */
  public static void offUnlessAsked(ImputeOptions options, List<String> userArguments) {
    boolean asked =
        userArguments.stream()
            .anyMatch(argument -> argument.equals(OPTION) || argument.startsWith(OPTION + "="));
    if (DirectRunner.class.equals(options.getRunner()) && !asked) {
      options.as(DirectOptions.class).setEnforceImmutability(false);
    }
  }
}
