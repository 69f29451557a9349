package org.flowimpute.cli;

import java.util.Locale;
import org.flowimpute.pipelines.io.kafka.KafkaOptions;
import org.flowimpute.pipelines.options.ImputeOptions;
import org.flowimpute.pipelines.options.StreamOptions;
import org.flowimpute.table.AvroLimits;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code flowimpute} command: one entry point whose subcommands cover the user path (demo data,
 * inspect, train, generate, calibrate, impute, stream, evaluate).
 *
 * <p>Exit codes follow {@link ExitCodes}: 0 ok, 1 failure, 2 usage. Errors print one line; {@code
 * --verbose} adds the stack trace.
 */
@Command(
    name = "flowimpute",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Learn survey variables from demographics, impute them and calibrate weights.",
    subcommands = {
      CommandLine.HelpCommand.class,
      DemoDataCommand.class,
      InspectCommand.class,
      TrainCommand.class,
      GenerateCommand.class,
      SynthesizeCommand.class,
      ImputeCommand.class,
      StreamCommand.class,
      CalibrateCommand.class,
      EvaluateCommand.class,
      DemoCommand.class,
      BenchCommand.class
    })
public final class FlowImpute implements Runnable {

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  /** Starts the CLI and exits the JVM with the command's exit code. */
  public static void main(String[] args) {
    configureProcess();
    int exitCode;
    try {
      exitCode = run(args);
    } catch (OutOfMemoryError e) {
      System.err.printf(
          "error: out of memory (%d MiB heap): give Java more with FLOWIMPUTE_JAVA_OPTS=-Xmx<size>,"
              + " or less data%n",
          Runtime.getRuntime().maxMemory() >> 20);
      exitCode = ExitCodes.FAILURE;
    }
    System.exit(exitCode);
  }

  /**
   * Process-wide settings of the CLI: Avro's allocation limits ({@link AvroLimits}) and the root
   * locale for formatting, so that numbers in summaries, reports and file names read the same (and
   * parse) whatever the user's locale: {@code 13.1 s}, not {@code 13,1 s} or Arabic-Indic digits.
   */
  static void configureProcess() {
    AvroLimits.install();
    Locale.setDefault(Locale.Category.FORMAT, Locale.ROOT);
  }

  /** Runs the CLI without exiting; returns the exit code (used by tests). */
  public static int run(String... args) {
    return newCommandLine().execute(args);
  }

  /** The configured command line: exit codes, one-line error handling, misspelt options named. */
  public static CommandLine newCommandLine() {
    CommandLine commandLine = new CommandLine(new FlowImpute());
    commandLine.setExecutionExceptionHandler(new OneLineErrorHandler());
    commandLine.setParameterExceptionHandler(new UsageErrorHandler());
    BeamOptionsHelp.addSection(
        commandLine.getSubcommands().get("stream"),
        StreamCommand.KAFKA_OPTIONS_SECTION,
        "%nKafka options (for kafka:// sources and outputs; passed on to Beam, see"
            + " docs/streaming.md):%n",
        KafkaOptions.class);
    BeamOptionsHelp.addPassThroughSection(
        commandLine.getSubcommands().get("stream"),
        StreamCommand.BEAM_OPTIONS_SECTION,
        "%nJob options without a command-line spelling (passed on to Beam, written --name=value;"
            + " see docs/streaming.md):%n",
        StreamOptions.class,
        KafkaOptions.class);
    BeamOptionsHelp.addPassThroughSection(
        commandLine.getSubcommands().get("impute"),
        ImputeCommand.BEAM_OPTIONS_SECTION,
        "%nJob options without a command-line spelling (passed on to Beam, written --name=value;"
            + " see docs/pipelines.md):%n",
        ImputeOptions.class);
    return commandLine;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand.");
  }
}
