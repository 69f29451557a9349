package org.flowimpute.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.bundle.ModelBundle;
import org.flowimpute.evaluation.DistanceToClosestRecord;
import org.flowimpute.household.HouseholdContext;
import org.flowimpute.infer.InferenceOptions;
import org.flowimpute.infer.RecordImputer;
import org.flowimpute.synth.ConditionSampler;
import org.flowimpute.synth.ConditionSynthesis;
import org.flowimpute.table.TableReader;
import org.flowimpute.table.Tables;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code flowimpute synthesize}: a fully synthetic population from a bundle trained with {@code
 * --synthesis}: condition records drawn from the bundle's {@code synthesis.json} (cell shares with
 * small cells suppressed, numeric quantiles and copula; no training record), then targets generated
 * by the model as {@code generate} does. Deterministic per seed; record i has the id {@code s<i>}
 * and the weight total training weight / n. With {@code --real}, reports the distance to closest
 * record ({@link DistanceToClosestRecord}) of the synthetic records against the real ones, beside
 * the same distance of held-out real records.
 */
@Command(
    name = "synthesize",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Draw a synthetic population (conditions from the bundle's synthesis.json, targets from the"
            + " model).")
public final class SynthesizeCommand implements Callable<Integer> {

  /** Records drawn and imputed per chunk. */
  static final int CHUNK = 4096;

  @Mixin VerboseOption verbose;

  @Spec CommandSpec spec;

  @Option(
      names = "--model",
      required = true,
      description = "Model bundle trained with --synthesis.")
  Path model;

  @Option(names = "--n", required = true, description = "Number of synthetic records.")
  long rows;

  @Option(names = "--out", required = true, description = "Output table (.csv/.avro/.parquet).")
  Path out;

  @Option(
      names = "--seed",
      defaultValue = "0",
      description = "Global seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--real",
      description =
          "Real records (e.g. the training data) to report the distance to closest record (DCR)"
              + " against: a seeded 20 %% of them is held out as the baseline.")
  Path real;

  /** Synthetic records the DCR is computed for (the first ones). */
  static final int DCR_ROWS = 10_000;

  /** Share of the real records held out as the DCR baseline. */
  static final double DCR_HOLDOUT = 0.2;

  @Override
  public Integer call() throws Exception {
    OutputFile.check("--out", out);
    if (rows < 1) {
      throw new IllegalArgumentException("--n must be >= 1, got " + rows);
    }
    ModelBundle bundle = ModelBundle.load(model);
    refuseHouseholdModel(bundle);
    byte[] json =
        bundle
            .file(ConditionSynthesis.FILE)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        model
                            + " has no "
                            + ConditionSynthesis.FILE
                            + "; retrain with `flowimpute train --synthesis`"));
    ConditionSynthesis synthesis =
        ConditionSynthesis.fromBytes(model + "/" + ConditionSynthesis.FILE, json);
    Object weightSetting = bundle.manifest().training().settings().get("weight");
    String weightField =
        weightSetting == null || weightSetting.toString().isEmpty()
            ? "weight"
            : weightSetting.toString();
    ConditionSampler sampler =
        ConditionSampler.of(synthesis, bundle.manifest().modelId(), weightField);
    long started = System.nanoTime();
    RecordFeatures features = RecordFeatures.of(synthesis, bundle.manifest().targets());
    RealPoints realPoints = real == null ? null : readReal(features);
    List<double[]> synthetic = new ArrayList<>();
    try (RecordImputer imputer = RecordImputer.open(bundle, InferenceOptions.defaults())) {
      Schema output = imputer.outputSchema(sampler.schema());
      PartialFile.writeTable(
          out,
          output,
          writer -> {
            for (long from = 0; from < rows; from += CHUNK) {
              int count = (int) Math.min(CHUNK, rows - from);
              List<GenericRecord> conditions = sampler.draw(seed, from, count, rows);
              List<String> keys =
                  conditions.stream().map(r -> r.get(ConditionSampler.ID).toString()).toList();
              for (GenericRecord record : imputer.impute(conditions, keys, keys, seed, output)) {
                writer.write(record);
                if (real != null && synthetic.size() < DCR_ROWS) {
                  synthetic.add(features.of(record, record.get(ConditionSampler.ID).toString()));
                }
              }
            }
          });
    }
    PrintWriter printer = spec.commandLine().getOut();
    printer.printf(
        Locale.ROOT,
        "%d synthetic records written to %s (%.1f s); %d condition cells released (k = %d),"
            + " %d suppressed holding %.2f %% of the training weight%n",
        rows,
        out,
        (System.nanoTime() - started) / 1e9,
        synthesis.cells().size(),
        synthesis.minCellRows(),
        synthesis.suppressedCells(),
        100 * synthesis.suppressedWeightShare());
    if (realPoints != null) {
      printDcr(printer, realPoints, synthetic);
    }
    printer.flush();
    return ExitCodes.OK;
  }

  /**
   * A household-aware bundle ({@code train --household-id}) conditions on household features (size,
   * adults, children) that {@code synthesis.json} summarizes like any numeric condition, drawn per
   * person independently of each other and of the person's own age: the draws make impossible
   * households (adults + children different from the size, a minor in a household without children)
   * and no household ids to group members by, so synthesis refuses them.
   */
  private void refuseHouseholdModel(ModelBundle bundle) {
    HouseholdContext household = bundle.manifest().household();
    if (household.isPresent()) {
      throw new IllegalArgumentException(
          model
              + " is a household-aware model (trained with --household-id; conditions "
              + String.join(", ", household.featureNames())
              + "): synthesize draws each person's conditions independently, which cannot give"
              + " consistent households; use a person-level bundle (train without"
              + " --household-id)");
    }
  }

  /** The real records' features, split into the DCR index and the held-out comparison. */
  private record RealPoints(List<double[]> index, List<double[]> holdout) {}

  /**
   * Reads {@code --real} before anything is generated, so that a file that cannot serve
   * (unreadable, without the targets, too small) fails the command before it writes its output.
   */
  private RealPoints readReal(RecordFeatures features) throws java.io.IOException {
    List<double[]> index = new ArrayList<>();
    List<double[]> holdout = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(seed);
    try (TableReader reader = Tables.reader(real)) {
      long row = 0;
      while (reader.hasNext()) {
        GenericRecord record = reader.next();
        row++;
        double[] point = features.of(record, real + " row " + row);
        (random.nextDouble() < DCR_HOLDOUT ? holdout : index).add(point);
      }
    }
    if (index.isEmpty() || holdout.isEmpty()) {
      throw new IllegalArgumentException(real + ": too few records for a DCR baseline");
    }
    return new RealPoints(index, holdout);
  }

  private void printDcr(PrintWriter printer, RealPoints realPoints, List<double[]> synthetic) {
    List<double[]> index = realPoints.index();
    List<double[]> holdout = realPoints.holdout();
    DistanceToClosestRecord.Result dcr =
        DistanceToClosestRecord.over(index.toArray(double[][]::new))
            .compare(synthetic.toArray(double[][]::new), holdout.toArray(double[][]::new));
    printer.printf(
        Locale.ROOT,
        "DCR to %d real records: synthetic (%d) mean %.4f median %.4f exact %.4f; held-out real"
            + " (%d) mean %.4f median %.4f exact %.4f; ratio %.3f (about 1: no closer than new"
            + " real data)%n",
        index.size(),
        synthetic.size(),
        dcr.meanSynthetic(),
        dcr.medianSynthetic(),
        dcr.exactMatchShareSynthetic(),
        holdout.size(),
        dcr.meanHoldout(),
        dcr.medianHoldout(),
        dcr.exactMatchShareHoldout(),
        dcr.ratio());
  }
}
