package org.flowimpute.demo;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * Generates the household demo: households with a composition (1–3 adults, 0–3 children, roles head
 * / partner / other adult / child), persons with region, role, age and sex, one survey weight per
 * household, and two person targets whose law depends on the household context (see {@link
 * HouseholdDemoModel}, which knows the exact truth).
 *
 * <p>It is separate from {@link DemoPopulation} (whose truth many tests rely on) and exists to test
 * household-aware imputation and integrated household calibration against known truth. The records
 * deliberately carry no household size or child count: a household-aware model must compute them
 * from the household's records. Reproducible: household {@code i} comes from its own random stream
 * seeded by (seed, i).
 */
public final class HouseholdDemoPopulation {

  /** Every field of a household demo person. */
  public static final Schema PERSON =
      SchemaBuilder.record("DemoHouseholdPerson")
          .namespace("org.flowimpute.avro")
          .doc("A person of the household demo population (docs/demo-population.md).")
          .fields()
          .requiredString("household_id")
          .requiredString("person_id")
          .requiredString("region")
          .requiredString("role")
          .requiredInt("age")
          .requiredString("sex")
          .requiredDouble("weight")
          .requiredDouble(HouseholdDemoModel.WAGE)
          .requiredDouble(HouseholdDemoModel.BENEFIT)
          .endRecord();

  /** The household demo person without its targets: the input of imputation. */
  public static final Schema CONDITIONS =
      SchemaBuilder.record("DemoHouseholdPersonConditions")
          .namespace("org.flowimpute.avro")
          .doc("A household demo person's ids, demographics and weight.")
          .fields()
          .requiredString("household_id")
          .requiredString("person_id")
          .requiredString("region")
          .requiredString("role")
          .requiredInt("age")
          .requiredString("sex")
          .requiredDouble("weight")
          .endRecord();

  /** Salt that separates these streams from {@link DemoPopulation}'s for the same seed. */
  private static final long SALT = 0x486F757365686F6CL;

  private final long seed;

  private HouseholdDemoPopulation(long seed) {
    this.seed = seed;
  }

  /** The population drawn with {@code seed}. */
  public static HouseholdDemoPopulation withSeed(long seed) {
    return new HouseholdDemoPopulation(seed);
  }

  /** The persons of the first {@code households} households, household by household. */
  public Iterator<GenericRecord> persons(long households) {
    if (households < 0) {
      throw new IllegalArgumentException("households must be >= 0, got " + households);
    }
    return new Iterator<>() {
      private long next;
      private Iterator<GenericRecord> current = List.<GenericRecord>of().iterator();

      @Override
      public boolean hasNext() {
        return current.hasNext() || next < households;
      }

      @Override
      public GenericRecord next() {
        if (!current.hasNext()) {
          if (next >= households) {
            throw new NoSuchElementException();
          }
          current = household(next++).iterator();
        }
        return current.next();
      }
    };
  }

  /** Household number {@code index} (0-based): its persons, head first, children last. */
  public List<GenericRecord> household(long index) {
    SplittableRandom random = new SplittableRandom(DemoPopulation.streamSeed(seed ^ SALT, index));
    double u = random.nextDouble();
    double cumulative = 0;
    Region region = Region.values()[Region.values().length - 1];
    for (Region candidate : Region.values()) {
      cumulative += DemoModel.regionProbability(candidate);
      if (u < cumulative) {
        region = candidate;
        break;
      }
    }
    int adults = 1 + DemoPopulation.pickIndex(HouseholdDemoModel.ADULTS, random.nextDouble());
    int children = DemoPopulation.pickIndex(HouseholdDemoModel.CHILDREN, random.nextDouble());
    double logSd = HouseholdDemoModel.WEIGHT_LOG_SD;
    double weight =
        HouseholdDemoModel.WEIGHT_MEAN
            * Math.exp(logSd * DemoPopulation.gaussian(random) - 0.5 * logSd * logSd);
    String householdId = "HH" + String.format(java.util.Locale.ROOT, "%07d", index + 1);
    List<GenericRecord> persons = new ArrayList<>(adults + children);
    for (int member = 0; member < adults + children; member++) {
      HouseholdRole role =
          member == 0
              ? HouseholdRole.HEAD
              : member == 1 && adults >= 2
                  ? HouseholdRole.PARTNER
                  : member < adults ? HouseholdRole.OTHER_ADULT : HouseholdRole.CHILD;
      int age =
          switch (role) {
            case HEAD, PARTNER -> 22 + random.nextInt(58);
            case OTHER_ADULT -> 18 + random.nextInt(12);
            case CHILD -> random.nextInt(18);
          };
      String sex = random.nextDouble() < 0.5 ? "female" : "male";
      GenericData.Record person = new GenericData.Record(PERSON);
      person.put("household_id", householdId);
      person.put(
          "person_id",
          householdId + "-" + String.format(java.util.Locale.ROOT, "%02d", member + 1));
      person.put("region", region.label());
      person.put("role", role.label());
      person.put("age", age);
      person.put("sex", sex);
      person.put("weight", weight);
      person.put(HouseholdDemoModel.WAGE, draw(HouseholdDemoModel.WAGE, role, children, random));
      person.put(
          HouseholdDemoModel.BENEFIT, draw(HouseholdDemoModel.BENEFIT, role, children, random));
      persons.add(person);
    }
    return persons;
  }

  /** The condition-only record of {@code person}. */
  public static GenericRecord conditionsOf(GenericRecord person) {
    GenericData.Record conditions = new GenericData.Record(CONDITIONS);
    for (Schema.Field field : CONDITIONS.getFields()) {
      conditions.put(field.pos(), person.get(field.name()));
    }
    return conditions;
  }

  private static double draw(
      String target, HouseholdRole role, int children, SplittableRandom random) {
    double p = HouseholdDemoModel.positiveProbability(target, role, children);
    boolean positive = random.nextDouble() < p;
    double z = DemoPopulation.gaussian(random);
    if (!positive) {
      return 0.0;
    }
    LogNormal law = HouseholdDemoModel.positiveLaw(target, role, children);
    return Math.exp(law.mu() + law.sigma() * z);
  }
}
