package org.flowimpute.pipelines.stream;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.DelegateCoder;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.MapCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Distribution;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.flowimpute.avro.CalibrationWindowReport;
import org.flowimpute.calibrate.CalibrationData;
import org.flowimpute.calibrate.CalibrationException;
import org.flowimpute.calibrate.CalibrationProblem;
import org.flowimpute.calibrate.CalibrationResult;
import org.flowimpute.calibrate.Calibrator;
import org.flowimpute.calibrate.DualSolution;
import org.flowimpute.calibrate.ProblemBuilder;
import org.flowimpute.calibrate.RecordColumns;
import org.flowimpute.calibrate.SolveReports;
import org.flowimpute.calibrate.targets.TargetsFile;
import org.flowimpute.pipelines.transforms.DeadLetters;
import org.flowimpute.pipelines.transforms.OutputSchema;

/**
 * Recalibrates the weights of one window's records (of one group) with EMM to the current targets
 * (side input), warm-started from the dual solution of the group's previous window.
 *
 * <p>Runs keyed by group in the global window: its state, the last {@link DualSolution} per group,
 * outlives the event-time windows (it is checkpointed with the job and restored from savepoints).
 * The solve starts from it whatever window came before; a different start changes only the number
 * of Newton steps, never the solution (the dual is strictly concave).
 *
 * <p>Outputs on {@link #CALIBRATED} every record of the batch with {@code calibrated_weight}, and
 * on {@link #REPORTS} one {@link CalibrationWindowReport} (records the solve cannot use were set
 * aside before windowing, {@link SetAsideUnusableFn}). Drift (see {@link Drift}), measured before
 * the solve, above the threshold counts {@code drift_windows} and sets {@code drift_exceeded},
 * whether or not the window is then calibrated. A window that cannot be calibrated (no usable
 * records, infeasible with {@code --on-infeasible fail} or even after softening) keeps its base
 * weights, reports {@code converged = false} with the reason in {@code message}, and counts {@code
 * windows_not_calibrated}: records are never dropped for it. Metrics also: {@code
 * windows_calibrated}, {@code windows_softened}, {@code windows_warm_started}, distributions {@code
 * window_records}, {@code kish_ess}.
 */
public final class CalibrateWindowFn extends DoFn<KV<String, WindowBatch>, GenericRecord> {

  /** Calibrated records. */
  public static final TupleTag<GenericRecord> CALIBRATED = new TupleTag<>() {};

  /** One report per window and group. */
  public static final TupleTag<CalibrationWindowReport> REPORTS = new TupleTag<>() {};

  private static final String NAMESPACE = DeadLetters.METRICS_NAMESPACE;

  @StateId("previousDual")
  private final StateSpec<ValueState<DualSolution>> previousDual =
      StateSpecs.value(dualSolutionCoder());

  private final TargetsFreshness freshness;
  private final PCollectionView<Iterable<TargetsSnapshot>> targets;
  private final String groupField;
  private final WindowSolverSettings settings;
  private final double driftThreshold;
  private final String calibratedSchemaJson;

  private final Counter calibrated = Metrics.counter(NAMESPACE, WindowCounts.CALIBRATED);
  private final Counter notCalibrated = Metrics.counter(NAMESPACE, WindowCounts.NOT_CALIBRATED);
  private final Counter softened = Metrics.counter(NAMESPACE, WindowCounts.SOFTENED);
  private final Counter warmStarts = Metrics.counter(NAMESPACE, "windows_warm_started");
  private final Counter drifted = Metrics.counter(NAMESPACE, "drift_windows");
  private final Counter recordsCalibrated =
      Metrics.counter(NAMESPACE, UnwrittenRecords.RECORDS_CALIBRATED);
  private final Distribution windowRecords = Metrics.distribution(NAMESPACE, "window_records");
  private final Distribution kishEss = Metrics.distribution(NAMESPACE, "kish_ess");

