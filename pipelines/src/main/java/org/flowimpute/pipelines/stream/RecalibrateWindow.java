package org.flowimpute.pipelines.stream;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.TimestampCombiner;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.flowimpute.avro.CalibrationWindowReport;
import org.flowimpute.avro.DeadLetter;
import org.flowimpute.pipelines.transforms.DeadLetters;
import org.flowimpute.pipelines.transforms.KeyByHouseholdFn;
import org.flowimpute.pipelines.transforms.OutputSchema;
import org.flowimpute.pipelines.values.FastAvroCoder;
import org.flowimpute.pipelines.values.SourcedRecord;
import org.flowimpute.pipelines.values.SourcedRecordCoder;

/**
 * Per event-time window (and per group with {@link #withGroupField}), recalibrates the weights of
 * imputed records to targets with EMM ({@link CalibrateWindowFn}). Each window is calibrated once,
 * when the watermark passes its end (sources lag the watermark by the allowed lateness, see {@link
 * EventTimePolicy}), over all its records.
 *
 * <pre>{@code
 * PCollectionTuple out = imputed.apply("RecalibrateWindow",
 *     RecalibrateWindow.of(windows, targetsView, freshness).withGroupField("region")
 *         .withSolverSettings(WindowSolverSettings.defaults()));
 * out.get(CalibrateWindowFn.CALIBRATED);   // records with calibrated_weight, in their window
 * out.get(CalibrateWindowFn.REPORTS);      // CalibrationWindowReport, in the same window
 * out.get(RecalibrateWindow.DEAD_LETTERS); // records no solve can use (global window)
 * }</pre>
 *
 * <p>Steps: {@code SetAsideUnusable} (and {@code UnusableIntoGlobalWindow}), {@code WindowRecords},
 * {@code KeyByGroup} ({@link BatchByGroupFn}: one list of records per window, group and bundle, so
 * the group-by-window handles lists, not records), {@code GroupWindows}, {@code ToWindowBatches},
 * {@code IntoGlobalWindow}, {@code CalibrateWindows}, {@code WindowCalibrated}, {@code
 * WindowReports}. {@code WindowRecords} sets the timestamp combiner to the end of the window
 * whatever the input's is ({@link CompleteHouseholds} releases with the earliest member's time): a
 * window's calibrated records and report carry its last instant, from which {@link WindowEndingAt}
 * puts them back into exactly that window for the file names. Input: imputed records of an {@code
 * OutputSchema} with their sources ({@code ImputeRecords#keepingSources}), coded by a {@link
 * SourcedRecordCoder}; the sources go no further than the dead letters of {@code SetAsideUnusable}.
 * Memory: one window's records of one group are held by one worker (see docs/streaming.md).
 */
