package org.flowimpute.training.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.bundle.BundleWriter;
import org.flowimpute.bundle.ConditionSpec;
import org.flowimpute.bundle.MagnitudeTransform;
import org.flowimpute.bundle.Manifest;
import org.flowimpute.bundle.ManifestJson;
import org.flowimpute.bundle.TrainingDataFingerprint;
import org.flowimpute.bundle.UnknownCategoryPolicy;
import org.flowimpute.encode.AtomPolicy;
import org.flowimpute.household.HouseholdContext;
import org.flowimpute.synth.ConditionSynthesis;
import org.flowimpute.synth.ConditionSynthesisFitter;
import org.flowimpute.synth.NothingReleasedException;
import org.flowimpute.table.TableFiles;
import org.flowimpute.table.TableReader;
import org.flowimpute.table.Tables;
import org.flowimpute.training.fit.FlowTrainer;
import org.flowimpute.training.fit.TrainingListener;
import org.flowimpute.training.fit.TrainingResult;
import org.flowimpute.training.fit.TrainingSettings;
import org.flowimpute.training.fit.TrainingSummary;
import org.flowimpute.training.model.Architecture;
import org.flowimpute.training.model.ModelSpec;
import org.flowimpute.training.onnx.CheckedExport;
import org.flowimpute.training.onnx.OnnxNames;

/**
 * The whole {@code train} path: read and check the table, fit the encodings, train, export the
 * checked ONNX graph and write the bundle (model.onnx + manifest.json) with provenance — data
 * fingerprint, settings, seed and code version — in the manifest and in the ONNX metadata.
 */
public final class BundleTrainer {

  /** Rows of the training data the export is checked on. */
  static final int EXPORT_CHECK_ROWS = 256;

  /** Settings that are measured, not chosen: they differ between identical trainings. */
  private static final Set<String> TIMINGS = Set.of("seconds_per_epoch");

  private TrainingColumns columns;
  private Architecture architecture;
  private TrainingSettings settings;
  private UnknownCategoryPolicy unknownCategories;
  private AtomPolicy atoms;
  private double clipFactor;
  private boolean missingTargets;
  private int synthesisMinCellRows;
  private HouseholdContext household;
  private Function<Path, TableReader> dataReader;

  /**
   * The defaults of {@link #of}. The {@code with...} methods change one setting of a copy: an
   * instance is never changed once it has been returned.
   */
  private BundleTrainer(TrainingColumns columns) {
    this.columns = columns;
    this.architecture = Architecture.defaultsFor(columns.targets().size());
    this.settings = TrainingSettings.defaults();
    this.unknownCategories = UnknownCategoryPolicy.ERROR;
    this.atoms = AtomPolicy.defaults();
    this.clipFactor = MagnitudeTransform.DEFAULT_CLIP_FACTOR;
    this.missingTargets = false;
    this.synthesisMinCellRows = 0;
    this.household = HouseholdContext.none();
    this.dataReader = Tables::reader;
  }

  private BundleTrainer(BundleTrainer other) {
    this.columns = other.columns;
    this.architecture = other.architecture;
    this.settings = other.settings;
    this.unknownCategories = other.unknownCategories;
    this.atoms = other.atoms;
    this.clipFactor = other.clipFactor;
    this.missingTargets = other.missingTargets;
    this.synthesisMinCellRows = other.synthesisMinCellRows;
    this.household = other.household;
    this.dataReader = other.dataReader;
  }

  /**
   * A trainer with the default architecture for the columns' number of targets ({@link
   * Architecture#defaultsFor}, what {@code train} uses without {@code --hidden}) and default
   * settings, unknown categories refused, point masses by {@link AtomPolicy#defaults()}, no target
   * masking, no synthesis file, person-level.
   */
  public static BundleTrainer of(TrainingColumns columns) {
    return new BundleTrainer(columns);
  }

  /** Flow family, layers and widths. */
  public BundleTrainer withArchitecture(Architecture value) {
    BundleTrainer next = new BundleTrainer(this);
    next.architecture = value;
    return next;
  }

  /** Epochs, batch size, learning rate and schedule, seed, validation split, patience. */
  public BundleTrainer withSettings(TrainingSettings value) {
    BundleTrainer next = new BundleTrainer(this);
    next.settings = value;
    return next;
  }

