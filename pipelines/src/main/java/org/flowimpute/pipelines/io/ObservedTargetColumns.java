package org.flowimpute.pipelines.io;

import java.io.Serializable;
import java.util.List;
import org.flowimpute.pipelines.values.ModelFields;
import org.flowimpute.pipelines.values.TargetField;

/**
 * The target columns a CSV row may carry for a model that keeps the targets records hold ({@code
 * --missing-targets}): a cell of one of them holding a missing-value marker ({@code NA}, {@code
 * N/A}, {@code #N/A}, {@code NULL}, {@code NaN}, any case, spaces ignored) is read as an empty
 * cell, a missing target that is imputed, when its field is numeric ({@link CsvSchemas} types an
 * observed continuous target {@code double}): R's {@code write.csv} writes {@code NA} for every
 * missing value, and such a cell made the row a {@code decode} dead letter ("expected a number, got
 * 'NA'"). Condition and weight columns are not among them: their markers stay refused, naming the
 * text.
 *
 * @param names the target columns (none for a model that replaces the targets)
 */
public record ObservedTargetColumns(List<String> names) implements Serializable {

  private static final long serialVersionUID = 1L;

  /** No column reads a marker as empty (no model, or one that replaces the targets). */
  static final ObservedTargetColumns NONE = new ObservedTargetColumns(List.of());

  /** Copies the names. */
  public ObservedTargetColumns {
    names = List.copyOf(names);
  }

  /**
   * The target columns of {@code model} if it keeps the targets records hold (none for a null model
   * or one that replaces them); not those it computes, such as household totals.
   */
  static ObservedTargetColumns of(ModelFields model) {
    return model == null || !model.observedTargets()
        ? NONE
        : new ObservedTargetColumns(
            model.targets().stream()
                .map(TargetField::name)
                .filter(name -> !model.computes(name))
                .toList());
  }
}
