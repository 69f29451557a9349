package org.flowimpute.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code flowimpute bench}: the group of benchmark commands. Performance claims come only from
 * these commands, which print a baseline and the ratio in the same output.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Benchmarks that print their timings next to a baseline.",
    subcommands = {
      BenchEmmCommand.class,
      BenchTrainCommand.class,
      BenchPipelineCommand.class,
      BenchEvaluateCommand.class,
      BenchHouseholdsCommand.class,
      BenchStreamCommand.class
    })
public final class BenchCommand implements Runnable {

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand.");
  }
}
