package org.flowimpute.table;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.PatternSyntaxException;

/**
 * The files a table name stands for: the file itself, or, for a glob such as {@code
 * out/imputed-[0-9]*.avro} (what {@code impute} prints for its shards), the files of its directory
 * whose names match it, in name order. Matching is Java's {@code glob:} syntax ({@link
 * java.nio.file.FileSystem#getPathMatcher}), on the file name only: the directory part must be
 * plain.
 *
 * <p>A name is a glob only if it contains one of {@code * ? [ {} and names no existing file, so a
 * file that exists is read as before even if its name has such a character.
 *
 * <p>A glob skips hidden files (name starting with {@code .}) unless its own file name starts with
 * {@code .}, as a shell does: a command writing into the directory keeps its half-written table
 * under a hidden name ({@code .out.csv.partial-4242}), and editors and macOS leave {@code .#x.csv}
 * and {@code ._x.csv}, which {@code *.csv} read as part of the table.
 */
public final class TableFiles {
  /** The characters that make a table name a glob. */
  private static final String GLOB_CHARACTERS = "*?[{";

  private TableFiles() {}

  /** Whether {@code name} is a glob (has a glob character and is not an existing file). */
  public static boolean isGlob(Path name) {
    return hasGlobCharacter(name.toString()) && !Files.exists(name);
  }

  private static boolean hasGlobCharacter(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (GLOB_CHARACTERS.indexOf(text.charAt(i)) >= 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * The files {@code name} stands for: {@code [name]} for a plain name (existing or not: opening it
   * reports a missing file as before), else the regular files matching the glob, sorted by name,
   * all of one table format.
   *
   * @throws TableException naming the pattern if nothing matches or the glob is invalid, or naming
   *     the file whose format differs from the first match's
   */
  public static List<Path> of(Path name) {
    if (!isGlob(name)) {
      return List.of(name);
    }
    Path fileName = name.getFileName();
    Path directory = name.getParent();
    if (fileName == null || (directory != null && hasGlobCharacter(directory.toString()))) {
      throw new TableException(
          name
              + ": glob characters ("
              + GLOB_CHARACTERS
              + ") are allowed in the file name only,"
              + " not in the directory");
    }
    List<Path> matches = new ArrayList<>();
    List<String> hidden = new ArrayList<>();
    try (DirectoryStream<Path> files =
        Files.newDirectoryStream(
            directory == null ? Path.of(".") : directory, fileName.toString())) {
      for (Path file : files) {
        if (Files.isRegularFile(file)) {
          if (skips(fileName.toString(), file.getFileName().toString())) {
            hidden.add(file.getFileName().toString());
          } else {
            matches.add(
                directory == null ? file.getFileName() : directory.resolve(file.getFileName()));
          }
        }
      }
    } catch (PatternSyntaxException e) {
      throw new TableException(
          name + ": not a valid glob: " + e.getDescription() + " at index " + e.getIndex(), e);
    } catch (NoSuchFileException e) {
      throw new TableException(
          "no files match " + name + ": the directory " + directory + " does not exist", e);
    } catch (IOException e) {
      throw new TableException(
          name + ": cannot list the directory " + directory + ": " + IoErrors.describe(e), e);
    }
    if (matches.isEmpty()) {
      throw new TableException("no files match " + name + hiddenSkipped(hidden));
    }
    matches.sort(Comparator.comparing(file -> file.getFileName().toString()));
    TableFormat format = TableFormat.of(matches.get(0));
    for (Path file : matches) {
      if (TableFormat.of(file) != format) {
        throw new TableException(
            file
                + ": matched by "
                + name
                + " but not a "
                + format.extension()
                + " file like "
                + matches.get(0).getFileName()
                + "; the files of one table must have one format");
      }
    }
    return List.copyOf(matches);
  }

  /**
   * Whether a glob whose file-name part is {@code pattern} leaves out the file named {@code name}
   * that it matches: a hidden file (name starting with {@code .}) unless the pattern starts with
   * {@code .} too, as a shell does. Beam jobs reading a glob follow the same rule.
   */
  public static boolean skips(String pattern, String name) {
    return name.startsWith(".") && !pattern.startsWith(".");
  }

  /**
   * What an error about a glob that matched no visible file adds about the {@code hidden} files it
   * skipped ({@link #skips}; file names, in any order): nothing when there were none.
   */
  public static String hiddenSkipped(List<String> hidden) {
    if (hidden.isEmpty()) {
      return "";
    }
    String first = hidden.stream().sorted().findFirst().orElseThrow();
    return " (skipped "
        + hidden.size()
        + (hidden.size() == 1 ? " hidden file, " : " hidden files, such as ")
        + first
        + ": a name starting with '.' is matched only by a glob starting with '.')";
  }

  /** The table format of {@code name}: of its first match if it is a glob. */
  public static TableFormat format(Path name) {
    return TableFormat.of(of(name).get(0));
  }
}
