package org.flowimpute.training.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.encode.EncodingException;
import org.flowimpute.encode.FieldValues;
import org.flowimpute.encode.MissingMarkers;
import org.flowimpute.table.MissingColumns;
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
  private final IntFunction<String> rowName;

  private TrainingTable(
      TrainingColumns columns,
      int rows,
      Map<String, double[]> numbers,
      Map<String, String[]> categories,
      double[] weights,
      double totalWeight,
      IntFunction<String> rowName) {
    this.columns = columns;
    this.rowName = rowName;
    this.rows = rows;
    this.numbers = numbers;
    this.totalWeight = totalWeight;
    this.categories = categories;
    this.weights = weights;
  }

  /** Reads {@code file} (CSV, Avro or Parquet). */
  public static TrainingTable read(Path file, TrainingColumns columns) throws IOException {
    return read(file, columns, Tables::reader);
  }

  /** Reads {@code file} with the reader {@code open} returns for it. */
  static TrainingTable read(Path file, TrainingColumns columns, Function<Path, TableReader> open)
      throws IOException {
    try (TableReader reader = open.apply(file)) {
      checkColumns(file, reader.schema(), columns.allColumns());
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
    return of(records, columns, row -> "row " + (row + 1), "the records");
  }

  /**
   * Builds a table from the records of {@code source}, naming the {@code i}th record (0-based)
   * {@code rowName.apply(i)} in errors.
   */
  static TrainingTable of(
      Iterable<? extends GenericRecord> records,
      TrainingColumns columns,
      IntFunction<String> rowName,
      String source) {
    Collector collector = new Collector(columns, rowName);
    for (GenericRecord record : records) {
      collector.add(record);
    }
    return collector.finish(source);
  }

  /** Refuses, before any row is read, a column of {@code names} that {@code file} lacks. */
  static void checkColumns(Path file, Schema schema, List<String> names) {
    MissingColumns.require(schema, file, "column", names);
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

  /**
   * How messages name the 0-based {@code row}: its file and 1-based row there ({@code people.csv
   * row 17}), or {@code row 17} for records built in memory.
   */
  public String rowName(int row) {
    return rowName.apply(row);
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
        String value = category(record, column.getKey(), ref);
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
     * The number in {@code field}; text that is not a number, or a boolean, says how to declare a
     * column of categories (text naming a non-finite number, such as {@code inf}, does not: it is a
     * number, refused as not finite; nor does a number written with thousands separators, such as
     * {@code 1,234}: core's message says to write it plainly), and an empty target that training
     * needs every target value. A number beyond 32-bit floats is refused: the model computes in
     * them, so a target of 1e300 made its imputed values infinite (and failed the export check as
     * "Infinity, DJL Infinity").
     */
    private double number(GenericRecord record, String field, String ref) {
      Object value = record.get(field);
      double number;
      try {
        number = FieldValues.number(value, ref, field);
      } catch (EncodingException e) {
        if (e.kind() == EncodingException.Kind.WRONG_TYPE
            && (value instanceof CharSequence || value instanceof Boolean)
            && !FieldValues.isNumberWrittenForPeople(value)) {
          throw withHint(
              e,
              columns.conditions().contains(field)
                  ? "if the column holds categories, list it in --categorical"
                  : "a target of categories or of true/false values is imputed as categories:"
                      + " list it in --categorical");
        }
        throw nullTargetHint(e);
      }
      if (Math.abs(number) > Float.MAX_VALUE) {
        throw new IllegalArgumentException(
            ref
                + ": field '"
                + field
                + "': "
                + number
                + " is beyond the numbers the model computes with (32-bit floats, magnitude at most "
                + Float.MAX_VALUE
                + "); check the value, or rescale the column");
      }
      return number;
    }

    /**
     * The category in {@code field}; a missing-value marker ({@code NA}, {@link MissingMarkers}) is
     * refused as an empty cell is, and an empty target says that training needs every value.
     */
    private String category(GenericRecord record, String field, String ref) {
      Object value = record.get(field);
      try {
        if (MissingMarkers.isMarker(value)) {
          throw MissingMarkers.refused(ref, field, value);
        }
        return FieldValues.category(value, ref, field);
      } catch (EncodingException e) {
        throw nullTargetHint(e);
      }
    }

    /** {@code e}, with the hint that training needs every target value if it is a null target. */
    private EncodingException nullTargetHint(EncodingException e) {
      if (e.kind() == EncodingException.Kind.NULL && columns.targets().contains(e.field())) {
        return withHint(
            e,
            "training data must carry every target value, also with --missing-targets, which"
                + " hides targets at random while training: fill the value or drop the row");
      }
      return e;
    }

    private static EncodingException withHint(EncodingException e, String hint) {
      return new EncodingException(
          e.record(), e.field(), e.kind(), e.problem() + " (" + hint + ")");
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
      return new TrainingTable(
          columns, rows, numbers, categories, rescaled, max * relative, rowName);
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