public final class RecalibrateWindow
    extends PTransform<PCollection<SourcedRecord>, PCollectionTuple> {

  private static final long serialVersionUID = 1L;

  /**
   * Records no window's calibration can use ({@link SetAsideUnusableFn}), dead letters of stage
   * {@code calibrate}, in the global window (as the other steps' dead letters: a household model's
   * imputed records come windowed, and Flatten refused the mix).
   */
  public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<>() {};

  private final StreamWindows windows;
  private final PCollectionView<Iterable<TargetsSnapshot>> targets;
  private final TargetsFreshness freshness;
  private final String groupField;
  private final WindowSolverSettings settings;
  private final double driftThreshold;
  private final String householdIdField;

  private RecalibrateWindow(
      StreamWindows windows,
      PCollectionView<Iterable<TargetsSnapshot>> targets,
      TargetsFreshness freshness,
      String groupField,
      WindowSolverSettings settings,
      double driftThreshold,
      String householdIdField) {
    this.windows = windows;
    this.targets = targets;
    this.freshness = freshness;
    this.groupField = groupField;
    this.settings = settings;
    this.driftThreshold = driftThreshold;
    this.householdIdField = householdIdField;
  }

  /**
   * Calibrates each of {@code windows} as a whole to the newest of {@code targets} ({@code
   * initialTargets} until the side input has a reading; the file is never read again here, see
   * {@link TargetsFreshness#fixed}); {@link WindowSolverSettings#defaults}, drift 0.1.
   */
  public static RecalibrateWindow of(
      StreamWindows windows,
      PCollectionView<Iterable<TargetsSnapshot>> targets,
      TargetsSnapshot initialTargets) {
    return of(windows, targets, TargetsFreshness.fixed(initialTargets));
  }

  /**
   * Calibrates each of {@code windows} as a whole to the reading of the targets file {@code
   * freshness} chooses from {@code targets} ({@link LatestTargets#freshness}); {@link
   * WindowSolverSettings#defaults}, drift 0.1.
   */
  public static RecalibrateWindow of(
      StreamWindows windows,
      PCollectionView<Iterable<TargetsSnapshot>> targets,
      TargetsFreshness freshness) {
    return new RecalibrateWindow(
        windows, targets, freshness, null, WindowSolverSettings.defaults(), 0.1, null);
  }

  /** Calibrates per value of {@code field} (null: the whole window). */
  public RecalibrateWindow withGroupField(String field) {
    return new RecalibrateWindow(
        windows, targets, freshness, field, settings, driftThreshold, householdIdField);
  }

  /** How each window is solved. */
  public RecalibrateWindow withSolverSettings(WindowSolverSettings newSettings) {
    return new RecalibrateWindow(
        windows, targets, freshness, groupField, newSettings, driftThreshold, householdIdField);
  }

  /** The drift above which a window is flagged. */
  public RecalibrateWindow withDriftThreshold(double threshold) {
    return new RecalibrateWindow(
        windows, targets, freshness, groupField, settings, threshold, householdIdField);
  }

  /**
   * Records of a household model ({@link ImputeStreamedHouseholds}), households by {@code idField}
   * and {@link CompleteHouseholds#PART_FIELD}: a member the calibration cannot use takes its whole
   * household release to the dead letters ({@link SetAsideUnusableHouseholdsFn}), grouped in the
   * windows the records come in (the releases' fixed windows), so it adds no wait.
   */
  public RecalibrateWindow withHouseholds(String idField) {
    return new RecalibrateWindow(
        windows, targets, freshness, groupField, settings, driftThreshold, idField);
  }

  @Override
  public PCollectionTuple expand(PCollection<SourcedRecord> input) {
    if (!(input.getCoder() instanceof SourcedRecordCoder coder)) {
      throw new IllegalArgumentException(
          "RecalibrateWindow needs its input coded by SourcedRecordCoder, got " + input.getCoder());
    }
    Schema imputed = coder.schema();
    if (groupField != null && imputed.getField(groupField) == null) {
      throw new IllegalArgumentException(
          "--groupField '" + groupField + "' is not a field of the records " + imputed.getFields());
    }
    Schema calibrated = CalibratedSchema.derive(imputed);
    PCollectionTuple split;
    if (householdIdField == null) {
      split =
          input.apply(
              "SetAsideUnusable",
              ParDo.of(new SetAsideUnusableFn(targets, freshness))
                  .withSideInputs(targets)
                  .withOutputTags(
                      SetAsideUnusableFn.USABLE, TupleTagList.of(SetAsideUnusableFn.UNUSABLE)));
    } else {
      String idField = householdIdField;
      split =
          input
              .apply(
                  "KeyByHouseholdRelease",
                  WithKeys.of(
                          (SourcedRecord member) ->
                              KeyByHouseholdFn.keyOf(
                                  member.record(), idField, CompleteHouseholds.PART_FIELD))
                      .withKeyType(TypeDescriptors.strings()))
              .setCoder(KvCoder.of(StringUtf8Coder.of(), coder))
              .apply("GroupHouseholdReleases", GroupByKey.create())
              .apply(
                  "SetAsideUnusable",
                  ParDo.of(new SetAsideUnusableHouseholdsFn(targets, freshness, idField))
                      .withSideInputs(targets)
                      .withOutputTags(
                          SetAsideUnusableFn.USABLE, TupleTagList.of(SetAsideUnusableFn.UNUSABLE)));
    }
    PCollectionTuple result =
        split
            .get(SetAsideUnusableFn.USABLE)
            .setCoder(FastAvroCoder.of(imputed))
            .apply(
                "WindowRecords",
                Window.<GenericRecord>into(windows.windowFn())
                    .withTimestampCombiner(TimestampCombiner.END_OF_WINDOW))
            .apply("KeyByGroup", ParDo.of(new BatchByGroupFn(groupField)))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), ListCoder.of(FastAvroCoder.of(imputed))))
            .apply("GroupWindows", GroupByKey.create())
            .apply("ToWindowBatches", ParDo.of(new ToWindowBatchFn()))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), WindowBatch.BatchCoder.of(imputed)))
            .apply("IntoGlobalWindow", Window.into(new GlobalWindows()))
            .apply(
                "CalibrateWindows",
                ParDo.of(
                        new CalibrateWindowFn(
                            targets, freshness, groupField, settings, driftThreshold, calibrated))
                    .withSideInputs(targets)
                    .withOutputTags(
                        CalibrateWindowFn.CALIBRATED, TupleTagList.of(CalibrateWindowFn.REPORTS)));
    WindowEndingAt back = new WindowEndingAt(windows.size());
    PCollection<GenericRecord> records =
        result
            .get(CalibrateWindowFn.CALIBRATED)
            .setCoder(FastAvroCoder.of(calibrated))
            .apply("WindowCalibrated", Window.into(back));
    PCollection<CalibrationWindowReport> reports =
        result
            .get(CalibrateWindowFn.REPORTS)
            .setCoder(AvroCoder.of(CalibrationWindowReport.class))
            .apply("WindowReports", Window.into(back));
    PCollection<DeadLetter> deadLetters =
        split
            .get(SetAsideUnusableFn.UNUSABLE)
            .setCoder(DeadLetters.coder())
            .apply("UnusableIntoGlobalWindow", Window.into(new GlobalWindows()));
    return PCollectionTuple.of(CalibrateWindowFn.CALIBRATED, records)
        .and(CalibrateWindowFn.REPORTS, reports)
        .and(DEAD_LETTERS, deadLetters);
  }

  /**
   * Carries a window's records (gathered in lists, see {@link BatchByGroupFn}) and bounds into one
   * element, the records in the order of their keys ({@link #BY_RECORD_KEY}): the solver's sums
   * follow the records' order, and the order a grouping gives them depends on parallelism, bundles
   * and restores (the same 5,000 records in three orders gave up to 5,000 weights differing in the
   * last bits).
   */
  private static final class ToWindowBatchFn
      extends DoFn<KV<String, Iterable<List<GenericRecord>>>, KV<String, WindowBatch>> {

    /**
     * By record key, then (records sharing a key, i.e. an input key field with duplicates) by their
     * JSON text, so that every order of the same records sorts the same.
     */
    private static final Comparator<GenericRecord> BY_RECORD_KEY =
        Comparator.comparing((GenericRecord r) -> r.get(OutputSchema.RECORD_KEY).toString())
            .thenComparing(GenericRecord::toString);

    @ProcessElement
    public void processElement(
        @Element KV<String, Iterable<List<GenericRecord>>> group,
        BoundedWindow window,
        OutputReceiver<KV<String, WindowBatch>> out) {
      IntervalWindow interval = (IntervalWindow) window;
      List<GenericRecord> records = new ArrayList<>();
      group.getValue().forEach(records::addAll);
      records.sort(BY_RECORD_KEY);
      out.output(
          KV.of(
              group.getKey(),
              new WindowBatch(interval.start().getMillis(), interval.end().getMillis(), records)));
    }
  }
}
