package org.flowimpute.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.flowimpute.bundle.BundleException;
import org.flowimpute.bundle.ModelBundle;
import org.flowimpute.table.IoErrors;
import org.flowimpute.table.TableException;
import org.flowimpute.table.TableFiles;
import org.flowimpute.table.TableFormat;
import org.flowimpute.table.TableReader;
import org.flowimpute.table.Tables;

/**
 * Opens the files that command options name, so that a file that cannot be read is refused naming
 * the option as well as the file ({@code --data nofile.csv: no such file or directory}): the file's
 * name alone ({@code nofile.csv: cannot read CSV header: ...}) did not say which of a command's
 * inputs it was. Each error keeps the file's own message and its exception as the cause.
 *
 * <p>The {@code require...} checks run after a command's usage checks and before it reads its
 * inputs, also for inputs another module reads ({@code train --data}) or that are read late (after
 * a model was loaded or another table read); they open each file and read one byte, so a missing
 * file, a directory, an unreadable file and a glob matching nothing all fail at once.
 */
final class OptionFiles {

  private OptionFiles() {}

  /**
   * Fails naming {@code option} unless every file of the table {@code table} names (a file or a
   * glob, {@link TableFiles}) can be opened and read.
   *
   * @throws TableException {@code --option table: problem}
   */
  static void requireReadableTable(String option, Path table) {
    refuseDirectoryTable(option, table);
    for (Path file : tableFiles(option, table)) {
      try {
        requireReadable(file);
      } catch (TableException e) {
        throw named(option, table, e);
      }
    }
  }

  /**
   * Fails naming {@code option} if {@code table} is a directory: a table option takes a file or a
   * glob, and the glob that reads the directory's files is given as a hint ({@code impute} had
   * guessed a directory's format from its name and, told the format, failed on "Is a directory").
   *
   * @throws TableException {@code --option dir: a directory, not a file or glob (to read its files,
   *     give e.g. 'dir/*.csv')}
   */
  static void refuseDirectoryTable(String option, Path table) {
    if (Files.isDirectory(table)) {
      throw new TableException(
          option
              + " "
              + table
              + ": a directory, not a file or glob (to read its files, give e.g. '"
              + exampleGlob(table)
              + "')");
    }
  }

  /**
   * The glob of the files of {@code directory} in the table format of its first table file by name
   * ({@code dir/*.avro}), or {@code dir/*.csv} if it has none (or cannot be listed).
   */
  private static Path exampleGlob(Path directory) {
    String[] names = directory.toFile().list();
    String extension =
        Stream.of(names == null ? new String[0] : names)
            .sorted()
            .flatMap(name -> tableExtension(name).stream())
            .findFirst()
            .orElse(TableFormat.CSV.extension());
    return directory.resolve("*" + extension);
  }

  /** The table extension {@code name} ends in ({@code .avro}, any case), if any. */
  private static Optional<String> tableExtension(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return Stream.of(TableFormat.values())
        .map(TableFormat::extension)
        .filter(lower::endsWith)
        .findFirst();
  }

  /**
   * The files the table {@code table} names ({@link TableFiles#of}); a glob that matches nothing
   * (or is not valid, or matches files of several formats) is refused naming {@code option}.
   *
   * @throws TableException {@code --option glob: no files match glob}
   */
  static List<Path> tableFiles(String option, Path table) {
    try {
      return TableFiles.of(table);
    } catch (TableException e) {
      throw named(option, table, e);
    }
  }

  /**
   * Fails naming {@code option} unless {@code file} (not a table: a targets file, say) can be
   * opened and read.
   *
   * @throws TableException {@code --option file: problem}
   */
  static void requireReadableFile(String option, Path file) {
    try {
      requireReadable(file);
    } catch (TableException e) {
      throw named(option, file, e);
    }
  }

  /**
   * Fails naming {@code option} unless {@code path} exists (a file or a directory, as {@code
   * evaluate --calibration-reports} takes either).
   *
   * @throws TableException {@code --option path: no such file or directory}
   */
  static void requireExists(String option, Path path) {
    if (!Files.exists(path)) {
      throw new TableException(option + " " + path + ": no such file or directory");
    }
  }

  /**
   * Fails naming {@code option} unless {@code directory} is a directory ({@code bench train
   * --data-dir}: a missing one was reported as its first file, {@code nodir/train_data.csv: cannot
   * read CSV header: ...}).
   *
   * @throws TableException {@code --option directory: no such directory} or {@code ...: not a
   *     directory}
   */
  static void requireDirectory(String option, Path directory) {
    if (!Files.isDirectory(directory)) {
      throw new TableException(
          option
              + " "
              + directory
              + (Files.exists(directory) ? ": not a directory" : ": no such directory"));
    }
  }

  /**
   * A reader of the table {@code table} ({@link Tables#reader(Path)}); a table that cannot be
   * opened (missing, not a table, a bad header) or whose rows cannot be read (cut short, a bad
   * cell) is refused naming {@code option}.
   */
  static TableReader reader(String option, Path table) {
    return new OptionTableReader(option, table, reading(option, table, () -> Tables.reader(table)));
  }

  /** {@link #reader(String, Path)} with the rows read as records of {@code schema}. */
  static TableReader reader(String option, Path table, Schema schema) {
    return new OptionTableReader(
        option, table, reading(option, table, () -> Tables.reader(table, schema)));
  }

  /**
   * What {@code read} returns, a read of the table {@code table} and nothing else (a {@link
   * Tables#readAll}, a CSV schema inference); a table that cannot be read is refused naming {@code
   * option}.
   */
  static <T> T reading(String option, Path table, Supplier<T> read) {
    try {
      return read.get();
    } catch (TableException e) {
      throw named(option, table, e);
    }
  }

  /**
   * The bundle {@code bundle} ({@link ModelBundle#load}); one that is missing, corrupted or
   * incompatible is refused naming {@code option}.
   */
  static ModelBundle bundle(String option, Path bundle) throws BundleException {
    try {
      return ModelBundle.load(bundle);
    } catch (BundleException e) {
      throw new BundleException(namedMessage(option, bundle, e), e);
    }
  }

  /** {@code error} (about {@code file}, option {@code option}) with the option named first. */
  static TableException named(String option, Path file, TableException error) {
    return new TableException(namedMessage(option, file, error), error);
  }

  /**
   * {@code --option message} when {@code error}'s message begins with the file as given or with its
   * file name (a row's failure: {@code cut.avro row 1: ...}), else {@code --option file: message}.
   */
  private static String namedMessage(String option, Path file, Exception error) {
    String message = error.getMessage() == null ? "" : error.getMessage();
    Path name = file.getFileName();
    boolean namesFile =
        message.startsWith(file.toString())
            || (name != null && message.startsWith(name.toString()));
    return option + " " + (namesFile ? message : file + ": " + message);
  }

  private static void requireReadable(Path file) {
    if (Files.isDirectory(file)) {
      // reading one byte said only "Is a directory"
      throw new TableException(file + ": a directory, not a file");
    }
    try (InputStream in = Files.newInputStream(file)) {
      in.read();
    } catch (IOException e) {
      throw new TableException(file + ": " + IoErrors.describe(e), e);
    }
  }
}