  private transient Schema calibratedSchema;
  private final ParsedTargets parsed = new ParsedTargets();

  /**
   * @param targets the current targets
   * @param groupField the group field, or null to calibrate each window as a whole
   * @param settings how each window is solved
   * @param driftThreshold drift above which a window is flagged
   * @param calibratedSchema schema of the output records ({@link CalibratedSchema})
   */
  public CalibrateWindowFn(
      PCollectionView<Iterable<TargetsSnapshot>> targets,
      TargetsFreshness freshness,
      String groupField,
      WindowSolverSettings settings,
      double driftThreshold,
      Schema calibratedSchema) {
    this.targets = targets;
    this.freshness = freshness;
    this.groupField = groupField;
    this.settings = settings;
    this.driftThreshold = driftThreshold;
    this.calibratedSchemaJson = calibratedSchema.toString();
  }

  /** The coder of the warm-start state. */
  static Coder<DualSolution> dualSolutionCoder() {
    return DelegateCoder.of(
        MapCoder.of(StringUtf8Coder.of(), DoubleCoder.of()),
        DualSolution::multipliers,
        DualSolution::new);
  }

  @Setup
  public void setup() {
    calibratedSchema = new Schema.Parser().parse(calibratedSchemaJson);
  }

  @ProcessElement
  public void processElement(
      ProcessContext context, @StateId("previousDual") ValueState<DualSolution> previous) {
    String group = context.element().getKey();
    WindowBatch batch = context.element().getValue();
    TargetsSnapshot snapshot = freshness.choose(context.sideInput(targets));
    DualSolution start = previous.read();
    boolean warm = start != null && !start.multipliers().isEmpty();

    CalibrationWindowReport report;
    List<GenericRecord> records = batch.records();
    double[] weights = baseWeights(records);
    windowRecords.update(records.size());
    Double drift = null;
    try {
      TargetsFile groupTargets = targetsFor(snapshot, group);
      List<Integer> solved = new ArrayList<>();
      List<String> leftOut = new ArrayList<>();
      for (int i = 0; i < records.size(); i++) {
        if (SetAsideUnusableFn.check(records.get(i), groupTargets) == null) {
          solved.add(i);
        } else {
          leftOut.add(String.valueOf(records.get(i).get(OutputSchema.RECORD_KEY)));
        }
      }
      if (solved.isEmpty() && !leftOut.isEmpty()) {
        throw new IllegalArgumentException(leftOutMessage(leftOut));
      }
      CalibrationData data =
          RecordColumns.toData(
              solved.stream().map(records::get).toList(),
              OutputSchema.WEIGHT,
              groupTargets.numericColumns(),
              groupTargets.categoricalColumns());
      CalibrationProblem problem = ProblemBuilder.build(groupTargets, data);
      drift = Drift.of(problem);
      CalibrationResult result =
          Calibrator.with(settings.solverOptions())
              .calibrate(problem, warm ? start : DualSolution.cold());
      previous.write(result.dual());
      for (int k = 0; k < solved.size(); k++) {
        weights[solved.get(k)] = result.weights()[k];
      }
      report =
          CalibrationWindowReport.newBuilder(
                  SolveReports.toWindowReport(
                      result.report(),
                      Instant.ofEpochMilli(batch.startMillis()),
                      Instant.ofEpochMilli(batch.endMillis()),
                      groupKey(group),
                      snapshot.version(),
                      modelIds(records)))
              .setWarmStarted(warm)
              .setDrift(drift)
              .setDriftExceeded(drift > driftThreshold)
              .setN(records.size())
              .setMessage(leftOut.isEmpty() ? null : leftOutMessage(leftOut))
              .build();
      calibrated.inc();
      if (result.report().softened()) {
        softened.inc();
      }
      if (warm) {
        warmStarts.inc();
      }
      kishEss.update(Math.round(result.report().kishEffectiveSampleSize()));
    } catch (CalibrationException | IllegalArgumentException e) {
      weights = baseWeights(records);
      report = notCalibratedReport(batch, group, snapshot, records, weights, warm, drift, e);
      notCalibrated.inc();
    }
    if (drift != null && drift > driftThreshold) {
      drifted.inc();
    }
    for (int i = 0; i < records.size(); i++) {
      context.output(CALIBRATED, withWeight(records.get(i), weights[i]));
    }
    recordsCalibrated.inc(records.size());
    context.output(REPORTS, report);
  }

