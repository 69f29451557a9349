package org.flowimpute.training.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.encode.EncodingException;
import org.flowimpute.encode.FieldValues;
import org.flowimpute.table.RowNames;
import org.flowimpute.table.TableFiles;
import org.flowimpute.table.TableReader;
import org.flowimpute.table.Tables;

/**
 * The training columns of a table, read in one streaming pass and held column-wise in primitive
 * arrays (categories as shared strings), so a million rows of forty columns fit in a few hundred
 * MB. Every value is checked on the way in; errors name the row (1-based, in file order) and the
 * column.
 */
public final class TrainingTable {

  /** Fewest rows training accepts (a validation split and per-state statistics need rows). */
  public static final int MIN_ROWS = 50;

  /** Largest share of the total weight one row may carry. */
  static final double MAX_ROW_SHARE = 0.5;

  private final TrainingColumns columns;
  private final int rows;
  private final Map<String, double[]> numbers;
  private final Map<String, String[]> categories;
  private final double[] weights;
  private final double totalWeight;

  private TrainingTable(
      TrainingColumns columns,
      int rows,
      Map<String, double[]> numbers,
      Map<String, String[]> categories,
      double[] weights,
      double totalWeight) {
    this.columns = columns;
    this.rows = rows;
    this.numbers = numbers;
    this.totalWeight = totalWeight;
    this.categories = categories;
    this.weights = weights;
  }

  /** Reads {@code file} (CSV, Avro or Parquet). */
  public static TrainingTable read(Path file, TrainingColumns columns) throws IOException {
    try (TableReader reader = Tables.reader(file)) {
      checkColumns(file, reader.schema(), columns);
      RowNames names = new RowNames();
      Collector collector =
          TableFiles.isGlob(file)
              ? new Collector(columns, names::of)
              : new Collector(columns, row -> file + " row " + (row + 1));
      while (reader.hasNext()) {
        GenericRecord record = reader.next();
        names.add(reader);
        collector.add(record, reader.path() + " row " + reader.rowNumber());
      }
      return collector.finish(file.toString());
    }
  }

  /** Builds a table from records already in memory (tests, benchmarks). */
  public static TrainingTable of(
      Iterable<? extends GenericRecord> records, TrainingColumns columns) {
    Collector collector = new Collector(columns, row -> "row " + (row + 1));
    for (GenericRecord record : records) {
      collector.add(record);
    }
    return collector.finish("the records");
  }

  private static void checkColumns(Path file, Schema schema, TrainingColumns columns) {
    for (String name : columns.allColumns()) {
      if (schema.getField(name) == null) {
        List<String> present = schema.getFields().stream().map(Schema.Field::name).toList();
        throw new IllegalArgumentException(
            "column '"
                + name
                + "' not found in "
                + file
                + " (columns: "
                + String.join(", ", present)
                + ")");
      }
    }
  }

  public TrainingColumns columns() {
    return columns;
  }

  public int rows() {
    return rows;
  }

  /** Values of a numeric column. */
  public double[] numbers(String column) {
    return numbers.get(column);
  }

  /** Values of a categorical column. */
  public String[] categories(String column) {
    return categories.get(column);
  }

  /**
   * Row weights rescaled to mean 1 (all 1 without a weight column): survey weights matter to
   * training only relative to each other.
   */
  public double[] weights() {
    return weights;
  }

  /**
   * The sum of the weights as read (the number of rows without a weight column): the population the
   * rows stand for, which {@link #weights} no longer carry.
   */
  public double totalWeight() {
    return totalWeight;
  }

  /** The raw value of {@code column} in {@code row}: a Double or a String. */
  public Object value(String column, int row) {
    return columns.isCategorical(column) ? categories.get(column)[row] : numbers.get(column)[row];
  }

  /** Reads records column by column into growing arrays. */
  private static final class Collector {
    private final TrainingColumns columns;
    private final IntFunction<String> rowName;
    private final Map<String, double[]> numbers = new LinkedHashMap<>();
    private final Map<String, String[]> categories = new LinkedHashMap<>();
    private final Map<String, String> interned = new HashMap<>();
    private double[] weights = new double[1024];
    private int rows;

