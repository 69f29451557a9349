package org.flowimpute.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.bundle.ConditionSpec;
import org.flowimpute.bundle.Manifest;
import org.flowimpute.bundle.ModelBundle;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * The columns the distance to closest record of {@code evaluate} compares, from {@code
 * --dcr-columns}: {@value #TARGETS} (the {@code --targets}), {@value #ALL} (the conditions of
 * {@code --model} and the {@code --targets}: the whole record a disclosure reviewer asks about) or
 * a list of such columns. Without the option it is {@value #ALL} when there is a model and {@value
 * #TARGETS} otherwise: only the model says which columns are conditions and how its categories are
 * encoded. The conditions become each table's {@link RecordFeatures} (one-hot categories, numbers),
 * compared as {@code synthesize --real} compares them.
 */
final class DcrColumns {

  /** The option's value for the targets only. */
  static final String TARGETS = "targets";

  /** The option's value for the model's conditions and the targets. */
  static final String ALL = "all";

  private final String asTyped;
  private final List<String> conditions;
  private final List<String> targets;
  private final RecordFeatures features;
  private final boolean targetsOnly;

  private DcrColumns(
      String asTyped,
      List<String> conditions,
      List<String> targets,
      RecordFeatures features,
      boolean targetsOnly) {
    this.asTyped = asTyped;
    this.conditions = List.copyOf(conditions);
    this.targets = List.copyOf(targets);
    this.features = features;
    this.targetsOnly = targetsOnly;
  }

  /**
   * The columns {@code option} (null: not given) names.
   *
   * @param bundle the model of {@code --model}, or null
   * @param model the path of {@code --model}, or null
   * @param evaluated the {@code --targets}
   * @throws ParameterException naming a column that is neither a condition of the model nor one of
   *     the targets, a column named twice, or {@value #ALL} without a model
   */
  static DcrColumns of(
      CommandLine commandLine,
      List<String> option,
      ModelBundle bundle,
      Path model,
      List<String> evaluated) {
    List<String> conditionNames = bundle == null ? List.of() : inputConditions(bundle.manifest());
    if (option == null) {
      return bundle == null
          ? targetsOnly(evaluated)
          : resolved(
              ALL + " (the default with --model)", bundle, conditionNames, evaluated, evaluated);
    }
    String typed = String.join(",", option);
    if (option.equals(List.of(TARGETS))) {
      return targetsOnly(evaluated);
    }
    if (option.equals(List.of(ALL))) {
      if (bundle == null) {
        throw new ParameterException(
            commandLine,
            "--dcr-columns all: needs --model, which says which columns are conditions and how"
                + " they are encoded; without it the DCR compares the --targets only");
      }
      return resolved(typed, bundle, conditionNames, evaluated, evaluated);
    }
    List<String> chosenConditions = new ArrayList<>();
    List<String> chosenTargets = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String column : option) {
      if (!seen.add(column)) {
        throw new ParameterException(
            commandLine,
            "--dcr-columns names column '" + column + "' more than once; name each column once");
      }
      if (evaluated.contains(column)) {
        chosenTargets.add(column);
      } else if (conditionNames.contains(column)) {
        chosenConditions.add(column);
      } else {
        throw new ParameterException(commandLine, unknownColumn(column, model, conditionNames));
      }
    }
    List<String> targetsInOrder = evaluated.stream().filter(chosenTargets::contains).toList();
    return resolved(typed, bundle, chosenConditions, targetsInOrder, evaluated);
  }

  private static DcrColumns targetsOnly(List<String> evaluated) {
    return new DcrColumns(TARGETS, List.of(), evaluated, null, true);
  }

  private static DcrColumns resolved(
      String asTyped,
      ModelBundle bundle,
      List<String> conditions,
      List<String> targets,
      List<String> evaluated) {
    return new DcrColumns(
        asTyped,
        conditions,
        targets,
        conditions.isEmpty() ? null : RecordFeatures.conditions(bundle.manifest(), conditions),
        conditions.isEmpty() && targets.equals(evaluated));
  }

  /**
   * The model's conditions read from the records: all but the household features a household-aware
   * model derives from the household's members.
   */
  private static List<String> inputConditions(Manifest manifest) {
    List<String> derived =
        manifest.household().isPresent() ? manifest.household().featureNames() : List.of();
    return manifest.conditions().stream()
        .map(ConditionSpec::name)
        .filter(name -> !derived.contains(name))
        .toList();
  }

  private static String unknownColumn(String column, Path model, List<String> conditions) {
    if (model == null) {
      return "--dcr-columns "
          + column
          + ": not one of --targets; without --model the DCR compares --targets columns only"
          + " (give --model to compare its conditions too)";
    }
    return "--dcr-columns "
        + column
        + ": not a condition of --model "
        + model
        + " nor one of --targets; name conditions ("
        + String.join(", ", conditions)
        + ") or --targets columns, or use all or targets";
  }

  /** The columns compared, in the order of the DCR's points: conditions, then targets. */
  List<String> names() {
    List<String> names = new ArrayList<>(conditions);
    names.addAll(targets);
    return List.copyOf(names);
  }

  /** The targets compared, in the order of {@code --targets}. */
  List<String> targets() {
    return targets;
  }

  /** "the targets only", or the columns compared, for the lines evaluate prints. */
  String describe() {
    return targetsOnly ? "the targets only" : String.join(", ", names());
  }

  /**
   * Refuses a table of {@code option} that lacks a condition the DCR compares, naming the option,
   * the file and the column.
   */
  void requireColumns(String option, Path table, GenericRecord first) {
    Schema schema = first.getSchema();
    for (String condition : conditions) {
      if (schema.getField(condition) == null) {
        throw new IllegalArgumentException(
            option
                + " "
                + table
                + " has no column '"
                + condition
                + "', which the DCR compares (--dcr-columns "
                + asTyped
                + "; columns: "
                + schema.getFields().stream().map(Schema.Field::name).toList()
                + "); name columns every table has with --dcr-columns, or use --dcr-columns"
                + " targets");
      }
    }
  }

  /**
   * The DCR features of the conditions compared, per row of {@code rows} ({@code option}'s table,
   * its rows named by {@code rowName} in errors); no columns when only targets are compared.
   */
  double[][] features(String option, List<GenericRecord> rows, IntFunction<String> rowName) {
    double[][] out = new double[rows.size()][];
    for (int r = 0; r < rows.size(); r++) {
      out[r] =
          features == null
              ? new double[0]
              : features.of(rows.get(r), option + " " + rowName.apply(r));
    }
    return out;
  }
}
