package org.flowimpute.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.beam.sdk.options.PipelineOptions;
import org.flowimpute.bundle.ModelBundle;
import org.flowimpute.pipelines.io.OutputPrefixes;
import org.flowimpute.table.IoErrors;
import org.flowimpute.table.OutputDirectory;
import org.flowimpute.table.TableFiles;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Checks, before a command does its work, that a file option names a file it will be able to write:
 * not an existing directory, and in a directory that exists or can be created (missing directories
 * are created when the file is written), so that minutes of solving or training are not lost to a
 * bad output path; that it is none of the files the command reads ({@link #requireNotInput}); and
 * that two options do not name one file ({@link #requireDistinct}) or one output prefix ({@link
 * #requireSeparatePrefixes}). An output that names an input or another output is a usage error
 * (exit code 2) in every command, as the command line contradicts itself whatever the files hold;
 * until 2026-12 {@code generate}, {@code synthesize}, {@code impute}, {@code stream} and part of
 * {@code calibrate} exited 1 for it.
 */
final class OutputFile {

  private OutputFile() {}

  /**
   * Throws naming {@code option} when {@code path} is a directory or its directory cannot be made.
   */
  static void check(String option, Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    if (Files.isDirectory(absolute)) {
      throw new IllegalArgumentException(
          option + ": " + path + " is a directory, expected a file name");
    }
    Path directory = absolute.getParent();
    OutputDirectory.problem(directory)
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException(
                  option
                      + (Files.isDirectory(directory)
                          ? ": cannot write "
                          : ": cannot create directory " + directory + " for ")
                      + path
                      + ": "
                      + problem);
            });
  }

  /**
   * Throws naming both options when {@code output} (option {@code outputOption}) is one of the
   * files the table {@code input} (option {@code inputOption}; a file or a glob, {@link
   * TableFiles}) names, compared as files (after normalising the names and resolving symbolic
   * links): writing the output would replace records the command reads, as {@code synthesize --out
   * pc.csv --real pc.csv} replaced the real data with synthetic records. An output that does not
   * exist yet cannot be an input.
   */
  static void requireNotInput(
      CommandSpec spec, String outputOption, Path output, String inputOption, Path input) {
    refuseOverlap(spec, outputOption, output, inputOption, input, false);
  }

  /**
   * As {@link #requireNotInput}, for a command whose output holds every record and column of its
   * input ({@code generate}, {@code calibrate}, written beside and moved into place): the output
   * may be the input when that is one file (it is rewritten in place), but not one of the several
   * files a glob names, which would then hold the records of them all and be read again beside the
   * others.
   */
  static void requireNotAmongInputs(
      CommandSpec spec, String outputOption, Path output, String inputOption, Path input) {
    refuseOverlap(spec, outputOption, output, inputOption, input, true);
  }

  private static void refuseOverlap(
      CommandSpec spec,
      String outputOption,
      Path output,
      String inputOption,
      Path input,
      boolean inPlaceAllowed) {
    if (!Files.exists(output)) {
      return;
    }
    List<Path> files = OptionFiles.tableFiles(inputOption, input);
    if (inPlaceAllowed && files.size() == 1) {
      return;
    }
    for (Path file : files) {
      if (sameFile(output, file)) {
        throw new ParameterException(
            spec.commandLine(),
            outputOption
                + " "
                + output
                + " and "
                + inputOption
                + " "
                + input
                + " name the same file ("
                + file
                + "): writing the output would replace the records read from it; choose another "
                + outputOption);
      }
    }
  }

  /**
   * Throws naming both options when {@code output} (option {@code outputOption}) and {@code other}
   * (option {@code otherOption}: another output, or an input that is not a table, such as a targets
   * file) name the same file, also when neither exists yet; {@code consequence} says what writing
   * {@code output} would do: {@code calibrate --out x.csv --report x.csv} wrote the JSON report
   * over the calibrated table, and {@code --report t.yaml} over the targets the command had read.
   */
  static void requireDistinct(
      CommandSpec spec,
      String outputOption,
      Path output,
      String otherOption,
      Path other,
      String consequence) {
    boolean same =
        Files.exists(output) && Files.exists(other)
            ? sameFile(output, other)
            : resolved(output).equals(resolved(other));
    if (same) {
      throw new ParameterException(
          spec.commandLine(),
          outputOption
              + " "
              + output
              + " and "
              + otherOption
              + " "
              + other
              + " name the same file ("
              + resolved(other)
              + "): "
              + consequence
              + "; choose another "
              + outputOption);
    }
  }

  /**
   * Refuses, naming both options, outputs of a Beam job whose files could be taken for each other's
   * ({@link OutputPrefixes#requireSeparate}: one prefix for two outputs, or one that is another's
   * followed by {@code -} and a digit).
   *
   * @param outputs each output's option and prefix, in the order the message should name them
   */
  static void requireSeparatePrefixes(
      CommandSpec spec, PipelineOptions options, List<Map.Entry<String, String>> outputs) {
    try {
      OutputPrefixes.requireSeparate(options, outputs);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  /**
   * {@code path} as the file system will find it: the real path of its deepest existing directory
   * (symbolic links and {@code ..} resolved) with the rest of the name appended.
   */
  static Path resolved(Path path) {
    Path absolute = path.toAbsolutePath();
    Path existing = absolute;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return absolute.normalize();
    }
    try {
      return existing.toRealPath().resolve(existing.relativize(absolute)).normalize();
    } catch (IOException e) {
      throw new UncheckedIOException(
          path + ": cannot resolve the file name: " + IoErrors.describe(e), e);
    }
  }

  private static boolean sameFile(Path a, Path b) {
    try {
      return Files.exists(b) && Files.isSameFile(a, b);
    } catch (IOException e) {
      throw new UncheckedIOException(
          a + ", " + b + ": cannot compare the files: " + IoErrors.describe(e), e);
    }
  }

  /**
   * Throws naming {@code option} when the directory {@code path}, or its subdirectory {@code sub}
   * (null: none) that the command creates, cannot be made or written: {@code evaluate --out} naming
   * a file failed only after all metrics were computed, with "FILE/plots: Not a directory".
   */
  static void checkDirectory(String option, Path path, String sub) {
    Path directory = sub == null ? path : path.resolve(sub);
    OutputDirectory.problem(directory)
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException(
                  option + ": cannot write into directory " + path + ": " + problem);
            });
  }

  /** Whether {@code path} names a zip bundle: its name ends in ".zip", in any case. */
  static boolean isZip(Path path) {
    Path name = path.getFileName();
    return name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(".zip");
  }

  /**
   * Checks a bundle to be written ({@code train --out}) before training: a name ending in .zip (any
   * case) is a file as in {@link #check}; any other name is a bundle directory, which must be
   * missing (it is created), empty, or a bundle already (it holds manifest.json; its files are
   * replaced), and which must be creatable. Throws naming {@code option} and the reason otherwise:
   * an existing file without .zip, or a directory of other files, which the bundle's files would
   * have been written among.
   */
  static void checkBundle(String option, Path path) {
    if (isZip(path)) {
      check(option, path);
      return;
    }
    Path absolute = path.toAbsolutePath().normalize();
    if (Files.isDirectory(absolute)) {
      if (!Files.isRegularFile(absolute.resolve(ModelBundle.MANIFEST_FILE))) {
        firstEntry(absolute)
            .ifPresent(
                entry -> {
                  throw new IllegalArgumentException(
                      option
                          + ": "
                          + path
                          + " is a directory of other files (such as '"
                          + entry
                          + "'), not a bundle: name a new or empty directory, a bundle to"
                          + " replace, or a file ending in .zip");
                });
      }
      if (!Files.isWritable(absolute)) {
        throw new IllegalArgumentException(option + ": directory " + path + " is not writable");
      }
      return;
    }
    if (Files.exists(absolute)) {
      throw new IllegalArgumentException(
          option
              + ": "
              + path
              + " is an existing file, not a bundle directory: name a directory, or a file"
              + " ending in .zip to write a zip bundle");
    }
    OutputDirectory.problem(absolute)
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException(
                  option + ": cannot create bundle directory " + path + ": " + problem);
            });
  }

  /** The name of some entry of {@code directory}; empty when it is empty. */
  private static Optional<String> firstEntry(Path directory) {
    try (Stream<Path> entries = Files.list(directory)) {
      return entries.findFirst().map(entry -> entry.getFileName().toString());
    } catch (IOException e) {
      throw new UncheckedIOException(directory + ": cannot list the directory", e);
    }
  }
}
