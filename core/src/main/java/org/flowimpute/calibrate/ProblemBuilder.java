package org.flowimpute.calibrate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.flowimpute.calibrate.targets.LossSpec;
import org.flowimpute.calibrate.targets.Statistic;
import org.flowimpute.calibrate.targets.TargetCell;
import org.flowimpute.calibrate.targets.TargetLabel;
import org.flowimpute.calibrate.targets.TargetSpec;
import org.flowimpute.calibrate.targets.TargetsFile;

/**
 * Turns a targets file and the records into a {@link CalibrationProblem}: one constraint per target
 * cell (per bin for histograms), named "target[col=level,…]".
 *
 * <p>Counts and totals are linear rows (1 or x over the group). Means, shares and histogram shares
 * are ratio rows Σ w·1{g}(x − m) = 0, which need no known group size and keep the problem linear. A
 * band on a ratio becomes two one-sided rows (x − lower ≥ 0, x − upper ≤ 0). Shares of one variable
 * in one group that sum to more than 1 — or to anything but 1 when they cover every level present —
 * are rejected here, naming the targets; histogram shares likewise. The rule is the same for hard
 * and soft (least-squares, KL) shares: soft shares that cannot sum as they must are met by
 * shrinking the group's weights (each row Σw(1{x = c} − s) falls with them), so they are refused
 * too (a soft histogram summing to 0.999 was accepted while soft shares summing to 1.2 were not).
 */
public final class ProblemBuilder {

  private final CalibrationData data;
  private final TargetsFile targets;
  private final ConstraintMatrix.Builder features;
  private final ConstraintMatrix.Builder groups;
  private final List<Constraint> constraints = new ArrayList<>();
  private final Map<String, ShareSum> shareSums = new LinkedHashMap<>();
  private final Map<String, Map<List<Integer>, int[]>> groupRowsCache = new LinkedHashMap<>();

  /**
   * Per categorical column, the code of each level: looked up in the list of levels, a target's K
   * cells took K²/2 string comparisons (50,000 cells: seconds before the solve began).
   */
  private final Map<String, Map<String, Integer>> levelCodes = new HashMap<>();

  /**
   * What one row of the data is ("record", "household") when the targets are a file's against all
   * its records: every group of a target's by-columns that has rows needs a cell ({@link
   * UncoveredGroups}), and a cell may not name a level no row has ({@link AbsentLevels#refusal}).
   * Null when groups may go without a cell and cells may name such levels (Avro targets, a stream
   * window's share of a file's targets).
   */
  private final String everyGroupUnit;

  private ProblemBuilder(CalibrationData data, TargetsFile targets, String everyGroupUnit) {
    this.data = data;
    this.targets = targets;
    this.everyGroupUnit = everyGroupUnit;
    this.features = ConstraintMatrix.builder(data.size());
    this.groups = ConstraintMatrix.builder(data.size());
  }

  /**
   * Builds the problem of targets that are not a file's list of cells: Avro targets (each one cell,
   * its group restricting it to some records) and a stream window's share of a file's targets. A
   * group of a target's by-columns without a cell is left out of the target, and a cell may name a
   * level no record has (a window need not hold every level). Throws with the target's name when
   * the targets do not fit the data.
   */
  public static CalibrationProblem build(TargetsFile targets, CalibrationData data) {
    return build(targets, data, null, "targets", false);
  }

  /**
   * Builds the problem of a targets file; throws when the file does not fit the data, naming {@code
   * source} (how errors name the targets file, e.g. "targets file t.yaml"; null for none), the
   * target and its place in the file ("at targets[0].cells[1]"). A target by columns needs a cell
   * for every group of them that has records ({@link UncoveredGroups}), and a cell naming a level
   * no record has is refused ({@link AbsentLevels#refusal}).
   */
  public static CalibrationProblem build(TargetsFile targets, CalibrationData data, String source) {
    return build(targets, data, source, "targets");
  }

  /**
   * As {@link #build(TargetsFile, CalibrationData, String)}, the targets being the file's list
   * {@code list} ("targets", or "householdTargets" for a household-level problem), as places name
   * it ("at householdTargets[0]").
   */
  static CalibrationProblem build(
      TargetsFile targets, CalibrationData data, String source, String list) {
    return build(targets, data, source, list, true);
  }