  /** What inference does with a category the training data did not hold. */
  public BundleTrainer withUnknownCategories(UnknownCategoryPolicy value) {
    BundleTrainer next = new BundleTrainer(this);
    next.unknownCategories = value;
    return next;
  }

  /** Which exact values of continuous targets become point masses. */
  public BundleTrainer withAtoms(AtomPolicy value) {
    BundleTrainer next = new BundleTrainer(this);
    next.atoms = value;
    return next;
  }

  /**
   * Caps imputed magnitudes of continuous targets at {@code value} times each target's largest
   * training magnitude (at least 1; default {@link MagnitudeTransform#DEFAULT_CLIP_FACTOR}).
   */
  public BundleTrainer withClipFactor(double value) {
    if (!(value >= 1) || Double.isInfinite(value)) {
      throw new IllegalArgumentException("clip factor must be a finite number >= 1, got " + value);
    }
    BundleTrainer next = new BundleTrainer(this);
    next.clipFactor = value;
    return next;
  }

  /**
   * Trains with random target masking so that the model also imputes records carrying some targets
   * (only the missing ones, conditioned on the present ones); see {@link
   * org.flowimpute.training.fit.TargetMasking}.
   */
  public BundleTrainer withMissingTargets(boolean value) {
    BundleTrainer next = new BundleTrainer(this);
    next.missingTargets = value;
    return next;
  }

  /**
   * Also stores {@code synthesis.json} for {@code flowimpute synthesize}: weighted shares of the
   * categorical-condition cells seen in at least {@code minCellRows} rows (smaller cells
   * suppressed), numeric-condition quantiles (value shares for discrete ones) and their copula
   * ({@link ConditionSynthesisFitter}); 0 stores nothing (the default). Point masses then need at
   * least {@code minCellRows} rows whatever {@link #withAtoms} asked (the settings record the
   * minimum used): a point mass is released as an exact value.
   */
  public BundleTrainer withSynthesis(int minCellRows) {
    if (minCellRows < 0) {
      throw new IllegalArgumentException("minimum cell rows must be >= 0, got " + minCellRows);
    }
    BundleTrainer next = new BundleTrainer(this);
    next.synthesisMinCellRows = minCellRows;
    return next;
  }

  /**
   * Trains a household-aware model: the context's features are computed from each household's
   * records (grouped by its id field) and appended to the conditions; the manifest stores the
   * context so that inference computes the same features.
   */
  public BundleTrainer withHousehold(HouseholdContext value) {
    List<String> conditions = new ArrayList<>(columns.conditions());
    conditions.removeAll(value.featureNames());
    conditions.addAll(value.featureNames());
    TrainingColumns withFeatures =
        new TrainingColumns(conditions, columns.targets(), columns.categorical(), columns.weight());
    BundleTrainer next = new BundleTrainer(this);
    next.columns = withFeatures;
    next.household = value;
    return next;
  }

  /**
   * Opens the training data of {@link #train(Path, Path, TrainingListener)} with {@code value}
   * (default {@link Tables#reader(Path)}): the CLI's reader names the option in its failures.
   */
  public BundleTrainer withDataReader(Function<Path, TableReader> value) {
    BundleTrainer next = new BundleTrainer(this);
    next.dataReader = value;
    return next;
  }

  /** The columns trained on (with the household features when household-aware). */
  public TrainingColumns columns() {
    return columns;
  }

  /**
   * The training table of {@code records}: with a household context, each record first gets its
   * household's features.
   */
  public TrainingTable table(List<? extends GenericRecord> records) {
    return TrainingTable.of(
        household.isPresent() ? household.addFeaturesToAll(records) : records, columns);
  }

  /**
   * Trains on {@code data} and writes the bundle to {@code out} (directory or .zip); returns what
   * was written, with the manifest as written (with its checksums).
   */
  public TrainedBundle train(Path data, Path out, TrainingListener listener) throws IOException {
    TrainingTable table =
        household.isPresent()
            ? HouseholdTrainingTable.read(data, columns, household, dataReader)
            : TrainingTable.read(data, columns, dataReader);
    TrainingDataFingerprint fingerprint =
        TrainingDataFingerprint.ofFiles(TableFiles.of(data), table.rows());
    TrainedBundle trained = train(table, fingerprint, listener);
    Manifest written = BundleWriter.write(out, trained.manifest(), trained.onnx(), trained.files());
    return new TrainedBundle(
        written,
        trained.onnx(),
        trained.summary(),
        trained.files(),
        trained.synthesis(),
        trained.suppressedWeightShare());
  }

