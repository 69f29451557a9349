package org.flowimpute.household;

import java.util.List;
import java.util.Locale;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.encode.FieldValues;

/**
 * One household context feature: a number computed from all records of a household and given to
 * each of its persons as a condition (e.g. the household's size or its number of children).
 *
 * <p>It is a value of the manifest so that training and every inference path compute the feature
 * with this one implementation ({@link #compute}).
 *
 * @param name the condition name the feature gets (e.g. {@code household_children})
 * @param kind {@code size} (number of records), {@code count_below} (members whose {@code field} is
 *     below {@code threshold}) or {@code count_at_least} (members whose {@code field} is at least
 *     {@code threshold})
 * @param field the member field a count reads ("" for {@code size})
 * @param threshold the threshold of a count (0 for {@code size})
 */
public record HouseholdFeature(String name, String kind, String field, double threshold)
    implements java.io.Serializable {

  /** Kind: number of records of the household. */
  public static final String SIZE = "size";

  /** Kind: number of members with field &lt; threshold. */
  public static final String COUNT_BELOW = "count_below";

  /** Kind: number of members with field ≥ threshold. */
  public static final String COUNT_AT_LEAST = "count_at_least";

  public HouseholdFeature {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a household feature needs a name");
    }
    if (!List.of(SIZE, COUNT_BELOW, COUNT_AT_LEAST).contains(kind)) {
      throw new IllegalArgumentException(
          "household feature '"
              + name
              + "': kind must be size, count_below or count_at_least, got "
              + kind);
    }
    field = field == null ? "" : field;
    if (!kind.equals(SIZE) && (field.isEmpty() || !Double.isFinite(threshold))) {
      throw new IllegalArgumentException(
          "household feature '" + name + "': " + kind + " needs a field and a finite threshold");
    }
  }

  /** The household size. */
  public static HouseholdFeature size(String name) {
    return new HouseholdFeature(name, SIZE, "", 0);
  }

  /** Members whose {@code field} is below {@code threshold}. */
  public static HouseholdFeature countBelow(String name, String field, double threshold) {
    return new HouseholdFeature(name, COUNT_BELOW, field, threshold);
  }

  /** Members whose {@code field} is at least {@code threshold}. */
  public static HouseholdFeature countAtLeast(String name, String field, double threshold) {
    return new HouseholdFeature(name, COUNT_AT_LEAST, field, threshold);
  }

  /**
   * The feature's value for one household.
   *
   * @param members all records of the household
   * @param refs how to name each member in errors (same order)
   * @throws org.flowimpute.encode.EncodingException naming the member and field when a value the
   *     feature reads is missing or not a number
   */
  public double compute(List<? extends GenericRecord> members, List<String> refs) {
    if (kind.equals(SIZE)) {
      return members.size();
    }
    int count = 0;
    for (int m = 0; m < members.size(); m++) {
      GenericRecord member = members.get(m);
      if (member.getSchema().getField(field) == null) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "%s: field '%s' is missing; household feature '%s' needs it",
                refs.get(m),
                field,
                name));
      }
      double value = FieldValues.number(member.get(field), refs.get(m), field);
      boolean below = value < threshold;
      if (kind.equals(COUNT_BELOW) == below) {
        count++;
      }
    }
    return count;
  }
}
