package org.flowimpute.synth;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;
import org.flowimpute.noise.NoiseKey;
import org.flowimpute.noise.RecordNoise;

/**
 * Draws synthetic condition records from a {@link ConditionSynthesis}: a cell by its share, then
 * the numeric conditions through the Gaussian copula and the cell's (its quantile group's)
 * quantiles, or for a discrete condition its value table. Record i (1-based) has the id {@code
 * s<i>} and its draws come from the counter-based noise of (seed, model id, id), streams {@link
 * #CELL_STREAM} and {@link #COPULA_STREAM}, so the same seed gives the same records in any order or
 * batch (imputation uses streams 0 and 1 of the same key).
 */
public final class ConditionSampler {

  /** Noise stream of the cell draw. */
  public static final int CELL_STREAM = 2;

  /** Noise stream of the copula normals. */
  public static final int COPULA_STREAM = 3;

  /** Name of the id field of synthetic records. */
  public static final String ID = "id";

  private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);

  private final ConditionSynthesis synthesis;
  private final String modelId;
  private final String weightField;
  private final double[] cumulative;
  private final double[][] cholesky;
  private final Schema schema;
  private final double[] low;
  private final double[] high;

  private ConditionSampler(
      ConditionSynthesis synthesis,
      String modelId,
      String weightField,
      double[] low,
      double[] high) {
    this.synthesis = synthesis;
    this.modelId = modelId;
    this.weightField = weightField;
    this.low = low;
    this.high = high;
    this.cumulative = new double[synthesis.cells().size()];
    double sum = 0;
    for (int c = 0; c < cumulative.length; c++) {
      sum += synthesis.cells().get(c).share();
      cumulative[c] = sum;
    }
    this.cholesky = cholesky(synthesis.copulaCorrelation());
    SchemaBuilder.FieldAssembler<Schema> fields =
        SchemaBuilder.record("SyntheticConditions").namespace("org.flowimpute.synth").fields();
    fields = fields.requiredString(ID);
    for (String name : synthesis.categorical()) {
      fields = fields.requiredString(name);
    }
    for (ConditionSynthesis.NumericMarginal numeric : synthesis.numeric()) {
      fields =
          numeric.integer()
              ? fields.requiredLong(numeric.name())
              : fields.requiredDouble(numeric.name());
    }
    this.schema = fields.requiredDouble(weightField).endRecord();
  }

  /**
   * A sampler for a model's synthesis data.
   *
   * @param weightField name of the output weight field (each record represents total weight / n)
   */
  public static ConditionSampler of(
      ConditionSynthesis synthesis, String modelId, String weightField) {
    int numeric = synthesis.numeric().size();
    double[] low = new double[numeric];
    double[] high = new double[numeric];
    Arrays.fill(low, Double.NEGATIVE_INFINITY);
    Arrays.fill(high, Double.POSITIVE_INFINITY);
    return new ConditionSampler(synthesis, modelId, weightField, low, high);
  }

  /**
   * This sampler with the numeric conditions named in {@code ranges} ({@code [min, max]}, the
   * manifest's training ranges) kept within them. A {@code synthesis.json} of release version 2
   * never draws beyond a synthesis bundle's training range (its quantiles lie within the K-th
   * values the range is rounded outward from); one of version 1 drew its groups' raw extremes there
   * (ages of 93–100 beside a released range of 10..100 and a training maximum of 104, rents of
   * 3,333.33 beside 0..2000): they are drawn as the range's end instead.
   */
  public ConditionSampler withTrainingRanges(Map<String, List<Double>> ranges) {
    double[] lowered = low.clone();
    double[] raised = high.clone();
    for (int k = 0; k < synthesis.numeric().size(); k++) {
      List<Double> range = ranges.get(synthesis.numeric().get(k).name());
      if (range != null) {
        lowered[k] = range.get(0);
        raised[k] = range.get(1);
      }
    }
    return new ConditionSampler(synthesis, modelId, weightField, lowered, raised);
  }

  /** Schema of the drawn records: id, categorical, numeric conditions, weight. */
  public Schema schema() {
    return schema;
  }

  /**
   * Draws records {@code from + 1 .. from + count} of a synthetic population of {@code n}.
   *
   * @param seed global seed
   */
  public List<GenericRecord> draw(long seed, long from, int count, long n) {
    List<GenericRecord> out = new ArrayList<>(count);
    int dims = synthesis.numeric().size();
    double[] normals = new double[dims];
    double weight = synthesis.totalWeight() / n;
    for (long i = from + 1; i <= from + count; i++) {
      String id = "s" + i;
      RecordNoise noise = NoiseKey.of(seed, modelId, id).noise();
      ConditionSynthesis.Cell cell = cell(noise.uniform(CELL_STREAM, 0));
      GenericData.Record record = new GenericData.Record(schema);
      record.put(ID, id);
      for (int k = 0; k < synthesis.categorical().size(); k++) {
        record.put(synthesis.categorical().get(k), cell.categories().get(k));
      }
      noise.fillNormal(COPULA_STREAM, normals, 0, dims);
      for (int k = 0; k < dims; k++) {
        double z = 0;
        for (int m = 0; m <= k; m++) {
          z += cholesky[k][m] * normals[m];
        }
        ConditionSynthesis.NumericMarginal numeric = synthesis.numeric().get(k);
        double u = STANDARD_NORMAL.cumulativeProbability(z);
        double value =
            numeric.discrete()
                ? ValueTable.draw(numeric.values(), cell.probabilities().get(k), u)
                : quantile(cell.quantiles().get(k), u);
        value = Math.min(Math.max(value, low[k]), high[k]);
        record.put(numeric.name(), numeric.integer() ? (Object) Math.round(value) : value);
      }
      record.put(weightField, weight);
      out.add(record);
    }
    return out;
  }

  private ConditionSynthesis.Cell cell(double u) {
    double target = u * cumulative[cumulative.length - 1];
    int low = 0;
    int high = cumulative.length - 1;
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (cumulative[middle] <= target) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return synthesis.cells().get(low);
  }

  /** Linear interpolation between the quantiles at levels (j + 0.5) / Q, flat beyond the ends. */
  static double quantile(List<Double> quantiles, double u) {
    int levels = quantiles.size();
    double position = u * levels - 0.5;
    if (position <= 0) {
      return quantiles.get(0);
    }
    if (position >= levels - 1) {
      return quantiles.get(levels - 1);
    }
    int below = (int) Math.floor(position);
    double t = position - below;
    return quantiles.get(below) + t * (quantiles.get(below + 1) - quantiles.get(below));
  }

  /** Lower Cholesky factor of the correlation (a tiny ridge if it is only semi-definite). */
  private static double[][] cholesky(List<List<Double>> correlation) {
    int n = correlation.size();
    double[][] out = new double[n][n];
    if (n == 0) {
      return out;
    }
    for (double ridge : new double[] {0, 1e-9, 1e-6, 1e-3}) {
      DMatrixRMaj matrix = new DMatrixRMaj(n, n);
      for (int a = 0; a < n; a++) {
        for (int b = 0; b < n; b++) {
          matrix.set(a, b, correlation.get(a).get(b) + (a == b ? ridge : 0));
        }
      }
      CholeskyDecomposition_F64<DMatrixRMaj> decomposition =
          DecompositionFactory_DDRM.chol(n, true);
      if (decomposition.decompose(matrix)) {
        DMatrixRMaj lower = decomposition.getT(null);
        for (int a = 0; a < n; a++) {
          for (int b = 0; b <= a; b++) {
            out[a][b] = lower.get(a, b);
          }
        }
        return out;
      }
    }
    throw new IllegalArgumentException("copula correlation is not positive semi-definite");
  }
}