  private static CalibrationProblem build(
      TargetsFile targets, CalibrationData data, String source, String list, boolean everyGroup) {
    if (targets.hasHouseholdTargets()) {
      throw new IllegalArgumentException(
          "the targets file has householdTargets: they need the records' household id column"
              + " (calibrate --household-id FIELD)");
    }
    String unit = list.equals("householdTargets") ? "household" : "record";
    ProblemBuilder builder = new ProblemBuilder(data, targets, everyGroup ? unit : null);
    String prefix = source == null ? "" : source + ": ";
    for (int t = 0; t < targets.targets().size(); t++) {
      TargetSpec target = targets.targets().get(t);
      String at = source == null ? null : list + "[" + t + "]";
      try {
        builder.add(target, at, source);
      } catch (CellException e) {
        throw new IllegalArgumentException(
            prefix + TargetLabel.named(list, target.name()) + ": " + e.getMessage() + place(e.at),
            e);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            prefix + TargetLabel.named(list, target.name()) + ": " + e.getMessage() + place(at), e);
      }
    }
    builder.checkShareSums();
    builder.constraints.replaceAll(constraint -> constraint.withKind(TargetLabel.kind(list)));
    return new CalibrationProblem(
        data.baseWeightsView(),
        builder.features.build(),
        builder.groups.build(),
        builder.constraints);
  }

  /** " (at targets[0].cells[1])", or nothing when the place is unknown. */
  private static String place(String at) {
    return at == null ? "" : " (at " + at + ")";
  }

  /**
   * Adds the target's rows; {@code at} is its place in the file ("targets[0]", null when unknown)
   * and {@code source} names the file. A problem with one cell throws {@link CellException}.
   */
  private void add(TargetSpec target, String at, String source) {
    checkColumns(target);
    Map<List<Integer>, int[]> rowsByGroup =
        groupRowsCache.computeIfAbsent(
            target.by() + "|" + target.classLabel(), key -> groupRows(target));
    Map<Object, Integer> cellOfGroup = new HashMap<>();
    AbsentLevels absentFromTarget = absentClassAndCategory(target);
    for (int c = 0; c < target.cells().size(); c++) {
      TargetCell cell = target.cells().get(c);
      String cellAt = at == null || target.by().isEmpty() ? at : at + ".cells[" + c + "]";
      try {
        addCell(target, cell, c, rowsByGroup, cellOfGroup, absentFromTarget, source, at, cellAt);
      } catch (IllegalArgumentException e) {
        throw new CellException(e.getMessage(), cellAt, e);
      }
    }
    if (everyGroupUnit != null
        && !target.by().isEmpty()
        && !target.leavesOtherGroupsUnconstrained()) {
      UncoveredGroups.refuse(target.by(), rowsByGroup, cellOfGroup.keySet(), data, everyGroupUnit);
    }
  }

  /**
   * The target's class and share category if no record has them (their rows are then empty, or the
   * share's indicator zero), for the note of an error on the target's constraints.
   */
  private AbsentLevels absentClassAndCategory(TargetSpec target) {
    AbsentLevels absent = new AbsentLevels();
    if (target.classLabel() != null) {
      CalibrationData.CategoricalColumn classes = data.categoricalColumn(targets.classColumn());
      if (classes.codeOf(target.classLabel()) < 0) {
        absent.add("class", targets.classColumn(), classes.levels(), target.classLabel());
      }
    }
    if (target.statistic() == Statistic.SHARE) {
      CalibrationData.CategoricalColumn column = data.categoricalColumn(target.column());
      if (column.codeOf(target.category()) < 0) {
        absent.add("category", target.column(), column.levels(), target.category());
      }
    }
    return absent;
  }

  /**
   * Adds one cell's rows; {@code absentFromTarget} holds the target's class and category that no
   * record has, {@code targetAt} and {@code at} are the places of the target and the cell.
   */
  private void addCell(
      TargetSpec target,
      TargetCell cell,
      int index,
      Map<List<Integer>, int[]> rowsByGroup,
      Map<Object, Integer> cellOfGroup,
      AbsentLevels absentFromTarget,
      String source,
      String targetAt,
      String at) {
    TargetChecks.checkGroupColumns(target, cell);
    List<Integer> key = new ArrayList<>();
    AbsentLevels absent = new AbsentLevels();
    for (String column : target.by()) {
      CalibrationData.CategoricalColumn levels = data.categoricalColumn(column);
      String level = cell.group().get(column);
      int code = codeOf(column, levels, level);
      if (code < 0) {
        absent.add(column, column, levels.levels(), level);
      }
      key.add(code);
    }
    if (!absent.isEmpty() && everyGroupUnit != null) {
      throw new IllegalArgumentException(
          "cell group " + cell.group() + " " + absent.refusal(everyGroupUnit));
    }
    Integer earlier = cellOfGroup.putIfAbsent(absent.isEmpty() ? key : cell.group(), index);
    if (earlier != null) {
      throw new IllegalArgumentException(
          "cells "
              + (earlier + 1)
              + " and "
              + (index + 1)
              + " both give the group "
              + cell.group()
              + ": give each group once, with one value");
    }
    int[] rows = absent.isEmpty() ? rowsByGroup.getOrDefault(key, new int[0]) : new int[0];
    String name = target.name() + describeGroup(target, cell);
    int first = constraints.size();
    addRows(target, cell, name, key, rows);
    String place = absent.isEmpty() ? targetAt : at;
    absent.addAll(absentFromTarget);
    if (!absent.isEmpty()) {
      String note = absent.note(source, place);
      for (int k = first; k < constraints.size(); k++) {
        constraints.set(k, constraints.get(k).withNote(note));
      }
    }
  }

  /**
   * The code of {@code level} in {@code column}, as {@link
   * CalibrationData.CategoricalColumn#codeOf}.
   */
  private int codeOf(String column, CalibrationData.CategoricalColumn levels, String level) {
    Map<String, Integer> codes =
        levelCodes.computeIfAbsent(
            column,
            name -> {
              Map<String, Integer> index = new HashMap<>();
              for (int code = levels.levels().size() - 1; code >= 0; code--) {
                index.put(levels.levels().get(code), code);
              }
              return index;
            });
    Integer code = codes.get(level);
    return code != null ? code : levels.codeOf(level);
  }

  private void addRows(
      TargetSpec target, TargetCell cell, String name, List<Integer> key, int[] rows) {
    switch (target.statistic()) {
      case COUNT -> addLinear(target, cell, name, "count", rows, null);
      case TOTAL ->
          addLinear(
              target,
              cell,
              name,
              "total(" + target.column() + ")",
              rows,
              data.numericColumn(target.column()));
      case MEAN ->
          addRatio(
              target,
              cell,
              name,
              "mean(" + target.column() + ")",
              rows,
              data.numericColumn(target.column()));
      case SHARE -> addShare(target, cell, name, key, rows);
      case HISTOGRAM -> addHistogram(target, cell, name, rows);
    }
  }

  private void checkColumns(TargetSpec target) {
    TargetChecks.requireColumn(target);
    for (String column : target.categoricalColumns()) {
      data.categoricalColumn(column);
    }
    for (String column : target.numericColumns()) {
      data.numericColumn(column);
    }
    TargetChecks.requireCategoryAndEdges(target);
  }

  /** Rows of each group (and of the target's class), keyed by the by-columns' level codes. */
  private Map<List<Integer>, int[]> groupRows(TargetSpec target) {
    int[] classCodes = null;
    int classCode = -1;
    if (target.classLabel() != null) {
      CalibrationData.CategoricalColumn classes = data.categoricalColumn(targets.classColumn());
      classCodes = classes.codes();
      classCode = classes.codeOf(target.classLabel());
    }
    List<int[]> codes = new ArrayList<>();
    for (String column : target.by()) {
      codes.add(data.categoricalColumn(column).codes());
    }
    Map<List<Integer>, List<Integer>> collected = new LinkedHashMap<>();
    for (int row = 0; row < data.size(); row++) {
      if (classCodes != null && classCodes[row] != classCode) {
        continue;
      }
      List<Integer> key = new ArrayList<>(codes.size());
      for (int[] column : codes) {
        key.add(column[row]);
      }
      collected.computeIfAbsent(key, k -> new ArrayList<>()).add(row);
    }
    Map<List<Integer>, int[]> rows = new LinkedHashMap<>();
    collected.forEach(
        (key, list) -> rows.put(key, list.stream().mapToInt(Integer::intValue).toArray()));
    return rows;
  }

  private static String describeGroup(TargetSpec target, TargetCell cell) {
    if (target.by().isEmpty()) {
      return "";
    }
    List<String> parts = new ArrayList<>();
    for (String column : target.by()) {
      parts.add(column + "=" + cell.group().get(column));
    }
    return "[" + String.join(",", parts) + "]";
  }

  private void addLinear(
      TargetSpec target, TargetCell cell, String name, String statistic, int[] rows, double[] x) {
    double[] values = new double[rows.length];
    for (int r = 0; r < rows.length; r++) {
      values[r] = x == null ? 1.0 : x[rows[r]];
    }
    LossSpec spec = target.loss();
    Loss loss;
    double value;
    if (spec.type().equals("band")) {
      double lower = cell.lower() == null ? Double.NEGATIVE_INFINITY : cell.lower();
      double upper = cell.upper() == null ? Double.POSITIVE_INFINITY : cell.upper();
      if (cell.lower() == null && cell.upper() == null) {
        throw new IllegalArgumentException("band loss needs lower and/or upper");
      }
      loss = Loss.band(lower, upper);
      value = Double.isFinite(lower) ? lower : upper;
    } else {
      value = TargetChecks.requireValue(cell);
      loss = softLoss(spec);
    }
    addColumn(Constraint.of(name, statistic, loss, value), rows, values, null);
  }

  private void addRatio(
      TargetSpec target, TargetCell cell, String name, String statistic, int[] rows, double[] x) {
    LossSpec spec = target.loss();
    if (spec.type().equals("kl")) {
      throw new IllegalArgumentException("kl loss needs a count or total, not a ratio statistic");
    }
    if (spec.type().equals("band")) {
      if (cell.lower() == null && cell.upper() == null) {
        throw new IllegalArgumentException("band loss needs lower and/or upper");
      }
      if (cell.lower() != null && cell.upper() != null) {
        TargetChecks.requireOrdered(cell.lower(), cell.upper());
      }
      if (cell.lower() != null) {
        addRatioColumn(
            name + "[>=]",
            statistic,
            Loss.band(0.0, Double.POSITIVE_INFINITY),
            cell.lower(),
            rows,
            x);
      }
      if (cell.upper() != null) {
        addRatioColumn(
            name + "[<=]",
            statistic,
            Loss.band(Double.NEGATIVE_INFINITY, 0.0),
            cell.upper(),
            rows,
            x);
      }
      return;
    }
    addRatioColumn(name, statistic, softLoss(spec), TargetChecks.requireValue(cell), rows, x);
  }

  private void addRatioColumn(
      String name, String statistic, Loss loss, double center, int[] rows, double[] x) {
    double[] values = new double[rows.length];
    for (int r = 0; r < rows.length; r++) {
      values[r] = x[rows[r]] - center;
    }
    addColumn(new Constraint(name, statistic, loss, 0.0, center), rows, values, rows);
  }

  private void addShare(
      TargetSpec target, TargetCell cell, String name, List<Integer> key, int[] rows) {
    CalibrationData.CategoricalColumn column = data.categoricalColumn(target.column());
    int category = column.codeOf(target.category());
    double[] indicator = new double[data.size()];
    for (int row : rows) {
      indicator[row] = column.codes()[row] == category ? 1.0 : 0.0;
    }
    String statistic = "share(" + target.column() + "=" + target.category() + ")";
    addRatio(target, cell, name, statistic, rows, indicator);
    if (!target.loss().type().equals("band")) {
      String sumKey = target.column() + "|" + target.by() + "|" + key + "|" + target.classLabel();
      ShareSum sum =
          shareSums.computeIfAbsent(
              sumKey, k -> new ShareSum(target.column(), describeGroup(target, cell), rows));
      sum.add(name, target.category(), TargetChecks.requireValue(cell));
    }
  }

  private void addHistogram(TargetSpec target, TargetCell cell, String name, int[] rows) {
    List<Double> edges = target.edges();
    int bins = edges.size() - 1;
    List<Double> shares = cell.shares();
    if (shares == null || shares.size() != bins) {
      throw new IllegalArgumentException(
          "histogram with " + bins + " bins needs " + bins + " shares, got " + shares);
    }
    if (!target.loss().type().equals("equality") && !target.loss().type().equals("least_squares")) {
      throw new IllegalArgumentException("histogram targets take equality or least_squares loss");
    }
    double[] x = data.numericColumn(target.column());
    double sum = 0.0;
    int outside = 0;
    int firstOutside = -1;
    for (int row : rows) {
      if (!(x[row] >= edges.get(0) && x[row] <= edges.get(bins))) {
        outside++;
        firstOutside = firstOutside < 0 ? row : firstOutside;
      }
    }
    boolean allInside = outside == 0;
    List<String> names = new ArrayList<>();
    for (int b = 0; b < bins; b++) {
      double low = edges.get(b);
      double high = edges.get(b + 1);
      boolean last = b == bins - 1;
      double[] indicator = new double[data.size()];
      for (int row : rows) {
        indicator[row] = x[row] >= low && (x[row] < high || last && x[row] == high) ? 1.0 : 0.0;
      }
      String bin = String.format(Locale.ROOT, "[%s,%s%s", fmt(low), fmt(high), last ? "]" : ")");
      String binName = name + bin;
      names.add(binName);
      sum += shares.get(b);
      addRatioColumn(
          binName,
          "histogram(" + target.column() + ")" + bin,
          softLoss(target.loss()),
          shares.get(b),
          rows,
          indicator);
    }
    if ((sum > 1 + ShareSum.TOLERANCE
        || allInside && rows.length > 0 && Math.abs(sum - 1) > ShareSum.TOLERANCE)) {
      throw new InfeasibleTargetsException(
          String.format(
              Locale.ROOT,
              "inconsistent targets: histogram shares of '%s' sum to %s but must sum to %s",
              name,
              sum,
              allInside
                  ? "1 (every record of the group lies inside the edges)"
                  : "less than 1 (records of the group lie outside the edges)"),
          names);
    }
    if (!allInside && Math.abs(sum - 1) <= ShareSum.TOLERANCE) {
      throw new InfeasibleTargetsException(
          String.format(
              Locale.ROOT,
              "inconsistent targets: histogram shares of '%s' sum to 1, but %d record(s) of its"
                  + " group lie outside the edges [%s, %s] (the first: %s, field '%s' = %s), which"
                  + " only weights of 0 would allow; widen the edges, or give shares that sum to"
                  + " less than 1 (the rest is the share outside)",
              name,
              outside,
              fmt(edges.get(0)),
              fmt(edges.get(bins)),
              data.rowName(firstOutside),
              target.column(),
              fmt(x[firstOutside])),
          names);
    }
  }

  private static String fmt(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? String.valueOf((long) value)
        : String.valueOf(value);
  }

  private static Loss softLoss(LossSpec spec) {
    double scale = spec.scale() == null ? Double.NaN : spec.scale();
    double weight = spec.weight() == null ? 1.0 : spec.weight();
    return switch (spec.type()) {
      case "least_squares" -> Loss.leastSquares(scale, weight);
      case "kl" -> Loss.kullbackLeibler(scale, weight);
      default -> Loss.equality();
    };
  }

  private void addColumn(Constraint constraint, int[] rows, double[] values, int[] groupRows) {
    features.addSparseColumn(rows, values, rows.length);
    if (groupRows == null) {
      groups.addSparseColumn(new int[0], new double[0], 0);
    } else {
      double[] ones = new double[groupRows.length];
      Arrays.fill(ones, 1.0);
      groups.addSparseColumn(groupRows, ones, groupRows.length);
    }
    constraints.add(constraint);
  }

  private void checkShareSums() {
    for (ShareSum sum : shareSums.values()) {
      sum.check(
          data.categoricalColumn(sum.column()).codes(),
          data.categoricalColumn(sum.column()).levels());
    }
  }

  /** A problem with one cell of a target, and its place in the file (null when unknown). */
  private static final class CellException extends IllegalArgumentException {
    private final String at;

    CellException(String message, String at, IllegalArgumentException cause) {
      super(message, cause);
      this.at = at;
    }
  }
}
