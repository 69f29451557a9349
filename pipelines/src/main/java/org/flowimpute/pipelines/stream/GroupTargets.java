package org.flowimpute.pipelines.stream;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.flowimpute.calibrate.targets.TargetCell;
import org.flowimpute.calibrate.targets.TargetSpec;
import org.flowimpute.calibrate.targets.TargetsFile;

/**
 * The part of a targets file that one calibration group must meet when windows are calibrated per
 * group ({@code --groupField}): every target must be {@code by} the group field; a group keeps the
 * cells of its own level, with the group field removed from {@code by} and from the cells.
 */
public final class GroupTargets {

  private GroupTargets() {}

  /**
   * Checks that every target is by {@code groupField}.
   *
   * @throws IllegalArgumentException naming the first target that is not
   */
  public static void requireGrouped(TargetsFile targets, String groupField) {
    for (TargetSpec target : targets.targets()) {
      if (!target.by().contains(groupField)) {
        throw new IllegalArgumentException(
            "target '"
                + target.name()
                + "' is not by '"
                + groupField
                + "': with --groupField every target needs it in 'by' (targets are per group)");
      }
    }
  }

  /** The targets of group {@code level}; targets without a cell for it are left out. */
  public static TargetsFile select(TargetsFile targets, String groupField, String level) {
    requireGrouped(targets, groupField);
    List<TargetSpec> selected = new ArrayList<>();
    for (TargetSpec target : targets.targets()) {
      List<TargetCell> cells = new ArrayList<>();
      for (TargetCell cell : target.cells()) {
        if (level.equals(cell.group().get(groupField))) {
          Map<String, String> group = new HashMap<>(cell.group());
          group.remove(groupField);
          cells.add(new TargetCell(group, cell.value(), cell.lower(), cell.upper(), cell.shares()));
        }
      }
      if (cells.isEmpty()) {
        continue;
      }
      List<String> by = new ArrayList<>(target.by());
      by.remove(groupField);
      selected.add(
          new TargetSpec(
              target.name(),
              target.statistic(),
              target.column(),
              target.category(),
              target.edges(),
              by,
              target.classLabel(),
              target.loss(),
              cells,
              null,
              null,
              null,
              null,
              null));
    }
    if (selected.isEmpty()) {
      throw new IllegalArgumentException(
          "no target has a cell for " + groupField + "=" + level + ": nothing to calibrate to");
    }
    return TargetsFile.of(targets.classColumn(), selected);
  }
}
