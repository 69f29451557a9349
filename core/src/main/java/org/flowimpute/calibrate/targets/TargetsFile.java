package org.flowimpute.calibrate.targets;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The content of a targets file (YAML or JSON): an optional class column for class-conditional
 * targets and the list of named targets. See docs/calibration.md for the schema.
 *
 * @param classColumn column holding each record's class (needed by targets with {@code class})
 * @param targets the targets, names unique
 */
public record TargetsFile(String classColumn, List<TargetSpec> targets) {

  public TargetsFile {
    if (targets == null || targets.isEmpty()) {
      throw new IllegalArgumentException("targets file lists no targets");
    }
    targets = List.copyOf(targets);
    Set<String> names = new HashSet<>();
    for (TargetSpec target : targets) {
      if (!names.add(target.name())) {
        throw new IllegalArgumentException("target name '" + target.name() + "' used twice");
      }
      if (target.classLabel() != null && classColumn == null) {
        throw new IllegalArgumentException(
            "target '" + target.name() + "' has a class but the file sets no classColumn");
      }
    }
  }

  /** Every column read as categories. */
  public Set<String> categoricalColumns() {
    Set<String> columns = new LinkedHashSet<>();
    if (classColumn != null) {
      columns.add(classColumn);
    }
    targets.forEach(target -> columns.addAll(target.categoricalColumns()));
    return columns;
  }

  /** Every column read as numbers. */
  public Set<String> numericColumns() {
    Set<String> columns = new LinkedHashSet<>();
    targets.forEach(target -> columns.addAll(target.numericColumns()));
    return columns;
  }
}