  /**
   * The report's note on records the window's targets cannot use although they passed {@link
   * SetAsideUnusableFn} under the targets current then (the file changed while the window was
   * open): they keep their base weights instead of failing the whole window, and those weights come
   * on top of what the solve met (the report's {@code n} counts them, its errors do not).
   */
  private static String leftOutMessage(List<String> keys) {
    return keys.size()
        + " records left out of the solve with their base weights: a column the targets read"
        + " changed while the window was open and they have no value there (keys "
        + String.join(", ", keys.subList(0, Math.min(10, keys.size())))
        + (keys.size() > 10 ? ", …" : "")
        + ")";
  }

  private TargetsFile targetsFor(TargetsSnapshot snapshot, String group) {
    TargetsFile parsedTargets = parsed.of(snapshot);
    return groupField == null
        ? parsedTargets
        : GroupTargets.select(parsedTargets, groupField, group);
  }

  private String groupKey(String group) {
    return groupField == null ? null : group;
  }

  private CalibrationWindowReport notCalibratedReport(
      WindowBatch batch,
      String group,
      TargetsSnapshot snapshot,
      List<GenericRecord> records,
      double[] weights,
      boolean warm,
      Double drift,
      RuntimeException error) {
    double sum = 0;
    double squares = 0;
    for (double w : weights) {
      sum += w;
      squares += w * w;
    }
    return CalibrationWindowReport.newBuilder()
        .setWindowStart(Instant.ofEpochMilli(batch.startMillis()))
        .setWindowEnd(Instant.ofEpochMilli(batch.endMillis()))
        .setGroupKey(groupKey(group))
        .setN(records.size())
        .setIterations(0)
        .setConverged(false)
        .setMaxRelativeError(Double.NaN)
        .setKishEss(squares > 0 ? sum * sum / squares : 0)
        .setLambda(settings.lambda())
        .setTargetsVersion(snapshot.version())
        .setModelId(modelIds(records))
        .setWarmStarted(warm)
        .setDrift(drift)
        .setDriftExceeded(drift != null && drift > driftThreshold)
        .setMessage(error.getMessage())
        .build();
  }

  /**
   * The record with its calibrated weight: the calibrated schema keeps the record's fields in their
   * positions ({@link CalibratedSchema#derive}), so fields are copied by position.
   */
  private GenericRecord withWeight(GenericRecord record, double weight) {
    GenericData.Record out = new GenericData.Record(calibratedSchema);
    int fields = record.getSchema().getFields().size();
    for (int i = 0; i < fields; i++) {
      out.put(i, record.get(i));
    }
    out.put(calibratedSchema.getField(CalibratedSchema.CALIBRATED_WEIGHT).pos(), weight);
    return out;
  }

  private static double[] baseWeights(List<GenericRecord> records) {
    double[] weights = new double[records.size()];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = ((Number) records.get(i).get(OutputSchema.WEIGHT)).doubleValue();
    }
    return weights;
  }

  /** The distinct model ids of the records, comma-separated (more than one after a hot swap). */
  private static String modelIds(List<GenericRecord> records) {
    TreeSet<String> ids = new TreeSet<>();
    for (GenericRecord record : records) {
      Object id = record.get(OutputSchema.MODEL_ID);
      if (id != null) {
        ids.add(id.toString());
      }
    }
    return String.join(",", ids);
  }
}
