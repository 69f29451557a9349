package org.flowimpute.demo;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Renders {@link DemoTruth} by cell as Markdown tables (zero probabilities, sign shares, means),
 * the tables of {@code docs/demo-population.md}; {@link #main} prints them so the page can be
 * regenerated whenever the model changes.
 */
public final class DemoTruthTables {
  private DemoTruthTables() {}

  /** Prints the tables for all persons, employment x sex, region and age band. */
  public static void main(String[] args) {
    System.out.print(markdown(DemoTruth.get()));
  }

  /** The tables for all persons, employment x sex, region and age band. */
  public static String markdown(DemoTruth truth) {
    StringBuilder out = new StringBuilder();
    section(out, truth, "All persons", DemoCells.ALL);
    section(out, truth, "By employment and sex", DemoCells.EMPLOYMENT_BY_SEX);
    section(out, truth, "By region", DemoCells.REGION);
    section(out, truth, "By age band", DemoCells.AGE_BAND);
    return out.toString();
  }

  private static void section(
      StringBuilder out, DemoTruth truth, String title, Function<Demographics, String> cellOf) {
    Map<String, CellTruth> cells = truth.byCell(cellOf);
    List<String> names = cells.keySet().stream().sorted().toList();
    out.append("#### ").append(title).append("\n\n");

    out.append("P(x = 0 | cell):\n\n| cell | share of persons |");
    for (DemoTarget target : DemoTarget.values()) {
      out.append(' ').append(target.fieldName()).append(" |");
    }
    out.append(" household_income |\n|---|---|");
    out.append("---|".repeat(DemoTarget.values().length + 1)).append('\n');
    for (String name : names) {
      CellTruth cell = cells.get(name);
      out.append("| ").append(name).append(" | ").append(probability(cell.share())).append(" |");
      for (DemoTarget target : DemoTarget.values()) {
        out.append(' ').append(probability(cell.gate(target).zero())).append(" |");
      }
      out.append(' ').append(probability(cell.householdIncomeZero())).append(" |\n");
    }

    out.append("\nSign shares P(x < 0), P(x = 0), P(x > 0) | cell of the three-state targets:\n\n");
    out.append("| cell |");
    for (DemoTarget target : DemoTarget.values()) {
      if (target.canBeNegative()) {
        out.append(' ').append(target.fieldName()).append(" − | 0 | + |");
      }
    }
    out.append("\n|---|---|---|---|---|---|---|\n");
    for (String name : names) {
      CellTruth cell = cells.get(name);
      out.append("| ").append(name).append(" |");
      for (DemoTarget target : DemoTarget.values()) {
        if (target.canBeNegative()) {
          GateProbabilities gate = cell.gate(target);
          out.append(' ')
              .append(probability(gate.negative()))
              .append(" | ")
              .append(probability(gate.zero()))
              .append(" | ")
              .append(probability(gate.positive()))
              .append(" |");
        }
      }
      out.append('\n');
    }

    out.append("\nE[x | cell]:\n\n| cell |");
    for (DemoTarget target : DemoTarget.values()) {
      out.append(' ').append(target.fieldName()).append(" |");
    }
    out.append(" household_income |\n|---|");
    out.append("---|".repeat(DemoTarget.values().length + 1)).append('\n');
    for (String name : names) {
      CellTruth cell = cells.get(name);
      out.append("| ").append(name).append(" |");
      for (DemoTarget target : DemoTarget.values()) {
        out.append(' ').append(amount(cell.mean(target))).append(" |");
      }
      out.append(' ').append(amount(cell.householdIncomeMean())).append(" |\n");
    }
    out.append('\n');
  }

  private static String probability(double value) {
    return String.format(Locale.ROOT, "%.4f", value);
  }

  private static String amount(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }
}
