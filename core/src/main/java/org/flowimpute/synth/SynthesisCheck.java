package org.flowimpute.synth;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.flowimpute.bundle.BundleException;
import org.flowimpute.bundle.CategoricalCondition;
import org.flowimpute.bundle.ConditionSpec;
import org.flowimpute.bundle.Manifest;
import org.flowimpute.bundle.NumericCondition;

/**
 * Checks the values of a parsed {@code synthesis.json} against its bundle's manifest, so that a
 * damaged or hand-edited file is refused when the bundle is read, naming the file, the item and
 * what was expected, instead of drawing records the model refuses ("s38: field 'region': unknown
 * category 'atlantis'") or numbers from a negative weight or share. {@link ConditionSynthesis}'s
 * constructor has checked the sizes.
 */
final class SynthesisCheck {

  /** How far shares and probabilities may sum from 1 (rounding). */
  static final double SUM_TOLERANCE = 1e-6;

  /** Relative rounding allowed in quantile order and in the copula's entries. */
  private static final double ROUNDING = 1e-9;

  private final String where;
  private final ConditionSynthesis synthesis;

  private SynthesisCheck(String where, ConditionSynthesis synthesis) {
    this.where = where;
    this.synthesis = synthesis;
  }

  /**
   * Throws naming {@code where} (the bundle's synthesis.json), the item and what was expected when
   * {@code synthesis} does not fit {@code manifest} or holds impossible values.
   */
  static void check(String where, Manifest manifest, ConditionSynthesis synthesis)
      throws BundleException {
    SynthesisCheck check = new SynthesisCheck(where, synthesis);
    check.scalars();
    Map<String, CategoricalCondition> categorical = check.conditions(manifest);
    check.marginals();
    check.cells(categorical);
    check.copula();
  }

  private void scalars() throws BundleException {
    if (!(synthesis.totalWeight() > 0) || Double.isInfinite(synthesis.totalWeight())) {
      fail("field 'total_weight' is " + synthesis.totalWeight() + ", expected a finite number > 0");
    }
    if (synthesis.minCellRows() < 1) {
      fail("field 'min_cell_rows' is " + synthesis.minCellRows() + ", expected at least 1");
    }
    if (synthesis.quantileLevels() < 1) {
      fail("field 'quantile_levels' is " + synthesis.quantileLevels() + ", expected at least 1");
    }
    if (synthesis.releaseVersion() < 1
        || synthesis.releaseVersion() > ConditionSynthesis.RELEASE_VERSION) {
      fail(
          "field 'release_version' is "
              + synthesis.releaseVersion()
              + ", expected 1 to "
              + ConditionSynthesis.RELEASE_VERSION
              + " (a newer flowimpute wrote it)");
    }
    if (synthesis.suppressedCells() < 0) {
      fail("field 'suppressed_cells' is " + synthesis.suppressedCells() + ", expected at least 0");
    }
  }

  /**
   * Checks that the file's categorical and numeric conditions are exactly the manifest's, each of
   * its kind; returns the manifest's categorical conditions by name.
   */
  private Map<String, CategoricalCondition> conditions(Manifest manifest) throws BundleException {
    Map<String, CategoricalCondition> categorical = new LinkedHashMap<>();
    Set<String> numeric = new HashSet<>();
    for (ConditionSpec condition : manifest.conditions()) {
      if (condition instanceof CategoricalCondition c) {
        categorical.put(c.name(), c);
      } else if (condition instanceof NumericCondition n) {
        numeric.add(n.name());
      }
    }
    Set<String> seen = new HashSet<>();
    for (String name : synthesis.categorical()) {
      if (!seen.add(name)) {
        fail("categorical condition '" + name + "' is listed twice, expected once");
      }
      if (!categorical.containsKey(name)) {
        fail(
            "categorical condition '"
                + name
                + "' is not a categorical condition of the manifest, expected one of "
                + categorical.keySet());
      }
    }
    for (ConditionSynthesis.NumericMarginal marginal : synthesis.numeric()) {
      if (!seen.add(marginal.name())) {
        fail("numeric condition '" + marginal.name() + "' is listed twice, expected once");
      }
      if (!numeric.contains(marginal.name())) {
        fail(
            "numeric condition '"
                + marginal.name()
                + "' is not a numeric condition of the manifest, expected one of "
                + manifest.conditions().stream()
                    .filter(NumericCondition.class::isInstance)
                    .map(ConditionSpec::name)
                    .toList());
      }
    }
    for (ConditionSpec condition : manifest.conditions()) {
      if (!seen.contains(condition.name())) {
        fail(
            "the manifest's "
                + (condition instanceof CategoricalCondition ? "categorical" : "numeric")
                + " condition '"
                + condition.name()
                + "' is missing, expected every condition of the model");
      }
    }
    return categorical;
  }

