package org.flowimpute.synth;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import org.flowimpute.bundle.BundleException;
import org.flowimpute.bundle.ModelBundle;

/**
 * What {@code flowimpute synthesize} needs to draw condition records like the training population's
 * without holding any training record: the bundle file {@code synthesis.json} (optional, format
 * 1.1; value tables since 1.3), written by {@code train --synthesis}.
 *
 * <p>Categorical conditions: the weighted share of every cell (combination of categorical values)
 * seen in at least {@code minCellRows} training rows; smaller cells are suppressed and their weight
 * is spread proportionally over the kept cells (k-anonymity of the released cells; only their
 * number is stored, not their weight). Numeric conditions: per cell, {@code quantileLevels}
 * weighted quantiles at the mid levels (j + 0.5) / Q of its group's values winsorized at the
 * group's K-th smallest and K-th largest values, no row weighing more than 1 / Q of the group
 * ({@link ReleasedQuantiles}), for cells with at least {@code cellQuantileMinRows} rows; other
 * cells use the quantiles of a coarser group. Their dependence is a Gaussian copula with the
 * weighted correlation of normal scores over all rows. Integer-valued numeric conditions are
 * rounded when drawn. Discrete numeric conditions (integers, at most 20 distinct values) are drawn
 * from value tables instead: the values seen in at least {@code minCellRows} rows and, per cell,
 * the weighted share of each, from the same rows as its quantiles (the quantiles are still written,
 * for readers before format 1.3). See docs/synthesis.md for the privacy trade-off.
 *
 * @param minCellRows k: cells with fewer training rows are suppressed
 * @param releaseVersion {@link #RELEASE_VERSION} since 2026-12-03; 1 for files written before,
 *     whose quantiles could give away values of fewer than K rows and which stored the suppressed
 *     cells' weight share (read, not written)
 * @param cellQuantileMinRows numeric quantiles come from groups of at least this many rows
 * @param quantileLevels Q, number of quantiles per numeric condition
 * @param totalWeight the training rows' total weight (a synthetic record of N represents total/N)
 * @param suppressedCells number of suppressed cells
 * @param categorical categorical condition names, in the order of {@link Cell#categories()}
 * @param numeric numeric conditions with their quantiles over all rows
 * @param cells the kept cells
 * @param copulaCorrelation correlation matrix of the numeric conditions' normal scores
 */
