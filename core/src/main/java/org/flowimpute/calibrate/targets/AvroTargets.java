package org.flowimpute.calibrate.targets;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.flowimpute.avro.CalibrationTarget;
import org.flowimpute.avro.CalibrationTargets;

/**
 * Converts the Avro form of a target set (as published on a targets topic, schema {@code
 * CalibrationTargets}) into a {@link TargetsFile}, so that streaming windows and files share one
 * problem builder. Each Avro target is one cell; its group map gives the {@code by} columns.
 */
public final class AvroTargets {

  private AvroTargets() {}

  /**
   * The targets file equivalent to {@code targets}; a target that is refused (a NaN value, a
   * negative count...) is named with its place in the list ("at targets[2]").
   */
  public static TargetsFile toTargetsFile(CalibrationTargets targets) {
    List<TargetSpec> specs = new ArrayList<>();
    for (int t = 0; t < targets.getTargets().size(); t++) {
      try {
        specs.add(toSpec(targets.getTargets().get(t)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(e.getMessage() + " (at targets[" + t + "])", e);
      }
    }
    String classColumn =
        targets.getClassColumn() == null ? null : targets.getClassColumn().toString();
    return TargetsFile.of(classColumn, specs);
  }

  private static TargetSpec toSpec(CalibrationTarget target) {
    String name = target.getName().toString();
    Map<String, String> group = new TreeMap<>();
    target.getGroup().forEach((key, value) -> group.put(key.toString(), value.toString()));
    String variable = text(target.getVariable());
    Statistic statistic;
    List<Double> edges = null;
    List<Double> shares = null;
    Double value = target.getValue();
    switch (target.getStatistic()) {
      case COUNT -> statistic = Statistic.COUNT;
      case TOTAL -> statistic = Statistic.TOTAL;
      case MEAN -> statistic = Statistic.MEAN;
      case SHARE -> statistic = Statistic.SHARE;
      case HISTOGRAM_SHARE -> {
        statistic = Statistic.HISTOGRAM;
        if (target.getBinLower() == null || target.getBinUpper() == null) {
          throw new IllegalArgumentException(
              "target '" + name + "': HISTOGRAM_SHARE needs bin_lower and bin_upper");
        }
        // One closed bin [lower, nextDown(upper)] is the schema's half-open [lower, upper).
        edges = List.of(target.getBinLower(), Math.nextDown(target.getBinUpper()));
        shares = List.of(target.getValue());
        value = null;
      }
      default ->
          throw new IllegalArgumentException(
              "target '" + name + "': unknown statistic " + target.getStatistic());
    }
    String lossType = target.getLoss().name().toLowerCase(Locale.ROOT);
    LossSpec loss = new LossSpec(lossType, target.getScale(), target.getPenalty());
    boolean band = lossType.equals("band");
    TargetCell cell =
        new TargetCell(
            group,
            band ? null : value,
            band ? target.getLower() : null,
            band ? target.getUpper() : null,
            shares);
    return new TargetSpec(
        name,
        statistic,
        variable,
        text(target.getCategory()),
        edges,
        new ArrayList<>(group.keySet()),
        text(target.getClassLabel()),
        loss,
        List.of(cell),
        null,
        null,
        null,
        null,
        null);
  }

  private static String text(CharSequence value) {
    return value == null ? null : value.toString();
  }
}