  /**
   * Trains on a table already read; returns the manifest and ONNX bytes without writing. The
   * synthesis data ({@link #withSynthesis}) is fitted before training, so that a K no cell reaches
   * fails at once ({@link NothingReleasedException}), not after the whole training. With synthesis,
   * the manifest and the ONNX graph hold no single record's value and no exact row count ({@link
   * SynthesisRelease}): the training ranges and magnitude bounds are taken from the K-th smallest
   * and K-th largest values and rounded outward, the row counts rounded, categories seen in fewer
   * than K rows pooled into one unnamed level (a categorical target's refused), point masses held
   * by fewer than K rows left to the flow, and the warnings that quote the data only reported to
   * {@code listener}.
   */
  public TrainedBundle train(
      TrainingTable table, TrainingDataFingerprint dataFingerprint, TrainingListener listener) {
    checkSplit(table.rows());
    if (synthesisMinCellRows > 0 && !Double.isFinite(table.totalWeight())) {
      throw new IllegalArgumentException(
          "--synthesis: the weights sum beyond a double's range, so the synthetic records' weights"
              + " (total weight / n) cannot be written; divide the weight column by a constant");
    }
    ConditionSynthesis synthesis = synthesisMinCellRows > 0 ? synthesis(table) : null;
    AtomPolicy atomPolicy =
        synthesis != null ? SynthesisRelease.atoms(atoms, synthesisMinCellRows) : atoms;
    PreparedData fitted = PreparedData.of(table, unknownCategories, atomPolicy, clipFactor);
    PreparedData prepared =
        synthesis != null ? SynthesisRelease.of(fitted, table, synthesisMinCellRows) : fitted;
    TrainingDataFingerprint fingerprint =
        synthesis != null ? SynthesisRelease.of(dataFingerprint) : dataFingerprint;
    List<TrainingWarning> warnings =
        new ArrayList<>(ConditionOutliers.warnings(table, userConditions(fitted)));
    warnings.addAll(RareCategories.warnings(table, fitted.conditions()));
    warnings.addAll(TargetOutliers.warnings(table, fitted.targets()));
    if (synthesis != null) {
      warnings.addAll(
          SynthesisRelease.pooledReports(fitted, prepared, table, synthesisMinCellRows));
    }
    warnings.forEach(warning -> listener.warning(warning.message()));
    ModelSpec spec = prepared.modelSpec(architecture, missingTargets);
    TrainingResult result = FlowTrainer.of(spec, settings).fit(prepared.data(), listener);
    Optional<TrainingWarning> earlyFlow =
        EarlyFlowCheckpoint.warning(result.summary(), settings, synthesis != null);
    earlyFlow.ifPresent(warning -> listener.warning(warning.message()));
    earlyFlow.ifPresent(warnings::add);
    Map<String, Object> settingValues =
        settingValues(result.summary(), prepared.conditions(), atomPolicy);
    List<TrainingWarning> stored =
        synthesis != null ? SynthesisRelease.releasable(warnings) : warnings;
    if (!stored.isEmpty()) {
      settingValues.put(TrainingWarning.SETTING, TrainingWarning.joined(stored));
    }
    if (synthesis != null) {
      settingValues = SynthesisRelease.settings(settingValues);
    }
    String codeVersion = codeVersion();
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("flowimpute.code_version", codeVersion);
    metadata.put("flowimpute.seed", Long.toString(settings.seed()));
    metadata.put("flowimpute.data_sha256", fingerprint.sha256());
    metadata.put("flowimpute.data_rows", Long.toString(fingerprint.rows()));
    new TreeMap<>(reproducible(settingValues))
        .forEach((k, v) -> metadata.put("flowimpute.setting." + k, v.toString()));
    ExportCheckRows check = ExportCheckRows.of(table, prepared, spec, EXPORT_CHECK_ROWS);
    byte[] unnamed =
        CheckedExport.export(
            result.model(), metadata, check.contexts(), check.observedValues(), check.rows());
    String modelId =
        ModelId.of(
            fingerprint,
            settings.seed(),
            codeVersion,
            reproducible(settingValues),
            ManifestJson.definitionJson(
                prepared.conditions(), prepared.targets(), missingTargets, household),
            unnamed);
    byte[] onnx = ModelId.namedIn(unnamed, modelId);
    TrainingSummary summary = result.summary();
    double validationNll =
        summary.validationRows() > 0
            ? summary.bestValidationGateNll() + summary.bestValidationFlowNll()
            : summary.finalTrainNll();
    Manifest manifest =
        Manifest.builder()
            .modelId(modelId)
            .createdAt(Instant.now())
            .trainingData(fingerprint)
            .conditions(prepared.conditions())
            .targets(prepared.targets())
            .opset(OnnxNames.OPSET)
            .observedTargets(missingTargets)
            .household(household)
            .training(
                new org.flowimpute.bundle.TrainingSummary(
                    summary.epochsRun(),
                    Math.max(1, Math.max(summary.bestGateEpoch(), summary.bestFlowEpoch())),
                    summary.finalTrainNll(),
                    validationNll,
                    summary.totalSeconds(),
                    settings.seed(),
                    codeVersion,
                    settingValues))
            .build();
    Map<String, byte[]> files = new LinkedHashMap<>();
    if (synthesis != null) {
      files.put(ConditionSynthesis.FILE, synthesis.toBytes());
    }
    double suppressedShare =
        synthesis != null
            ? ConditionSynthesisFitter.suppressedWeightShare(
                categoricalColumns(table), table.weights(), synthesisMinCellRows)
            : Double.NaN;
    return new TrainedBundle(manifest, onnx, summary, files, synthesis, suppressedShare);
  }

