package org.flowimpute.demo;

import java.util.Objects;
import org.apache.avro.generic.GenericRecord;

/**
 * The conditions of one demo person: everything the targets depend on. {@link DemoTruth} answers
 * questions about the targets given a value of this record.
 *
 * @param region region of the household
 * @param householdSize persons in the household, 1..6
 * @param age age in years, 16..90
 * @param sex sex
 * @param education education level
 * @param employment main activity
 * @param citizenship citizenship of the household
 */
public record Demographics(
    Region region,
    int householdSize,
    int age,
    Sex sex,
    Education education,
    Employment employment,
    Citizenship citizenship) {

  /** Validates ranges. */
  public Demographics {
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(sex, "sex");
    Objects.requireNonNull(education, "education");
    Objects.requireNonNull(employment, "employment");
    Objects.requireNonNull(citizenship, "citizenship");
    if (householdSize < DemoModel.MIN_HOUSEHOLD_SIZE
        || householdSize > DemoModel.MAX_HOUSEHOLD_SIZE) {
      throw new IllegalArgumentException("household_size must be 1..6, got " + householdSize);
    }
    if (age < DemoModel.MIN_AGE || age > DemoModel.MAX_AGE) {
      throw new IllegalArgumentException("age must be 16..90, got " + age);
    }
  }

  /**
   * The demographics of a record with the demo population's field names (a {@code DemoPerson} or
   * any record with fields region, household_size, age, sex, education, employment, citizenship;
   * numbers may be int or long, labels any CharSequence).
   */
  public static Demographics of(GenericRecord record) {
    return new Demographics(
        Region.fromLabel(text(record, "region")),
        number(record, "household_size"),
        number(record, "age"),
        Sex.fromLabel(text(record, "sex")),
        Education.fromLabel(text(record, "education")),
        Employment.fromLabel(text(record, "employment")),
        Citizenship.fromLabel(text(record, "citizenship")));
  }

  private static String text(GenericRecord record, String field) {
    Object value = record.get(field);
    if (value == null) {
      throw new IllegalArgumentException("field '" + field + "' is missing or null");
    }
    return value.toString();
  }

  private static int number(GenericRecord record, String field) {
    Object value = record.get(field);
    if (!(value instanceof Number number)) {
      throw new IllegalArgumentException("field '" + field + "': expected a number, got " + value);
    }
    return Math.toIntExact(number.longValue());
  }

  /** The same person in a household of another size. */
  public Demographics withHouseholdSize(int size) {
    return new Demographics(region, size, age, sex, education, employment, citizenship);
  }
}
