package org.flowimpute.demo;

import java.util.function.Function;

/** Standard ways to group demo persons into cells for {@link DemoTruth#byCell}. */
public final class DemoCells {
  /** Cells like {@code employed/female}. */
  public static final Function<Demographics, String> EMPLOYMENT_BY_SEX =
      d -> d.employment().label() + "/" + d.sex().label();

  /** Cells like {@code capital}. */
  public static final Function<Demographics, String> REGION = d -> d.region().label();

  /** Cells by age band: {@code 16-24}, {@code 25-44}, {@code 45-64}, {@code 65+}. */
  public static final Function<Demographics, String> AGE_BAND =
      d -> d.age() < 25 ? "16-24" : d.age() < 45 ? "25-44" : d.age() < 65 ? "45-64" : "65+";

  /** One cell with everybody: {@code all}. */
  public static final Function<Demographics, String> ALL = d -> "all";

  private DemoCells() {}
}