  /**
   * The conditions of {@code prepared} read from the data: without the household features, which
   * are computed (a household of 30 is no missing-value code).
   */
  private List<ConditionSpec> userConditions(PreparedData prepared) {
    return prepared.conditions().stream()
        .filter(condition -> !household.featureNames().contains(condition.name()))
        .toList();
  }

  /**
   * Refuses a validation share that leaves fewer than {@link TrainingTable#MIN_ROWS} rows to train
   * on (0.999 of 300 rows left none, and training failed as "diverged ... try a smaller --lr";
   * 0.995 trained on 2 rows), or that holds out no row although it is not 0 (training then ran
   * without a validation split, as with 0, unnoticed).
   */
  private void checkSplit(int rows) {
    double fraction = settings.validationFraction();
    int validationRows = FlowTrainer.validationRows(rows, fraction);
    int trainRows = rows - validationRows;
    if (trainRows < TrainingTable.MIN_ROWS) {
      throw new IllegalArgumentException(
          "--validation-fraction "
              + fraction
              + " leaves "
              + trainRows
              + " of the "
              + rows
              + " rows to train on; training needs at least "
              + TrainingTable.MIN_ROWS
              + ": use a smaller --validation-fraction");
    }
    if (fraction > 0 && validationRows == 0) {
      throw new IllegalArgumentException(
          "--validation-fraction "
              + fraction
              + " holds out no row of "
              + rows
              + ": use a larger fraction, or 0 to train without a validation split (no early"
              + " stopping)");
    }
  }

  /**
   * The conditions' synthesis, fitted on the weights as read (the mean-1 training weights scaled
   * back to the table's total), so that synthetic records carry the population's scale.
   */
  private ConditionSynthesis synthesis(TrainingTable table) {
    Map<String, double[]> numeric = new LinkedHashMap<>();
    for (String name : columns.conditions()) {
      if (!columns.isCategorical(name)) {
        numeric.put(name, table.numbers(name));
      }
    }
    double[] weights = table.weights().clone();
    double toTotal = table.totalWeight() / table.rows();
    for (int r = 0; r < weights.length; r++) {
      weights[r] *= toTotal;
    }
    return ConditionSynthesisFitter.fit(
        categoricalColumns(table), numeric, weights, synthesisMinCellRows);
  }

