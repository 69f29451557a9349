package org.flowimpute.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.bundle.ModelBundle;
import org.flowimpute.infer.InferenceOptions;
import org.flowimpute.infer.RecordImputer;
import org.flowimpute.synth.ConditionSampler;
import org.flowimpute.synth.ConditionSynthesis;
import org.flowimpute.table.TableWriter;
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
 * and the weight total training weight / n.
 */
@Command(
    name = "synthesize",
    mixinStandardHelpOptions = true,
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

  @Override
  public Integer call() throws Exception {
    if (rows < 1) {
      throw new IllegalArgumentException("--n must be >= 1, got " + rows);
    }
    ModelBundle bundle = ModelBundle.load(model);
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
    try (RecordImputer imputer = RecordImputer.open(bundle, InferenceOptions.defaults())) {
      Schema output = imputer.outputSchema(sampler.schema());
      try (TableWriter writer = Tables.writer(out, output)) {
        for (long from = 0; from < rows; from += CHUNK) {
          int count = (int) Math.min(CHUNK, rows - from);
          List<GenericRecord> conditions = sampler.draw(seed, from, count, rows);
          List<String> keys =
              conditions.stream().map(r -> r.get(ConditionSampler.ID).toString()).toList();
          for (GenericRecord record : imputer.impute(conditions, keys, keys, seed, output)) {
            writer.write(record);
          }
        }
      }
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
    printer.flush();
    return ExitCodes.OK;
  }
}