  private void marginals() throws BundleException {
    for (ConditionSynthesis.NumericMarginal marginal : synthesis.numeric()) {
      String item = "numeric condition '" + marginal.name() + "'";
      quantiles(item, marginal.quantiles());
      List<Double> values = marginal.values();
      for (int i = 0; i < values.size(); i++) {
        double value = values.get(i);
        if (!Double.isFinite(value) || value != Math.rint(value)) {
          fail(item + ": value " + value + " at position " + (i + 1) + ", expected an integer");
        }
        if (i > 0 && value <= values.get(i - 1)) {
          fail(
              item
                  + ": value "
                  + value
                  + " after "
                  + values.get(i - 1)
                  + ", expected the values in ascending order, each once");
        }
      }
    }
  }

  private void cells(Map<String, CategoricalCondition> manifest) throws BundleException {
    Set<List<String>> seen = new HashSet<>();
    double sum = 0;
    for (ConditionSynthesis.Cell cell : synthesis.cells()) {
      String item = "cell " + cell.categories();
      if (!seen.add(cell.categories())) {
        fail(item + " is listed twice, expected each cell once");
      }
      for (int k = 0; k < synthesis.categorical().size(); k++) {
        CategoricalCondition condition = manifest.get(synthesis.categorical().get(k));
        String category = cell.categories().get(k);
        if (!condition.categories().contains(category)) {
          fail(
              item
                  + ": "
                  + condition.name()
                  + " '"
                  + category
                  + "' is not a category of the manifest, expected one of "
                  + condition.categories());
        }
      }
      if (!(cell.share() >= 0) || Double.isInfinite(cell.share())) {
        fail(item + ": share " + cell.share() + ", expected a finite number >= 0");
      }
      sum += cell.share();
      for (int k = 0; k < synthesis.numeric().size(); k++) {
        ConditionSynthesis.NumericMarginal marginal = synthesis.numeric().get(k);
        String condition = item + ": '" + marginal.name() + "'";
        quantiles(condition, cell.quantiles().get(k));
        if (marginal.discrete()) {
          probabilities(condition, cell.probabilities().get(k));
        }
      }
    }
    requireSumOne("the cells' shares", sum);
  }

  private void quantiles(String item, List<Double> quantiles) throws BundleException {
    if (quantiles.size() != synthesis.quantileLevels()) {
      fail(
          item
              + " has "
              + quantiles.size()
              + " quantiles, expected "
              + synthesis.quantileLevels()
              + " (field 'quantile_levels')");
    }
    for (int j = 0; j < quantiles.size(); j++) {
      double value = quantiles.get(j);
      if (!Double.isFinite(value)) {
        fail(item + ": quantile " + (j + 1) + " is " + value + ", expected a finite number");
      }
      double previous = j == 0 ? value : quantiles.get(j - 1);
      if (value < previous - ROUNDING * Math.max(1, Math.abs(previous))) {
        fail(
            item
                + ": quantile "
                + (j + 1)
                + " is "
                + value
                + ", below quantile "
                + j
                + " ("
                + previous
                + "), expected non-decreasing quantiles");
      }
    }
  }

  private void probabilities(String item, List<Double> probabilities) throws BundleException {
    double sum = 0;
    for (int i = 0; i < probabilities.size(); i++) {
      double p = probabilities.get(i);
      if (!(p >= 0) || Double.isInfinite(p)) {
        fail(item + ": probability " + (i + 1) + " is " + p + ", expected a finite number >= 0");
      }
      sum += p;
    }
    requireSumOne(item + ": the probabilities", sum);
  }

  private void copula() throws BundleException {
    List<List<Double>> matrix = synthesis.copulaCorrelation();
    int n = matrix.size();
    for (int a = 0; a < n; a++) {
      String row = "field 'copula_correlation' row " + (a + 1);
      if (matrix.get(a).size() != n) {
        fail(row + " has " + matrix.get(a).size() + " entries, expected " + n);
      }
      for (int b = 0; b < n; b++) {
        double r = matrix.get(a).get(b);
        String entry = row + " entry " + (b + 1) + " is " + r;
        if (!(Math.abs(r) <= 1 + ROUNDING)) {
          fail(entry + ", expected a correlation in [-1, 1]");
        }
        if (a == b && Math.abs(r - 1) > ROUNDING) {
          fail(entry + ", expected 1 on the diagonal");
        }
        if (b < a && Math.abs(r - matrix.get(b).get(a)) > ROUNDING) {
          fail(entry + ", expected the symmetric entry's " + matrix.get(b).get(a));
        }
      }
    }
  }

  private void requireSumOne(String what, double sum) throws BundleException {
    if (!(Math.abs(sum - 1) <= SUM_TOLERANCE)) {
      fail(
          what
              + " sum to "
              + String.format(Locale.ROOT, "%.9g", sum)
              + ", expected 1 (within "
              + SUM_TOLERANCE
              + ")");
    }
  }

  private void fail(String problem) throws BundleException {
    throw new BundleException(where + ": " + problem);
  }
}
