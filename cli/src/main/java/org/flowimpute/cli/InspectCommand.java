package org.flowimpute.cli;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnxruntime.OrtEnvironment;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.flowimpute.bundle.CategoricalCondition;
import org.flowimpute.bundle.CategoricalTarget;
import org.flowimpute.bundle.ConditionSpec;
import org.flowimpute.bundle.ContinuousTarget;
import org.flowimpute.bundle.MagnitudeTransform;
import org.flowimpute.bundle.Manifest;
import org.flowimpute.bundle.ManifestJson;
import org.flowimpute.bundle.ModelBundle;
import org.flowimpute.bundle.NumericCondition;
import org.flowimpute.bundle.TargetSpec;
import org.flowimpute.bundle.TensorSpec;
import org.flowimpute.bundle.TrainingSummary;
import org.flowimpute.infer.BatchImputer;
import org.flowimpute.infer.InferenceOptions;
import org.flowimpute.synth.ConditionSynthesis;
import org.flowimpute.table.LevelSpelling;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code flowimpute inspect BUNDLE}: verifies a model bundle (format version, manifest, checksums,
 * that ONNX Runtime opens its graph and the graph is the manifest's, and a synthesis.json against
 * the manifest) and prints what the model expects and produces, so users can check a bundle before
 * running a pipeline with it. A bundle that fails verification exits with 1 and one line naming the
 * file.
 */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Verify a model bundle (directory or .zip), open its graph in ONNX Runtime and print its"
          + " manifest.",
      "Exits with 1 and names the file if the bundle is missing, corrupted or incompatible."
    })
public final class InspectCommand implements Callable<Integer> {

  private static final int MAX_LISTED_CATEGORIES = 12;