public record ConditionSynthesis(
    int minCellRows,
    int releaseVersion,
    int cellQuantileMinRows,
    int quantileLevels,
    double totalWeight,
    int suppressedCells,
    List<String> categorical,
    List<NumericMarginal> numeric,
    List<Cell> cells,
    List<List<Double>> copulaCorrelation) {

  /** The bundle file holding this. */
  public static final String FILE = "synthesis.json";

  /**
   * The release rules this code writes: 2 since 2026-12-03 (quantiles within K rows of each end, no
   * suppressed weight share); files without {@code release_version} read as 1.
   */
  public static final int RELEASE_VERSION = 2;

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
          .build();

  /**
   * Checks sizes: at least one cell, one category per categorical condition in each cell, per
   * numeric condition a quantile list and a probability list (one per released value) in each cell,
   * and a copula of one row per numeric condition. Values are checked, against the bundle's
   * manifest, by {@link #read}.
   */
  public ConditionSynthesis {
    categorical = List.copyOf(categorical);
    numeric = List.copyOf(numeric);
    cells = List.copyOf(cells);
    copulaCorrelation = copulaCorrelation.stream().map(List::copyOf).toList();
    if (cells.isEmpty()) {
      throw new IllegalArgumentException("field 'cells' is empty, expected at least one cell");
    }
    List<String> numericNames = numeric.stream().map(NumericMarginal::name).toList();
    for (Cell cell : cells) {
      String item = "cell " + cell.categories();
      requireSize(
          item,
          cell.categories().size(),
          categorical.size(),
          "categories",
          "one per categorical condition " + categorical);
      requireSize(
          item,
          cell.quantiles().size(),
          numeric.size(),
          "quantile lists",
          "one per numeric condition " + numericNames);
      requireSize(
          item,
          cell.probabilities().size(),
          numeric.size(),
          "probability lists",
          "one per numeric condition " + numericNames);
      for (int k = 0; k < numeric.size(); k++) {
        requireSize(
            item + ": '" + numeric.get(k).name() + "'",
            cell.probabilities().get(k).size(),
            numeric.get(k).values().size(),
            "probabilities",
            "one per value of its 'values'");
      }
    }
    requireSize(
        "field 'copula_correlation'",
        copulaCorrelation.size(),
        numeric.size(),
        "rows",
        "one per numeric condition " + numericNames);
  }

  /**
   * Throws "ITEM has SIZE WHAT, expected EXPECTED, PER" unless {@code size} is {@code expected}.
   */
  private static void requireSize(String item, int size, int expected, String what, String per) {
    if (size != expected) {
      throw new IllegalArgumentException(
          item + " has " + size + " " + what + ", expected " + expected + ", " + per);
    }
  }

  /**
   * A numeric condition: whether it is integer-valued, its quantiles over all rows, and the values
   * it is drawn from if it is discrete (ascending; empty for a continuous condition).
   */
  public record NumericMarginal(
      String name, boolean integer, List<Double> quantiles, List<Double> values) {
    public NumericMarginal {
      quantiles = List.copyOf(quantiles);
      values = List.copyOf(values);
      if (!values.isEmpty() && !integer) {
        throw new IllegalArgumentException("discrete condition " + name + " must be integer");
      }
    }

    /** Whether it is drawn from value tables (else from quantiles). */
    public boolean discrete() {
      return !values.isEmpty();
    }
  }

  /**
   * A kept cell: its categorical values, its share of the released weight, and per numeric
   * condition the quantiles and, for a discrete one, the probabilities of its values (empty for a
   * continuous one) it draws from (its own or its quantile group's).
   */
  public record Cell(
      List<String> categories,
      double share,
      List<List<Double>> quantiles,
      List<List<Double>> probabilities) {
    public Cell {
      categories = List.copyOf(categories);
      quantiles = quantiles.stream().map(List::copyOf).toList();
      probabilities = probabilities.stream().map(List::copyOf).toList();
    }
  }

  /** Whether this was written under the release rules before {@link #RELEASE_VERSION}. */
  public boolean releasesRareValues() {
    return releaseVersion < RELEASE_VERSION;
  }

  /** The JSON bytes of {@code synthesis.json}. */
  public byte[] toBytes() {
    try {
      return MAPPER.writeValueAsBytes(this);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + FILE, e);
    }
  }

  /**
   * The verified {@code synthesis.json} of {@code bundle}: parsed as {@link #fromBytes} does and
   * checked against the bundle's manifest ({@link SynthesisCheck}); empty if the bundle has none.
   *
   * @throws BundleException naming the bundle's synthesis.json, the item (cell, condition) and what
   *     was expected, if the file is invalid
   */
  public static Optional<ConditionSynthesis> read(ModelBundle bundle) throws BundleException {
    Optional<byte[]> json = bundle.file(FILE);
    if (json.isEmpty()) {
      return Optional.empty();
    }
    String where = bundle.where(FILE);
    ConditionSynthesis synthesis = fromBytes(where, json.get());
    SynthesisCheck.check(where, bundle.manifest(), synthesis);
    return Optional.of(synthesis);
  }

  /**
   * Parses {@code synthesis.json}. A file written before format 1.3 has no value tables: it is
   * refused if it has integer numeric conditions (drawn from its quantiles, their values would come
   * out with distorted shares) and read as one whose numeric conditions are all continuous if not.
   */
  public static ConditionSynthesis fromBytes(String source, byte[] json) throws BundleException {
    try {
      JsonNode tree = MAPPER.readTree(json);
      if (tree instanceof ObjectNode object) {
        LegacySynthesis.upgrade(source, object);
      }
      return MAPPER.treeToValue(tree, ConditionSynthesis.class);
    } catch (BundleException e) {
      throw e;
    } catch (ValueInstantiationException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new BundleException(source + ": " + cause.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new BundleException(source + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new BundleException(source + ": invalid " + FILE + ": " + e.getMessage(), e);
    }
  }
}
