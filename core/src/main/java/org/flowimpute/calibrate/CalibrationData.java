package org.flowimpute.calibrate;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The records to calibrate, held column-wise in memory: numeric columns as {@code double[]},
 * categorical columns as level codes, and the base weights q.
 *
 * <p>It exists so that the calibration library does not depend on any table format: the CLI,
 * pipelines and tests all fill one of these. Arrays are copied on the way in and never handed out,
 * so nothing the solver does can change the caller's data.
 *
 * <p>Base weights must lie in [{@value #MIN_BASE_WEIGHT}, {@value #MAX_MAGNITUDE}] and numeric
 * values must be finite with magnitude at most {@value #MAX_MAGNITUDE}: the solver sums products
 * such as q·x² over all records, and with a weight of 1e308 those sums overflowed to infinity and
 * NaN, which a solve reported as "converged" (see docs/calibration.md, "Safe range").
 */
public final class CalibrationData {

  /** Largest magnitude of a base weight, a numeric value or a target the solver accepts. */
  public static final double MAX_MAGNITUDE = 1e30;

  /** Smallest base weight the solver accepts. */
  public static final double MIN_BASE_WEIGHT = 1e-30;

  private final double[] baseWeights;
  private final Map<String, double[]> numeric;
  private final Map<String, CategoricalColumn> categorical;
  private final IntFunction<String> rowName;

  private CalibrationData(
      double[] baseWeights,
      Map<String, double[]> numeric,
      Map<String, CategoricalColumn> categorical,
      IntFunction<String> rowName) {
    this.baseWeights = baseWeights;
    this.numeric = numeric;
    this.categorical = categorical;
    this.rowName = rowName;
  }

  /** Starts a data set of {@code baseWeights.length} records with these base weights q. */
  public static Builder withBaseWeights(double[] baseWeights) {
    return new Builder(baseWeights, row -> "row " + (row + 1), "base weight");
  }

  /**
   * Starts a data set of {@code baseWeights.length} records with these base weights q, read from
   * field {@code weightField}; errors (here and in problems built from the data) name record {@code
   * i} (0-based) as {@code rowName.apply(i)}, e.g. its file and row.
   */
  public static Builder withBaseWeights(
      double[] baseWeights, IntFunction<String> rowName, String weightField) {
    return new Builder(baseWeights, rowName, "field '" + weightField + "'");
  }

  /** How errors name record {@code row} (0-based), e.g. {@code people.csv row 3}. */
  public String rowName(int row) {
    return rowName.apply(row);
  }

  /** Number of records. */
  public int size() {
    return baseWeights.length;
  }

  /** Base weight q of record {@code row}. */
  public double baseWeight(int row) {
    return baseWeights[row];
  }

  /** A copy of the base weights. */
  public double[] baseWeights() {
    return baseWeights.clone();
  }

  double[] baseWeightsView() {
    return baseWeights;
  }

  /** Value of numeric column {@code name} in record {@code row}. */
  public double numeric(String name, int row) {
    return numericColumn(name)[row];
  }

  /** Level of categorical column {@code name} in record {@code row}. */
  public String categorical(String name, int row) {
    CategoricalColumn column = categoricalColumn(name);
    return column.levels().get(column.codes()[row]);
  }

  /** Column names, numeric first, in insertion order. */
  public List<String> columnNames() {
    List<String> names = new ArrayList<>(numeric.keySet());
    names.addAll(categorical.keySet());
    return names;
  }

  double[] numericColumn(String name) {
    double[] column = numeric.get(name);
    if (column == null) {
      throw new IllegalArgumentException(
          "no numeric column '" + name + "' (columns: " + columnNames() + ")");
    }
    return column;
  }

  CategoricalColumn categoricalColumn(String name) {
    CategoricalColumn column = categorical.get(name);
    if (column == null) {
      throw new IllegalArgumentException(
          "no categorical column '" + name + "' (columns: " + columnNames() + ")");
    }
    return column;
  }

  /**
   * A categorical column: the distinct levels in first-seen order and one code per record; {@code
   * numbers} when the levels are the string forms of numbers (a numeric field used as categories).
   */
  record CategoricalColumn(List<String> levels, int[] codes, boolean numbers) {

    /**
     * The code of {@code level}, or -1 when no record has it. In a column of numbers a level that
     * reads as a number matches the numerically equal level ("0.0" and "0" are the same), since the
     * records' numbers print without a trailing ".0".
     */
    int codeOf(String level) {
      int code = levels.indexOf(level);
      if (code >= 0 || !numbers) {
        return code;
      }
      BigDecimal wanted = decimal(level);
      if (wanted == null) {
        return -1;
      }
      for (int i = 0; i < levels.size(); i++) {
        BigDecimal present = decimal(levels.get(i));
        if (present != null && present.compareTo(wanted) == 0) {
          return i;
        }
      }
      return -1;
    }

    private static BigDecimal decimal(String text) {
      try {
        return new BigDecimal(text.strip());
      } catch (NumberFormatException notANumber) {
        return null;
      }
    }
  }

  /** Collects columns; every column must have one value per record. */
  public static final class Builder {
    private final double[] baseWeights;
    private final Map<String, double[]> numeric = new LinkedHashMap<>();
    private final Map<String, CategoricalColumn> categorical = new LinkedHashMap<>();
    private final IntFunction<String> rowName;

    private Builder(double[] baseWeights, IntFunction<String> rowName, String weightName) {
      this.baseWeights = baseWeights.clone();
      this.rowName = rowName;
      for (int row = 0; row < this.baseWeights.length; row++) {
        double q = this.baseWeights[row];
        if (!(q >= MIN_BASE_WEIGHT && q <= MAX_MAGNITUDE)) {
          throw new IllegalArgumentException(
              rowName.apply(row)
                  + ": "
                  + weightName
                  + ": expected a base weight in ["
                  + MIN_BASE_WEIGHT
                  + ", "
                  + MAX_MAGNITUDE
                  + "] (positive, finite and in the solver's safe range), got "
                  + q);
        }
      }
    }

    /**
     * Adds a numeric column; values must be finite, of magnitude at most {@value MAX_MAGNITUDE}.
     */
    public Builder numeric(String name, double[] values) {
      checkLength(name, values.length);
      double[] copy = values.clone();
      for (int row = 0; row < copy.length; row++) {
        if (!(Math.abs(copy[row]) <= MAX_MAGNITUDE)) {
          throw new IllegalArgumentException(
              rowName.apply(row)
                  + ": field '"
                  + name
                  + "': expected a finite number of magnitude at most "
                  + MAX_MAGNITUDE
                  + " (the solver's safe range), got "
                  + copy[row]);
        }
      }
      numeric.put(name, copy);
      return this;
    }

    /** Adds a categorical column; values must not be null. */
    public Builder categorical(String name, String[] values) {
      return categorical(name, values, false);
    }

    /**
     * Adds a categorical column of a numeric field, {@code values} being the numbers' string forms:
     * a target's level that reads as a number then matches the numerically equal values ("0.0"
     * matches the records whose value prints as "0").
     */
    public Builder categoricalNumbers(String name, String[] values) {
      return categorical(name, values, true);
    }

    private Builder categorical(String name, String[] values, boolean numbers) {
      checkLength(name, values.length);
      Map<String, Integer> codeByLevel = new LinkedHashMap<>();
      int[] codes = new int[values.length];
      for (int row = 0; row < values.length; row++) {
        if (values[row] == null) {
          throw new IllegalArgumentException(
              rowName.apply(row) + ": field '" + name + "': expected a category, got nothing");
        }
        codes[row] = codeByLevel.computeIfAbsent(values[row], level -> codeByLevel.size());
      }
      categorical.put(
          name,
          new CategoricalColumn(
              Collections.unmodifiableList(new ArrayList<>(codeByLevel.keySet())), codes, numbers));
      return this;
    }

    /** The finished, immutable data set. */
    public CalibrationData build() {
      return new CalibrationData(
          baseWeights,
          Collections.unmodifiableMap(new LinkedHashMap<>(numeric)),
          Collections.unmodifiableMap(new LinkedHashMap<>(categorical)),
          rowName);
    }

    private void checkLength(String name, int length) {
      if (length != baseWeights.length) {
        throw new IllegalArgumentException(
            "column '"
                + name
                + "' has "
                + length
                + " values but there are "
                + baseWeights.length
                + " records");
      }
      if (numeric.containsKey(name) || categorical.containsKey(name)) {
        throw new IllegalArgumentException("column '" + name + "' given twice");
      }
    }
  }

  @Override
  public String toString() {
    return "CalibrationData[n="
        + size()
        + ", columns="
        + Arrays.toString(columnNames().toArray())
        + "]";
  }
}
