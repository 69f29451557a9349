package org.flowimpute.encode;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.bundle.CategoricalCondition;
import org.flowimpute.bundle.ConditionSpec;
import org.flowimpute.bundle.Manifest;
import org.flowimpute.bundle.NumericCondition;

/**
 * Encodes a record's condition values into the ONNX input {@code context}: numeric conditions as
 * {@code (x - mean) / sd} (at most {@link #MAX_STANDARDIZED} in magnitude), categorical conditions
 * one-hot; under unknown-category policy OTHER an unknown value is encoded as the training shares
 * of the categories (format 1.4; older manifests, and synthesis bundles whose rare categories were
 * pooled into the trained "other" level: one-hot in the "other" column), see {@link
 * CategoricalCondition}. Training and inference both use this class, so the encoding the model was
 * trained on is the one it is fed.
 *
 * <p>Records are encoded straight into a caller-provided batch buffer at an offset; nothing is
 * allocated per record apart from the text of categorical values. Instances are thread-safe: their
 * only state is the field positions of the last record schema seen (an immutable snapshot).
 */
public final class ConditionEncoder {
  /** The most standard deviations from its training mean a numeric condition may lie. */
  public static final double MAX_STANDARDIZED = 1e6;

  private final List<ConditionSpec> conditions;
  private final Column[] columns;
  private final int width;

  /**
   * Field positions in the schema of the last record encoded; immutable, so a racy read is safe.
   */
  private FieldPositions positions;

  private ConditionEncoder(List<ConditionSpec> conditions) {
    this.conditions = List.copyOf(conditions);
    this.columns = new Column[this.conditions.size()];
    int offset = 0;
    for (int i = 0; i < columns.length; i++) {
      columns[i] = Column.of(this.conditions.get(i), offset);
      offset += this.conditions.get(i).width();
    }
    this.width = offset;
  }

  /** An encoder for these conditions, in this order. */
  public static ConditionEncoder of(List<ConditionSpec> conditions) {
    return new ConditionEncoder(conditions);
  }

  /** An encoder for a model's conditions. */
  public static ConditionEncoder of(Manifest manifest) {
    return new ConditionEncoder(manifest.conditions());
  }

  /** E: the number of floats one record encodes to. */
  public int width() {
    return width;
  }

  /** The conditions this encoder reads, in order. */
  public List<ConditionSpec> conditions() {
    return conditions;
  }

  /**
   * Encodes an Avro record's conditions into {@code dst[offset .. offset + width() - 1]}.
   *
   * @param record the record; fields are looked up by condition name
   * @param recordRef how to name the record in errors, e.g. {@code "row 17"} or {@code "key p-42"}
   * @throws EncodingException if a field is missing, null, of the wrong type, not finite or an
   *     unknown category under policy ERROR
   */
  public void encode(GenericRecord record, String recordRef, float[] dst, int offset) {
    FieldPositions known = positions;
    if (known == null || known.schema() != record.getSchema()) {
      known = FieldPositions.of(record.getSchema(), columns);
      positions = known;
    }
    for (int c = 0; c < columns.length; c++) {
      int position = known.positions()[c];
      if (position < 0) {
        throw missing(recordRef, columns[c].name());
      }
      columns[c].encode(record.get(position), recordRef, dst, offset);
    }
  }

  /**
   * Where each condition is in records of one schema (-1: missing), looked up once per schema
   * instead of once per record and condition. Immutable: threads sharing an encoder at worst each
   * look the positions up once.
   */
  private record FieldPositions(Schema schema, int[] positions) {
    static FieldPositions of(Schema schema, Column[] columns) {
      int[] positions = new int[columns.length];
      for (int c = 0; c < positions.length; c++) {
        Schema.Field field = schema.getField(columns[c].name());
        positions[c] = field == null ? -1 : field.pos();
      }
      return new FieldPositions(schema, positions);
    }
  }

  /**
   * Encodes conditions given as a name-to-value map (values: String, Number, Utf8, Boolean).
   *
   * @see #encode(GenericRecord, String, float[], int)
   */
  public void encode(Map<String, ?> values, String recordRef, float[] dst, int offset) {
    for (Column column : columns) {
      String name = column.name();
      Object value = values.get(name);
      if (value == null && !values.containsKey(name)) {
        throw missing(recordRef, name);
      }
      column.encode(value, recordRef, dst, offset);
    }
  }