  /** The categorical conditions' columns, in condition order: the cells of the synthesis data. */
  private Map<String, String[]> categoricalColumns(TrainingTable table) {
    Map<String, String[]> categorical = new LinkedHashMap<>();
    for (String name : columns.conditions()) {
      if (columns.isCategorical(name)) {
        categorical.put(name, table.categories(name));
      }
    }
    return categorical;
  }

  /**
   * The settings recorded in the manifest and the ONNX metadata; {@code conditions} as written, to
   * name those whose pooled categories override {@code --unknown-category error}.
   */
  private Map<String, Object> settingValues(
      TrainingSummary summary, List<ConditionSpec> conditions, AtomPolicy atomPolicy) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("flow", architecture.flow().name().toLowerCase(java.util.Locale.ROOT));
    values.put("layers", architecture.flowLayers());
    values.put("hidden", architecture.hidden());
    values.put("gate_hidden", architecture.gateHidden());
    values.put("clamp", architecture.clamp());
    values.put("epochs", settings.epochs());
    values.put("batch_size", settings.batchSize());
    values.put("learning_rate", settings.learningRate());
    values.put("lr_schedule", settings.schedule().label());
    values.put("validation_fraction", settings.validationFraction());
    values.put("patience", settings.patience());
    values.put("unknown_category", unknownCategories.name().toLowerCase(java.util.Locale.ROOT));
    SynthesisRelease.pooledUnderOther(conditions, unknownCategories)
        .ifPresent(names -> values.put(SynthesisRelease.UNKNOWN_CATEGORY_OTHER, names));
    values.put("clip_factor", clipFactor);
    values.put("atoms_max", atomPolicy.maxAtoms());
    values.put("atoms_min_share", atomPolicy.minShare());
    values.put("atoms_min_rows", atomPolicy.minRows());
    if (missingTargets) {
      values.put("missing_targets", true);
    }
    if (synthesisMinCellRows > 0) {
      values.put("synthesis_min_cell_rows", synthesisMinCellRows);
    }
    values.put("conditions", String.join(",", columns.conditions()));
    values.put("targets", String.join(",", columns.targets()));
    values.put("categorical", String.join(",", new java.util.TreeSet<>(columns.categorical())));
    values.put("weight", columns.weight() == null ? "" : columns.weight());
    if (household.isPresent()) {
      values.put("household_id", household.idField());
      values.put("household_features", String.join(",", household.featureNames()));
    }
    values.put("train_rows", summary.trainRows());
    values.put("validation_rows", summary.validationRows());
    values.put("best_gate_epoch", summary.bestGateEpoch());
    values.put("best_flow_epoch", summary.bestFlowEpoch());
    values.put("stopped_early", summary.stoppedEarly());
    values.put("seconds_per_epoch", summary.secondsPerEpoch());
    return values;
  }

  /**
   * The settings without the timings ({@link #TIMINGS}): what the same data, settings, seed and
   * code reproduce, and so what goes into the model id ({@link ModelId}) and the ONNX metadata (a
   * timing there made two identical trainings write different model.onnx bytes). The manifest's
   * training summary keeps the timings.
   */
  private static Map<String, Object> reproducible(Map<String, Object> settingValues) {
    Map<String, Object> values = new LinkedHashMap<>(settingValues);
    values.keySet().removeAll(TIMINGS);
    return values;
  }

  /**
   * The version of this code, as the build wrote it into {@code code-version.properties} (read from
   * the class path, so also when the CLI runs from the modules' class directories, where jar
   * manifests are absent and every bundle said "development").
   */
  static String codeVersion() {
    try (InputStream in = BundleTrainer.class.getResourceAsStream("code-version.properties")) {
      if (in == null) {
        throw new IllegalStateException("code-version.properties is missing from the class path");
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read code-version.properties", e);
    }
  }

  /**
   * A trained model: manifest (without checksums until written), ONNX bytes, summary, the optional
   * extra bundle files (e.g. synthesis.json), the synthesis data they hold (null when none was
   * asked for) and the weighted share of the training rows in its suppressed cells (NaN without
   * synthesis), which {@code train} prints but the bundle does not hold.
   */
  public record TrainedBundle(
      Manifest manifest,
      byte[] onnx,
      TrainingSummary summary,
      Map<String, byte[]> files,
      ConditionSynthesis synthesis,
      double suppressedWeightShare) {}
}
