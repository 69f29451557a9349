package org.flowimpute.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.bundle.CategoricalTarget;
import org.flowimpute.bundle.Manifest;
import org.flowimpute.bundle.TargetSpec;
import org.flowimpute.encode.ConditionEncoder;
import org.flowimpute.infer.BatchImputer;
import org.flowimpute.infer.ImputedBatch;
import org.flowimpute.infer.InferenceOptions;

/**
 * Repeated imputations of the same records by a model bundle, for CRPS: draw d is exactly what
 * {@code flowimpute generate --seed (seed + d)} writes for these rows with their targets missing
 * (noise keyed by the 1-based row number), through core's local ONNX Runtime imputer. Every target
 * is drawn, also by a model trained with {@code --missing-targets}, which in {@code generate} keeps
 * the targets a row has: kept real values would score a perfect CRPS. A household-aware model gets
 * the household features that {@code generate} computes, from all records ({@link
 * org.flowimpute.household.HouseholdContext#addFeaturesToAll}).
 */
public final class ModelDraws {

  /** Rows encoded and imputed per call. */
  static final int CHUNK = 4096;

  private ModelDraws() {}

  /**
   * {@code draws} imputations of {@code targets} for {@code records}: {@code [draw][row][k]}.
   * Records of a household-aware model need its household id field (errors name "row N").
   *
   * @throws IllegalArgumentException when a target is not a numeric target of the model
   */
  public static double[][][] of(
      Manifest manifest,
      Supplier<byte[]> onnx,
      List<GenericRecord> records,
      List<String> targets,
      int draws,
      long seed) {
    return of(manifest, onnx, records, row -> "row " + (row + 1), targets, draws, seed);
  }

  /**
   * As {@link #of(Manifest, Supplier, List, List, int, long)}, with errors naming a record by
   * {@code rowName} (0-based index to a name such as {@code part-2.csv row 3}).
   */
  public static double[][][] of(
      Manifest manifest,
      Supplier<byte[]> onnx,
      List<GenericRecord> records,
      IntFunction<String> rowName,
      List<String> targets,
      int draws,
      long seed) {
    if (draws < 1) {
      throw new IllegalArgumentException("--draws must be >= 1, got " + draws);
    }
    int[] index = targetIndexes(manifest, targets);
    List<? extends GenericRecord> conditions =
        manifest.household().isPresent() ? manifest.household().addFeaturesToAll(records) : records;
    ConditionEncoder encoder = ConditionEncoder.of(manifest);
    int width = encoder.width();
    int rows = conditions.size();
    double[][][] out = new double[draws][rows][targets.size()];
    InferenceOptions options = InferenceOptions.defaults().withIntraOpThreads(1);
    try (BatchImputer imputer = BatchImputer.open(manifest, onnx, options)) {
      for (int from = 0; from < rows; from += CHUNK) {
        int count = Math.min(CHUNK, rows - from);
        float[] contexts = new float[count * width];
        List<String> keys = new ArrayList<>(count);
        for (int r = 0; r < count; r++) {
          encoder.encode(conditions.get(from + r), rowName.apply(from + r), contexts, r * width);
          keys.add(Long.toString(from + r + 1L));
        }
        for (int d = 0; d < draws; d++) {
          ImputedBatch batch = imputer.impute(contexts, keys, seed + d);
          for (int r = 0; r < count; r++) {
            for (int t = 0; t < index.length; t++) {
              out[d][from + r][t] = batch.value(r, index[t]);
            }
          }
        }
      }
    }
    return out;
  }

  private static int[] targetIndexes(Manifest manifest, List<String> targets) {
    List<String> names = manifest.targets().stream().map(TargetSpec::name).toList();
    int[] index = new int[targets.size()];
    for (int t = 0; t < targets.size(); t++) {
      index[t] = names.indexOf(targets.get(t));
      if (index[t] < 0) {
        throw new IllegalArgumentException(
            "target '"
                + targets.get(t)
                + "' is not a target of model "
                + manifest.modelId()
                + " (its targets: "
                + names
                + ")");
      }
      if (manifest.targets().get(index[t]) instanceof CategoricalTarget) {
        throw new IllegalArgumentException(
            "target '" + targets.get(t) + "' is categorical; CRPS needs numeric targets");
      }
    }
    return index;
  }
}