  private static EncodingException missing(String recordRef, String name) {
    return new EncodingException(
        recordRef,
        name,
        EncodingException.Kind.MISSING,
        "missing (the model needs this condition)");
  }

  /** Encoding of one condition into its slice of the context. */
  private sealed interface Column permits NumericColumn, CategoricalColumn {
    String name();

    void encode(Object value, String recordRef, float[] dst, int offset);

    static Column of(ConditionSpec spec, int offset) {
      if (spec instanceof NumericCondition numeric) {
        return new NumericColumn(numeric.name(), numeric.mean(), numeric.sd(), offset);
      }
      CategoricalCondition categorical = (CategoricalCondition) spec;
      Map<String, Integer> index = new HashMap<>();
      for (int i = 0; i < categorical.categories().size(); i++) {
        index.put(categorical.categories().get(i), i);
      }
      return new CategoricalColumn(
          categorical.name(),
          Map.copyOf(index),
          categorical.categories(),
          unknownEncoding(categorical),
          categorical.width(),
          offset);
    }

    /**
     * What an unknown value encodes to: null under policy ERROR; under OTHER the category shares
     * with 0 in the "other" column (format 1.4), or a one-hot "other" (older manifests, and pooled
     * rare categories).
     */
    private static float[] unknownEncoding(CategoricalCondition categorical) {
      if (!categorical.hasOtherLevel()) {
        return null;
      }
      float[] encoding = new float[categorical.width()];
      if (categorical.encodesUnknownAsShares()) {
        for (int i = 0; i < categorical.categoryShares().size(); i++) {
          encoding[i] = categorical.categoryShares().get(i).floatValue();
        }
      } else {
        encoding[categorical.categories().size()] = 1f;
      }
      return encoding;
    }
  }

  /**
   * A numeric condition, standardized. A value more than {@link #MAX_STANDARDIZED} standard
   * deviations from the training mean is refused: far beyond anything a model can extrapolate to,
   * and beyond about 1e9 the network's logits swamp the mask that makes unseen gate states
   * impossible (a zero-or-positive target came out negative), or overflow float32 to NaN.
   */
  private record NumericColumn(String name, double mean, double sd, int position)
      implements Column {
    @Override
    public void encode(Object value, String recordRef, float[] dst, int offset) {
      double number = FieldValues.number(value, recordRef, name);
      double standardized = (number - mean) / sd;
      if (!(Math.abs(standardized) <= MAX_STANDARDIZED)) {
        throw new EncodingException(
            recordRef,
            name,
            EncodingException.Kind.OUT_OF_RANGE,
            String.format(
                Locale.ROOT,
                "value %s is %.3g standard deviations from the training mean %s (sd %s); at most"
                    + " %.0e are encoded: the model cannot extrapolate that far",
                value,
                Math.abs(standardized),
                mean,
                sd,
                MAX_STANDARDIZED));
      }
      dst[offset + position] = (float) standardized;
    }
  }

  /**
   * A categorical condition, one-hot; an unknown value is written as {@code unknown} (null: refused
   * under policy ERROR). A missing-value marker ({@code NA}) that is not a known category is
   * refused under either policy, as a null is.
   */
  private record CategoricalColumn(
      String name,
      Map<String, Integer> index,
      List<String> categories,
      float[] unknown,
      int width,
      int position)
      implements Column {
    @Override
    public void encode(Object value, String recordRef, float[] dst, int offset) {
      String category = FieldValues.category(value, recordRef, name);
      // One lookup for a known category, as knownCategory would find it first.
      Integer level = index.get(category);
      if (level == null) {
        category = FieldValues.knownCategory(category, index::containsKey);
        level = index.get(category);
      }
      int start = offset + position;
      if (level == null) {
        if (MissingMarkers.isMarker(category)) {
          throw MissingMarkers.refused(recordRef, name, category);
        }
        if (unknown == null) {
          throw new EncodingException(
              recordRef,
              name,
              EncodingException.Kind.UNKNOWN_CATEGORY,
              UnknownCategory.ofCondition(category, categories));
        }
        System.arraycopy(unknown, 0, dst, start, width);
        return;
      }
      Arrays.fill(dst, start, start + width, 0f);
      dst[start + level] = 1f;
    }
  }
}
