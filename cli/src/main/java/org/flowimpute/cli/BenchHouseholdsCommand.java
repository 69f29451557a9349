package org.flowimpute.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.flowimpute.training.bench.HouseholdFidelity;
import org.flowimpute.training.fit.TrainingSettings;
import org.flowimpute.training.model.Architecture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code flowimpute bench households}: trains a household-aware model and, as the baseline in the
 * same run, a person-level model on the household demo, and prints per (role, children) cell P(&gt;
 * 0) and E[x | x &gt; 0] against the known truth with the worst gaps next to the tolerances
 * (0.02, 5 %).
 */
@Command(
    name = "households",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Household-aware vs person-level model on the household demo, against its known truth.")
public final class BenchHouseholdsCommand implements Callable<Integer> {

  /** The tolerance on P(x &gt; 0 | cell). */
  private static final double SHARE_TOLERANCE = 0.02;

  /** The relative tolerance on E[x | x &gt; 0, cell]. */
  private static final double MEAN_TOLERANCE = 0.05;

  /** Standard errors per tolerance: two-sided 1 % over 12 cells (Bonferroni). */
  private static final double SAMPLING_Z = 3.34;

  @Mixin VerboseOption verbose;

  @Spec CommandSpec spec;

  @Option(
      names = "--train-households",
      defaultValue = "92000",
      description =
          "Training households (default ${DEFAULT-VALUE}: enough that every cell's sampling"
              + " standard error is at most 0.02 / 3.34, see docs/training.md).")
  int trainHouseholds;

  @Option(
      names = "--test-households",
      defaultValue = "60000",
      description =
          "Evaluation households (default ${DEFAULT-VALUE}: enough that every cell's Monte Carlo"
              + " standard error of E[x|x>0] is at most 5 %% / 3.34, see docs/training.md).")
  int testHouseholds;

  @Option(
      names = "--epochs",
      defaultValue = "40",
      description = "Epochs (default ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--no-baseline", description = "Skip the person-level baseline model.")
  boolean noBaseline;

  @Override
  public Integer call() {
    OptionRanges.requireAtLeast(spec, "--train-households", trainHouseholds, 1);
    OptionRanges.requireAtLeast(spec, "--test-households", testHouseholds, 1);
    OptionRanges.requireAtLeast(spec, "--epochs", epochs, 1);
    PrintWriter out = spec.commandLine().getOut();
    TrainingSettings settings =
        TrainingSettings.defaults()
            .withEpochs(epochs)
            .withPatience(8)
            .withBatchSize(512)
            .withLearningRate(3e-3f);
    HouseholdFidelity.Result household =
        report(
            out, "household-aware model (conditions: role + household features)", settings, true);
    boolean checked = !household.cells().isEmpty();
    if (!noBaseline) {
      HouseholdFidelity.Result person =
          report(out, "baseline: person-level model (conditions: role)", settings, false);
      checked &= !person.cells().isEmpty();
      if (checked) {
        out.println(compareWorstShareGaps(household.worstShareGap(), person.worstShareGap()));
      }
    }
    out.flush();
    if (!checked) {
      spec.commandLine()
          .getErr()
          .println(
              "bench households checked nothing: no cell had enough rows (raise"
                  + " --test-households)");
      return ExitCodes.FAILURE;
    }
    return ExitCodes.OK;
  }

  /**
   * The line comparing the two models' worst P(&gt;0) gaps, the ratio worded by which one is
   * smaller: "(0.9x smaller)" was printed for a household-aware model whose gap was the larger.
   */
  static String compareWorstShareGaps(double household, double person) {
    String comparison;
    if (household == person) {
      comparison = "equal";
    } else if (household == 0) {
      comparison = "the household-aware model has none";
    } else if (person == 0) {
      comparison = "the person-level model has none";
    } else if (household < person) {
      comparison = String.format(Locale.ROOT, "household-aware %.1fx smaller", person / household);
    } else {
      comparison = String.format(Locale.ROOT, "household-aware %.1fx larger", household / person);
    }
    return String.format(
        Locale.ROOT,
        "worst P(>0) gap: household-aware %.4f vs person-level %.4f (%s)",
        household,
        person,
        comparison);
  }

  private HouseholdFidelity.Result report(
      PrintWriter out, String title, TrainingSettings settings, boolean householdAware) {
    HouseholdFidelity.Result result =
        HouseholdFidelity.measure(
            trainHouseholds, testHouseholds, settings, Architecture.defaults(), householdAware);
    print(out, title, result);
    out.flush();
    return result;
  }

  /**
   * Prints a model's cells and its worst gaps against the tolerances; a model with no cell of
   * enough rows is reported as checked on nothing, not as meeting the tolerances: "worst P(>0) gap
   * 0.0000 (tolerance 0.02: met)" was printed when every cell had been skipped.
   */
  static void print(PrintWriter out, String title, HouseholdFidelity.Result result) {
    out.println(title + String.format(Locale.ROOT, ", trained in %.1f s:", result.seconds()));
    if (result.cells().isEmpty()) {
      out.printf(
          Locale.ROOT,
          "  no cell had enough rows (0 checked; a cell needs at least %d test persons and %d"
              + " positive imputed values): nothing was compared with the tolerances; raise"
              + " --test-households%n",
          HouseholdFidelity.MIN_CELL_ROWS,
          HouseholdFidelity.MIN_CELL_POSITIVES);
      return;
    }
    result.cells().forEach(cell -> out.println("  " + cell.describe()));
    out.printf(
        Locale.ROOT,
        "  %d cells checked: worst P(>0) gap %.4f (tolerance 0.02: %s), worst relative E[x|x>0]"
            + " gap %.4f (tolerance 0.05: %s)%n",
        result.cells().size(),
        result.worstShareGap(),
        result.worstShareGap() <= SHARE_TOLERANCE ? "met" : "NOT met",
        result.worstMeanGap(),
        result.worstMeanGap() <= MEAN_TOLERANCE ? "met" : "NOT met");
    out.printf(
        Locale.ROOT,
        "  check's sampling noise: worst cell standard error %.4f of the training sample's share"
            + " (tolerance / SE = %.1f; %d training households give SE <= 0.02 / %.2f);"
            + " worst model vs training-sample gap %.4f%n",
        result.worstSampleStandardError(),
        SHARE_TOLERANCE / result.worstSampleStandardError(),
        result.requiredHouseholds(SHARE_TOLERANCE, SAMPLING_Z),
        SAMPLING_Z,
        result.worstModelVsSampleGap());
    out.printf(
        Locale.ROOT,
        "  mean check's Monte Carlo noise: worst cell standard error %.1f %% of E[x|x>0]"
            + " (%d test households give SE <= 5 %% / %.2f)%n",
        100 * result.worstMeanStandardError(),
        result.requiredTestHouseholds(MEAN_TOLERANCE, SAMPLING_Z),
        SAMPLING_Z);
  }
}
