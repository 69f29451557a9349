package org.flowimpute.cli;

import picocli.CommandLine.Option;

/** The {@code --verbose} flag every subcommand mixes in: errors then come with stack traces. */
public final class VerboseOption {
  @Option(
      names = "--verbose",
      description = "Print stack traces with errors.",
      scope = picocli.CommandLine.ScopeType.INHERIT)
  boolean verbose;
}
