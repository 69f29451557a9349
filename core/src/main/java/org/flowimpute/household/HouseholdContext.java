package org.flowimpute.household;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.encode.FieldValues;

/**
 * How a household-aware model sees a person's household: the field holding the household id and the
 * {@link HouseholdFeature}s computed from all records of the household and added to each person as
 * numeric conditions (size, adults, children …).
 *
 * <p>It exists so that training ({@code train --household-id}), local generation and the Beam
 * pipelines compute the household context with one implementation, read from the manifest: a model
 * trained with one definition of "children" can never be fed another. {@link #none()} (empty id
 * field, no features) is the context of a person-level model.
 *
 * @param idField the record field holding the household id ("" for none)
 * @param features the features, in condition order
 */
public record HouseholdContext(String idField, List<HouseholdFeature> features)
    implements java.io.Serializable {

  /** Age (in years) from which a member counts as an adult in {@link #standard}. */
  public static final double ADULT_AGE = 18;

  public HouseholdContext {
    idField = idField == null ? "" : idField;
    features = features == null ? List.of() : List.copyOf(features);
    if (idField.isEmpty() != features.isEmpty()) {
      throw new IllegalArgumentException(
          "a household context needs both an id field and at least one feature, or neither");
    }
    List<String> names = new ArrayList<>();
    for (HouseholdFeature feature : features) {
      if (names.contains(feature.name())) {
        throw new IllegalArgumentException(
            "household feature '" + feature.name() + "' defined twice");
      }
      names.add(feature.name());
    }
  }

  /** The same features read from another id field (inputs that name the household differently). */
  public HouseholdContext withIdField(String field) {
    return new HouseholdContext(field, features);
  }

  /** No household context (a person-level model). */
  public static HouseholdContext none() {
    return new HouseholdContext("", List.of());
  }

  /**
   * The standard context: {@code household_size}, and with an age field {@code household_adults}
   * (age ≥ {@value #ADULT_AGE}) and {@code household_children} (age below it).
   *
   * @param ageField the member field holding the age, or null for size only
   */
  public static HouseholdContext standard(String idField, String ageField) {
    List<HouseholdFeature> features = new ArrayList<>();
    features.add(HouseholdFeature.size("household_size"));
    if (ageField != null) {
      features.add(HouseholdFeature.countAtLeast("household_adults", ageField, ADULT_AGE));
      features.add(HouseholdFeature.countBelow("household_children", ageField, ADULT_AGE));
    }
    return new HouseholdContext(idField, features);
  }

  /** Whether this is a real household context (not {@link #none()}). */
  @JsonIgnore
  public boolean isPresent() {
    return !idField.isEmpty();
  }

  /** The feature names (the conditions the context adds). */
  @JsonIgnore
  public List<String> featureNames() {
    return features.stream().map(HouseholdFeature::name).toList();
  }

  /**
   * The household id of {@code record}, as its category text ({@link FieldValues#category}: text, a
   * number or a boolean; {@code 7} and {@code 7.0} are one household); fails naming the record when
   * it has none or one of another type (e.g. Avro bytes, whose text would not tell ids apart).
   */
  public String householdId(GenericRecord record, String ref) {
    if (record.getSchema().getField(idField) == null) {
      throw new IllegalArgumentException(
          ref + ": field '" + idField + "' is missing; expected a household id");
    }
    Object value = record.get(idField);
    String id = value == null ? "" : FieldValues.category(value, ref, idField);
    if (id.isEmpty()) {
      throw new IllegalArgumentException(
          ref + ": field '" + idField + "' is null or empty; expected a household id");
    }
    return id;
  }

  /**
   * {@code input} with one double field per feature: an input field of that name is replaced in its
   * place (the feature is computed, not read), the other features are appended in order.
   */
  public Schema withFeatures(Schema input) {
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field field : input.getFields()) {
      HouseholdFeature feature = feature(field.name());
      fields.add(feature == null ? new Schema.Field(field, field.schema()) : field(feature));
    }
    for (HouseholdFeature feature : features) {
      if (input.getField(feature.name()) == null) {
        fields.add(field(feature));
      }
    }
    return Schema.createRecord(
        input.getName(), input.getDoc(), input.getNamespace(), input.isError(), fields);
  }

  private HouseholdFeature feature(String name) {
    return features.stream().filter(f -> f.name().equals(name)).findFirst().orElse(null);
  }

  private Schema.Field field(HouseholdFeature feature) {
    return new Schema.Field(
        feature.name(),
        Schema.create(Schema.Type.DOUBLE),
        String.format(Locale.ROOT, "Household context: %s.", describe(feature)),
        (Object) null);
  }

  /**
   * Copies of one household's records with the features filled in.
   *
   * @param members every record of the household
   * @param refs how to name each member in errors
   * @param output the schema from {@link #withFeatures}
   */
  public List<GenericRecord> addFeatures(
      List<? extends GenericRecord> members, List<String> refs, Schema output) {
    double[] values = new double[features.size()];
    for (int f = 0; f < values.length; f++) {
      values[f] = features.get(f).compute(members, refs);
    }
    List<GenericRecord> out = new ArrayList<>(members.size());
    for (GenericRecord member : members) {
      GenericData.Record copy = new GenericData.Record(output);
      for (Schema.Field field : member.getSchema().getFields()) {
        if (output.getField(field.name()) != null) {
          copy.put(field.name(), member.get(field.name()));
        }
      }
      for (int f = 0; f < values.length; f++) {
        copy.put(features.get(f).name(), values[f]);
      }
      out.add(copy);
    }
    return out;
  }

  /**
   * Every record with its household's features, in input order: records are grouped by household id
   * (households need not be contiguous), errors name the record as "row N" (1-based).
   */
  public List<GenericRecord> addFeaturesToAll(List<? extends GenericRecord> records) {
    return addFeaturesToAll(records, "");
  }

  /**
   * {@link #addFeaturesToAll(List)}, with errors naming the record as {@code source} + "row N",
   * e.g. "people.csv row 12" for the source "people.csv ".
   */
  public List<GenericRecord> addFeaturesToAll(
      List<? extends GenericRecord> records, String source) {
    return addFeaturesToAll(records, row -> source + "row " + (row + 1));
  }

  /**
   * {@link #addFeaturesToAll(List)}, with errors naming the {@code i}th record (0-based) {@code
   * rowName.apply(i)}, e.g. its file and row there.
   */
  public List<GenericRecord> addFeaturesToAll(
      List<? extends GenericRecord> records, IntFunction<String> rowName) {
    if (records.isEmpty()) {
      return List.of();
    }
    Schema output = withFeatures(records.get(0).getSchema());
    Map<String, List<Integer>> rowsByHousehold = new LinkedHashMap<>();
    for (int row = 0; row < records.size(); row++) {
      String id = householdId(records.get(row), rowName.apply(row));
      rowsByHousehold.computeIfAbsent(id, k -> new ArrayList<>()).add(row);
    }
    GenericRecord[] out = new GenericRecord[records.size()];
    for (List<Integer> rows : rowsByHousehold.values()) {
      List<GenericRecord> members = new ArrayList<>(rows.size());
      List<String> refs = new ArrayList<>(rows.size());
      for (int row : rows) {
        members.add(records.get(row));
        refs.add(rowName.apply(row));
      }
      List<GenericRecord> done = addFeatures(members, refs, output);
      for (int m = 0; m < rows.size(); m++) {
        out[rows.get(m)] = done.get(m);
      }
    }
    return List.of(out);
  }

  private static String describe(HouseholdFeature feature) {
    return switch (feature.kind()) {
      case HouseholdFeature.SIZE -> "number of persons";
      case HouseholdFeature.COUNT_BELOW ->
          "persons with " + feature.field() + " < " + feature.threshold();
      default -> "persons with " + feature.field() + " >= " + feature.threshold();
    };
  }
}