    /** {@code rowName} names the 0-based row in errors (e.g. {@code "people.csv row 1"} for 0). */
    Collector(TrainingColumns columns, IntFunction<String> rowName) {
      this.columns = columns;
      this.rowName = rowName;
      for (String name : columns.conditions()) {
        allocate(name);
      }
      for (String name : columns.targets()) {
        allocate(name);
      }
    }

    private void allocate(String name) {
      if (columns.isCategorical(name)) {
        categories.put(name, new String[1024]);
      } else {
        numbers.put(name, new double[1024]);
      }
    }

    void add(GenericRecord record) {
      add(record, rowName.apply(rows));
    }

    /** Adds {@code record}, named {@code ref} in errors. */
    void add(GenericRecord record, String ref) {
      if (rows == weights.length) {
        grow();
      }
      for (Map.Entry<String, double[]> column : numbers.entrySet()) {
        column.getValue()[rows] = number(record, column.getKey(), ref);
      }
      for (Map.Entry<String, String[]> column : categories.entrySet()) {
        String value = FieldValues.category(record.get(column.getKey()), ref, column.getKey());
        column.getValue()[rows] = interned.computeIfAbsent(value, v -> v);
      }
      double weight = 1.0;
      if (columns.weight() != null) {
        weight = FieldValues.number(record.get(columns.weight()), ref, columns.weight());
        if (!(weight > 0)) {
          throw new IllegalArgumentException(
              ref + ": field '" + columns.weight() + "': weight must be > 0, got " + weight);
        }
      }
      weights[rows] = weight;
      rows++;
    }

    /**
     * The number in {@code field}; text that is not a number, or a boolean, in a condition column
     * says how to declare a column of categories.
     */
    private double number(GenericRecord record, String field, String ref) {
      Object value = record.get(field);
      try {
        return FieldValues.number(value, ref, field);
      } catch (EncodingException e) {
        if ((value instanceof CharSequence || value instanceof Boolean)
            && columns.conditions().contains(field)) {
          throw new EncodingException(
              ref,
              field,
              e.kind(),
              e.problem() + " (if the column holds categories, list it in --categorical)");
        }
        throw e;
      }
    }

    private void grow() {
      int size = weights.length * 2;
      weights = Arrays.copyOf(weights, size);
      numbers.replaceAll((name, values) -> Arrays.copyOf(values, size));
      categories.replaceAll((name, values) -> Arrays.copyOf(values, size));
    }

    TrainingTable finish(String source) {
      if (rows < MIN_ROWS) {
        throw new IllegalArgumentException(
            "only "
                + rows
                + (rows == 1 ? " row in " : " rows in ")
                + source
                + "; training needs at least "
                + MIN_ROWS);
      }
      numbers.replaceAll((name, values) -> Arrays.copyOf(values, rows));
      categories.replaceAll((name, values) -> Arrays.copyOf(values, rows));
      double[] rescaled = meanOne();
      double max = 0;
      for (int r = 0; r < rows; r++) {
        max = Math.max(max, weights[r]);
      }
      double relative = 0;
      for (int r = 0; r < rows; r++) {
        relative += weights[r] / max;
      }
      return new TrainingTable(columns, rows, numbers, categories, rescaled, max * relative);
    }

    /**
     * The weights rescaled to mean 1, in double (only their ratios matter to training): weights of
     * 1e300 had been cast to float first, became infinite and failed as "training diverged". The
     * largest weight is divided out first, so no sum overflows. A row carrying more than half of
     * the total weight is refused naming it (one weight of 1e300 among hundreds had been reported
     * as "condition 'age' is nearly constant").
     */
    private double[] meanOne() {
      int largest = 0;
      for (int r = 1; r < rows; r++) {
        if (weights[r] > weights[largest]) {
          largest = r;
        }
      }
      double max = weights[largest];
      double sum = 0;
      for (int r = 0; r < rows; r++) {
        sum += weights[r] / max;
      }
      if (1 / sum > MAX_ROW_SHARE) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "%s: field '%s': weight %s is %.1f %% of the total weight of the %d rows, so"
                    + " training would learn from this row alone; check the weight column",
                rowName.apply(largest),
                columns.weight(),
                max,
                100 / sum,
                rows));
      }
      double scale = rows / sum;
      double[] out = new double[rows];
      for (int r = 0; r < rows; r++) {
        out[r] = weights[r] / max * scale;
      }
      return out;
    }
  }
}