  @Mixin VerboseOption verbose;

  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "BUNDLE",
      description = "Bundle directory or .zip file.")
  Path bundle;

  @Option(
      names = "--model",
      paramLabel = "BUNDLE",
      description = "The bundle, named as the other commands name it (instead of the argument).")
  Path model;

  @Option(names = "--json", description = "Print the manifest as JSON instead of a summary.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    ModelBundle loaded = ModelBundle.load(bundlePath());
    String runtimeVersion = openGraph(loaded);
    requireManifestOpset(loaded);
    Optional<ConditionSynthesis> synthesis = ConditionSynthesis.read(loaded);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(ManifestJson.toJson(loaded.manifest()));
    } else {
      printSummary(out, loaded, synthesis);
      out.println(
          "graph: OK (opens in ONNX Runtime "
              + runtimeVersion
              + " on the CPU; its opset, inputs, outputs and model id match the manifest)");
      synthesis.ifPresent(
          s ->
              out.println(
                  "synthesis: OK (its conditions and categories are the manifest's, its shares,"
                      + " quantiles and copula are valid)"));
    }
    out.flush();
    return ExitCodes.OK;
  }

  /**
   * The bundle, given as the argument or with {@code --model} (as every other command takes it:
   * {@code inspect --model x.zip} was refused as an unknown option).
   */
  private Path bundlePath() {
    if (bundle != null && model != null) {
      throw new ParameterException(
          spec.commandLine(), "give the bundle once: as the argument or with --model, not both");
    }
    if (bundle == null && model == null) {
      throw new ParameterException(
          spec.commandLine(),
          "Missing required parameter: 'BUNDLE' (the bundle directory or .zip: flowimpute inspect"
              + " model.zip)");
    }
    return bundle != null ? bundle : model;
  }

  /**
   * Opens the bundle's graph in ONNX Runtime on the CPU as a job does and closes it again, so that
   * a model.onnx that does not load, or that does not belong to the manifest (another bundle's
   * graph with its checksum edited), fails here rather than when a pipeline opens it; returns ONNX
   * Runtime's version.
   */
  private static String openGraph(ModelBundle loaded) {
    try (BatchImputer imputer =
        BatchImputer.open(loaded.manifest(), loaded::modelBytes, InferenceOptions.defaults())) {
      return OrtEnvironment.getEnvironment().getVersion();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new IllegalArgumentException(loaded.location() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Refuses a graph whose default-domain opset is not the manifest's: inspect printed the
   * manifest's opset and passed any graph ONNX Runtime opened, though the operations guide says it
   * checks the opset.
   */
  private static void requireManifestOpset(ModelBundle loaded) {
    String where = loaded.where(ModelBundle.MODEL_FILE);
    ModelProto graph;
    try {
      graph = ModelProto.parseFrom(loaded.modelBytes());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException(where + ": not an ONNX model: " + e.getMessage(), e);
    }
    int manifestOpset = loaded.manifest().onnx().opset();
    Long graphOpset =
        graph.getOpsetImportList().stream()
            .filter(o -> o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx"))
            .map(OperatorSetIdProto::getVersion)
            .findFirst()
            .orElse(null);
    if (graphOpset == null) {
      throw new IllegalArgumentException(
          where
              + ": the graph imports no opset of the default ONNX domain, the manifest says "
              + manifestOpset);
    }
    if (graphOpset != manifestOpset) {
      throw new IllegalArgumentException(
          where
              + ": the graph imports ONNX opset "
              + graphOpset
              + ", the manifest says "
              + manifestOpset);
    }
  }

  private static void printSummary(
      PrintWriter out, ModelBundle loaded, Optional<ConditionSynthesis> synthesis) {
    Manifest manifest = loaded.manifest();
    out.println("bundle:        " + loaded.location());
    out.println("model id:      " + manifest.modelId());
    out.println("created:       " + manifest.createdAt());
    out.println("format:        " + manifest.formatVersion());
    out.println(
        "training data: sha256 "
            + manifest.trainingData().sha256()
            + ", "
            + (isRoundedForRelease(manifest)
                ? "about "
                    + manifest.trainingData().rows()
                    + " rows (rounded, as are the training ranges, magnitudes and row counts"
                    + " below"
                    + releaseNote(manifest)
                    + ")"
                : manifest.trainingData().rows() + " rows"));
    out.println(
        "conditions:    "
            + manifest.conditions().size()
            + " (encoded width "
            + manifest.dimensions().encodedWidth()
            + ")");
    int nameWidth = nameWidth(manifest);
    for (ConditionSpec condition : manifest.conditions()) {
      out.println(
          "  "
              + pad(condition.name(), nameWidth)
              + describe(condition, errorAsked(manifest.training()))
              + (manifest.household().featureNames().contains(condition.name())
                  ? " (computed per household)"
                  : ""));
    }
    if (manifest.household().isPresent()) {
      out.println("household:     " + BundleDescriptions.household(manifest.household()));
    }
    out.println(
        "targets:       "
            + manifest.targets().size()
            + " ("
            + manifest.dimensions().continuousTargets()
            + " continuous)");
    for (TargetSpec target : manifest.targets()) {
      out.println("  " + pad(target.name(), nameWidth) + describe(target));
    }
    if (manifest.observedTargets()) {
      out.println("  observed targets accepted (--missing-targets): only missing ones are drawn");
    }
    out.println("onnx:          opset " + manifest.onnx().opset());
    for (TensorSpec input : manifest.onnx().inputs()) {
      out.println("  input   " + input);
    }
    for (TensorSpec output : manifest.onnx().outputs()) {
      out.println("  output  " + output);
    }
    TrainingSummary training = manifest.training();
    out.println(
        String.format(
            Locale.ROOT,
            "training:      %s, train NLL %.4f, validation NLL %s, %.1f s, seed %d, code %s",
            BestEpochs.of(training).of(training.epochs()),
            training.trainNll(),
            validationNll(training),
            training.seconds(),
            training.seed(),
            training.codeVersion()));
    if (!training.settings().isEmpty()) {
      out.println("  settings: " + settings(training.settings()));
    }
    synthesis.ifPresent(
        conditions -> out.println("synthesis:     " + BundleDescriptions.synthesis(conditions)));
    out.println("checksums: OK (" + String.join(", ", manifest.checksums().keySet()) + ")");
  }

  /**
   * The validation NLL as printed: "n/a (no validation split)" for a model trained without
   * validation rows (settings' {@code validation_rows} 0, e.g. {@code --validation-fraction 0}),
   * whose manifest repeats the training NLL there (the field is required).
   */
  static String validationNll(TrainingSummary training) {
    return training.settings().get("validation_rows") instanceof Number rows
            && rows.longValue() == 0
        ? "n/a (no validation split)"
        : String.format(Locale.ROOT, "%.4f", training.validationNll());
  }

  /**
   * What a synthesis bundle's ranges, magnitudes and point masses stand for: at least K rows each
   * since 2026-12-03 (setting {@code extremes_of_k_rows}); before, its ranges and magnitudes were
   * rounded from the exact extremes and a point mass needed only {@code --atom-min-rows} rows.
   */
  private static String releaseNote(Manifest manifest) {
    Map<String, Object> settings = manifest.training().settings();
    String k =
        settings.get("synthesis_min_cell_rows") instanceof Number rows
            ? Long.toString(rows.longValue())
            : "K";
    return Boolean.TRUE.equals(settings.get("extremes_of_k_rows"))
        ? ", bounding all rows but the fewer than "
            + k
            + " beyond them at each end; point masses held by at least "
            + k
            + " rows: a synthesis bundle holds no value of the fewer than "
            + k
            + " rows at either end and no point mass of fewer than "
            + k
            + " rows"
        : "; written before 2026-12-03, its ranges, magnitudes and point masses may give away"
            + " values seen in fewer than "
            + k
            + " rows: retrain to release none";
  }

  /** Whether {@code train --synthesis} rounded the bundle's extremes and counts (2026-12-03). */
  private static boolean isRoundedForRelease(Manifest manifest) {
    return Boolean.TRUE.equals(manifest.training().settings().get("rounded_for_release"));
  }

  /**
   * Whether training was given {@code --unknown-category error} (the setting {@code
   * unknown_category}), which a condition with pooled categories is written without.
   */
  private static boolean errorAsked(TrainingSummary training) {
    return "error".equals(training.settings().get("unknown_category"));
  }

  private static String describe(ConditionSpec condition, boolean errorAsked) {
    if (condition instanceof NumericCondition numeric) {
      return String.format(
          Locale.ROOT,
          "numeric      mean %s, sd %s; %s",
          number(numeric.mean()),
          number(numeric.sd()),
          numeric.hasTrainingRange()
              ? "trained on " + number(numeric.trainingMin()) + ".." + number(numeric.trainingMax())
              : "training range unknown (bundle before format 1.6)");
    }
    CategoricalCondition categorical = (CategoricalCondition) condition;
    return "categorical  "
        + list(shown(categorical.categories()))
        + (categorical.hasOtherLevel() ? " + " + CategoricalCondition.OTHER_LEVEL : "")
        + "; unknown values: "
        + categorical.unknownCategory().name().toLowerCase(Locale.ROOT)
        + unknownEncoding(categorical, errorAsked);
  }

  /**
   * How an unknown value is encoded under policy OTHER (nothing under ERROR): as the pooled rare
   * categories (synthesis bundles; saying when this overrides {@code --unknown-category error}, so
   * that the condition and the setting {@code unknown_category=error} do not contradict each other
   * unexplained, in bundles written before the setting {@code unknown_category_other} too), as the
   * training shares, or as an untrained one-hot level.
   */
  private static String unknownEncoding(CategoricalCondition categorical, boolean errorAsked) {
    if (!categorical.hasOtherLevel()) {
      return "";
    }
    if (categorical.hasPooledCategories()) {
      return String.format(
          Locale.ROOT,
          " (one-hot %s: the trained pool of %d %s too rare to name; %s)%s",
          CategoricalCondition.OTHER_LEVEL,
          categorical.pooledCategories(),
          categorical.pooledCategories() == 1 ? "category" : "categories",
          categorical.hasPooledShare()
              ? String.format(Locale.ROOT, "%.3f of the weight", categorical.pooledShare())
              : "its share not released",
          errorAsked
              ? ", although trained with --unknown-category error: error would refuse the pooled"
                  + " categories, which training saw"
              : "");
    }
    if (!categorical.encodesUnknownAsShares()) {
      return " (one-hot " + CategoricalCondition.OTHER_LEVEL + ", never trained: retrain)";
    }
    List<String> shares = new ArrayList<>();
    for (int i = 0; i < categorical.categories().size(); i++) {
      shares.add(
          LevelSpelling.quoted(categorical.categories().get(i))
              + " "
              + String.format(Locale.ROOT, "%.3f", categorical.categoryShares().get(i)));
    }
    return " (as the training shares " + list(shares) + ")";
  }

  private static String describe(TargetSpec target) {
    if (target instanceof ContinuousTarget continuous) {
      return String.format(
              Locale.ROOT,
              "continuous   signs %s; mu %s, sigma %s%s; capped at %s (max |x| %s x %s)",
              String.join("/", continuous.observedStates()),
              number(continuous.transform().mu()),
              number(continuous.transform().sigma()),
              continuous.transform().unit() == 1.0
                  ? ""
                  : String.format(
                      Locale.ROOT, " of log1p(|x| / %.0e)", continuous.transform().unit()),
              number(continuous.transform().clipBound()),
              number(continuous.transform().maxAbs()),
              number(continuous.transform().clipFactor()))
          + signRanges(continuous.transform());
    }
    return "categorical  " + list(shown(((CategoricalTarget) target).categories()));
  }

  /** The training magnitude range of each sign ({@code ""} for bundles without ranges). */
  private static String signRanges(MagnitudeTransform transform) {
    return transform.signRanges().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(
            range ->
                "; "
                    + range.getKey()
                    + " |x| "
                    + number(range.getValue().minAbs())
                    + ".."
                    + number(range.getValue().maxAbs()))
        .collect(Collectors.joining());
  }

  private static List<String> shown(List<String> categories) {
    return categories.stream().map(LevelSpelling::quoted).toList();
  }

  private static String list(List<String> values) {
    if (values.size() <= MAX_LISTED_CATEGORIES) {
      return String.join(", ", values);
    }
    return String.join(", ", values.subList(0, MAX_LISTED_CATEGORIES))
        + ", ... ("
        + values.size()
        + " in all)";
  }

  private static String settings(Map<String, Object> settings) {
    return settings.entrySet().stream()
        .map(entry -> entry.getKey() + "=" + entry.getValue())
        .collect(Collectors.joining(", "));
  }

  /**
   * {@code value} to 6 significant digits: plain from 1e-4 to 1e9, else in scientific notation (a
   * training magnitude of 1e-300 was printed with its 300 zeros).
   */
  static String number(double value) {
    BigDecimal rounded = new BigDecimal(value).round(new MathContext(6)).stripTrailingZeros();
    double magnitude = Math.abs(value);
    boolean plain = magnitude == 0 || (magnitude >= 1e-4 && magnitude < 1e9);
    return plain ? rounded.toPlainString() : rounded.toString();
  }

  private static int nameWidth(Manifest manifest) {
    int width = 0;
    for (ConditionSpec condition : manifest.conditions()) {
      width = Math.max(width, condition.name().length());
    }
    for (TargetSpec target : manifest.targets()) {
      width = Math.max(width, target.name().length());
    }
    return width + 2;
  }

  private static String pad(String text, int width) {
    return String.format("%-" + width + "s", text);
  }
}
