package org.flowimpute.demo;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import org.flowimpute.avro.DemoPerson;

/**
 * Generates the demo population: households of persons with demographics, eight targets and a
 * survey weight, drawn from {@link DemoModel}, whose exact conditional laws {@link DemoTruth}
 * knows.
 *
 * <p>Reproducible: household {@code i} is drawn from its own random stream seeded by (seed, i), so
 * the same seed gives the same records, and a population of N persons is the start of every larger
 * population with the same seed (except for the cut last household, see {@link #persons(long)}).
 */
public final class DemoPopulation {
  private static final double[] AGE_CDF = ageCdf();

  private final long seed;

  private DemoPopulation(long seed) {
    this.seed = seed;
  }

  /** The population drawn with {@code seed}. */
  public static DemoPopulation withSeed(long seed) {
    return new DemoPopulation(seed);
  }

  /** The seed. */
  public long seed() {
    return seed;
  }

  /**
   * The first {@code rows} persons: households 0, 1, 2, ... are generated until there are {@code
   * rows} persons. The last household is cut to fit: its size is drawn as usual and then reduced to
   * the number of persons still missing, before anything else of it is drawn, so its records are
   * consistent (size field, household income).
   */
  public Iterator<DemoPerson> persons(long rows) {
    if (rows < 0) {
      throw new IllegalArgumentException("rows must be >= 0, got " + rows);
    }
    return new Iterator<>() {
      private long remaining = rows;
      private long householdIndex;
      private Iterator<DemoPerson> household = List.<DemoPerson>of().iterator();

      @Override
      public boolean hasNext() {
        return household.hasNext() || remaining > 0;
      }

      @Override
      public DemoPerson next() {
        if (!household.hasNext()) {
          if (remaining <= 0) {
            throw new NoSuchElementException();
          }
          int maxSize = (int) Math.min(remaining, DemoModel.MAX_HOUSEHOLD_SIZE);
          List<DemoPerson> members = household(householdIndex++, maxSize);
          remaining -= members.size();
          household = members.iterator();
        }
        return household.next();
      }
    };
  }

  /**
   * Household number {@code index} (0-based), with at most {@code maxSize} persons.
   *
   * @param maxSize 1..6; the drawn size is reduced to it
   */
  public List<DemoPerson> household(long index, int maxSize) {
    if (maxSize < DemoModel.MIN_HOUSEHOLD_SIZE || maxSize > DemoModel.MAX_HOUSEHOLD_SIZE) {
      throw new IllegalArgumentException("maxSize must be 1..6, got " + maxSize);
    }
    SplittableRandom random = new SplittableRandom(streamSeed(seed, index));
    Region region = pick(Region.values(), random.nextDouble(), DemoModel::regionProbability);
    double[] sizes = new double[DemoModel.MAX_HOUSEHOLD_SIZE];
    for (int s = 1; s <= sizes.length; s++) {
      sizes[s - 1] = DemoModel.householdSizeProbability(region, s);
    }
    int size = Math.min(1 + pickIndex(sizes, random.nextDouble()), maxSize);
    Citizenship citizenship =
        random.nextDouble() < DemoModel.foreignProbability(region)
            ? Citizenship.FOREIGN
            : Citizenship.CITIZEN;
    double weight =
        DemoModel.weightBase(region, size)
            * Math.exp(
                DemoModel.WEIGHT_LOG_SD * gaussian(random)
                    - 0.5 * DemoModel.WEIGHT_LOG_SD * DemoModel.WEIGHT_LOG_SD);

    List<Demographics> demographics = new ArrayList<>(size);
    List<PersonTargets> targets = new ArrayList<>(size);
    double householdIncome = 0;
    for (int member = 0; member < size; member++) {
      Demographics person = drawPerson(random, region, size, citizenship);
      PersonTargets drawn = PersonTargets.draw(person, random);
      demographics.add(person);
      targets.add(drawn);
      householdIncome += drawn.totalIncome();
    }

    String householdId = "H" + zeroPadded(index + 1, 7);
    List<DemoPerson> persons = new ArrayList<>(size);
    for (int member = 0; member < size; member++) {
      Demographics d = demographics.get(member);
      PersonTargets t = targets.get(member);
      persons.add(
          new DemoPerson(
              householdId,
              householdId + "-" + zeroPadded(member + 1, 2),
              d.region().label(),
              d.householdSize(),
              d.age(),
              d.sex().label(),
              d.education().label(),
              d.employment().label(),
              d.citizenship().label(),
              weight,
              t.wage(),
              t.selfEmployment(),
              t.benefit(),
              t.pension(),
              t.investment(),
              t.netSavings(),
              t.incomeTax(),
              householdIncome));
    }
    return persons;
  }

  private static String zeroPadded(long number, int digits) {
    String text = Long.toString(number);
    return text.length() >= digits ? text : "0".repeat(digits - text.length()) + text;
  }

  private static Demographics drawPerson(
      SplittableRandom random, Region region, int size, Citizenship citizenship) {
    int age = DemoModel.MIN_AGE + pickCumulative(AGE_CDF, random.nextDouble());
    Sex sex = random.nextDouble() < DemoModel.FEMALE ? Sex.FEMALE : Sex.MALE;
    Education education =
        Education.values()[pickIndex(DemoModel.educationProbabilities(age), random.nextDouble())];
    Employment employment =
        Employment.values()[
            pickIndex(
                DemoModel.employmentProbabilities(age, education, sex, citizenship),
                random.nextDouble())];
    return new Demographics(region, size, age, sex, education, employment, citizenship);
  }

  /** SplitMix64 finalizer of (seed, household index): well-spread, independent-looking seeds. */
  static long streamSeed(long seed, long index) {
    return mix(seed ^ mix(index + 0x9E3779B97F4A7C15L));
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** A standard normal draw (Box–Muller, one of the pair), stable across JDK versions. */
  static double gaussian(SplittableRandom random) {
    double u1 = 1.0 - random.nextDouble();
    double u2 = random.nextDouble();
    return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
  }

  private interface Probability<T> {
    double of(T value);
  }

  private static <T> T pick(T[] values, double u, Probability<T> probability) {
    double cumulative = 0;
    for (T value : values) {
      cumulative += probability.of(value);
      if (u < cumulative) {
        return value;
      }
    }
    return values[values.length - 1];
  }

  static int pickIndex(double[] probabilities, double u) {
    double cumulative = 0;
    int last = 0;
    for (int k = 0; k < probabilities.length; k++) {
      if (probabilities[k] > 0) {
        last = k;
      }
      cumulative += probabilities[k];
      if (u < cumulative) {
        return k;
      }
    }
    return last;
  }

  private static int pickCumulative(double[] cdf, double u) {
    for (int k = 0; k < cdf.length; k++) {
      if (u < cdf[k]) {
        return k;
      }
    }
    return cdf.length - 1;
  }

  private static double[] ageCdf() {
    double[] cdf = new double[DemoModel.MAX_AGE - DemoModel.MIN_AGE + 1];
    double cumulative = 0;
    for (int age = DemoModel.MIN_AGE; age <= DemoModel.MAX_AGE; age++) {
      cumulative += DemoModel.ageProbability(age);
      cdf[age - DemoModel.MIN_AGE] = cumulative;
    }
    return cdf;
  }
}
