package org.flowimpute.cli;

import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The Beam runner options the pipeline commands ({@code impute}, {@code stream}) share, turned into
 * Beam's own {@code --name=value} arguments; one declaration so both commands spell, default and
 * document them alike.
 */
final class RunnerOptions {

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Option(
      names = "--runner",
      defaultValue = "DirectRunner",
      description = "DirectRunner or FlinkRunner (or any Beam runner on the class path).")
  String runner;

  @Option(
      names = {"--flinkMaster", "--flink-master"},
      defaultValue = "[local]",
      description = "Flink JobManager host:port, or [local] for an embedded cluster.")
  String flinkMaster;

  @Option(
      names = "--parallelism",
      defaultValue = "-1",
      description = "Flink parallelism (-1: Flink's default).")
  int parallelism;

  /**
   * On Flink with a named JobManager, fails at once when nothing answers at its address ({@link
   * FlinkMasterProbe}); otherwise returns.
   */
  void requireMasterAnswering() throws InterruptedException {
    if (isFlink()) {
      FlinkMasterProbe.requireAnswering(flinkMaster);
    }
  }

  /** Whether the chosen runner is Flink. */
  boolean isFlink() {
    return runnerName().equals("FlinkRunner");
  }

  /**
   * The runner's class name for the two runners of this build, whatever the case and with or
   * without "Runner" ({@code flink}, {@code FLINKRUNNER}): Beam accepts those spellings but matches
   * them in the JVM's default locale, so in a Turkish locale {@code FLINKRUNNER} was unknown, and
   * this command, comparing case-sensitively, missed that {@code flink} meant Flink (a stream with
   * {@code --run-for} then never stopped). Other runners are passed as given.
   */
  String runnerName() {
    String lower = runner.toLowerCase(Locale.ROOT);
    if (lower.equals("flink") || lower.equals("flinkrunner")) {
      return "FlinkRunner";
    }
    if (lower.equals("direct") || lower.equals("directrunner")) {
      return "DirectRunner";
    }
    return runner;
  }

  /**
   * Appends the Beam arguments for the runner (Flink master and parallelism only on Flink).
   *
   * @throws ParameterException (a usage error) for a parallelism below 1 other than -1 (Flink
   *     accepted 0), or a Flink option given for another runner (it was ignored without a word)
   */
  void addTo(List<String> beamArguments) {
    if (parallelism < 1 && parallelism != -1) {
      throw new ParameterException(
          mixee.commandLine(),
          "--parallelism must be at least 1 (or -1 for Flink's default), got " + parallelism);
    }
    if (!isFlink() && (parallelism != -1 || !"[local]".equals(flinkMaster))) {
      throw new ParameterException(
          mixee.commandLine(),
          (parallelism != -1 ? "--parallelism" : "--flink-master")
              + " applies to --runner FlinkRunner only; the "
              + runnerName()
              + " would ignore it");
    }
    beamArguments.add("--runner=" + runnerName());
    if (isFlink()) {
      beamArguments.add("--flinkMaster=" + flinkMaster);
      beamArguments.add("--parallelism=" + parallelism);
    }
  }
}
