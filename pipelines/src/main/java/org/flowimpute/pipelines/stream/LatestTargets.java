package org.flowimpute.pipelines.stream;

import java.io.UncheckedIOException;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.io.GenerateSequence;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.windowing.AfterProcessingTime;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Repeatedly;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollectionView;
import org.flowimpute.calibrate.targets.TargetColumns;
import org.flowimpute.pipelines.io.LocalLocations;
import org.flowimpute.pipelines.transforms.DeadLetters;
import org.joda.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The targets file as a side input that follows the file: it is re-read every {@code refresh}
 * (Beam's "slowly updating global-window side input" pattern: a tick, a processing-time trigger in
 * the global window). The view is an iterable because a runner may show more than one fired pane at
 * once; readers take the newest. A window is calibrated with the newest reading its worker has when
 * the window fires, or with the file read again then if that reading is older than two refresh
 * intervals or there is none ({@link #freshness}); the report names its version.
 *
 * <p>The job starts from a reading checked when it is built ({@link #of}: a file that cannot be
 * read or parsed, or names a column the records lack, then fails the job at once). A later reading
 * that is unusable (the file is missing, half-written or broken while the job runs, or names such a
 * column) is skipped: logged, counted in the metric {@code targets_rejected}, and windows keep
 * being calibrated with the last usable reading (whose version their reports name), as a model hot
 * swap skips an unusable bundle ({@link LatestModel}).
 *
 * <p>Steps: {@code Ticks}, {@code OnEveryTick}, {@code KeyTicks}, {@code ReadTargets}, {@code
 * AsIterable}.
 */
public final class LatestTargets
    extends PTransform<PBegin, PCollectionView<Iterable<TargetsSnapshot>>> {

  private static final long serialVersionUID = 1L;

  private final TargetsSnapshot initial;
  private final String groupField;
  private final String recordSchemaJson;
  private final Duration refresh;

  /**
   * How windows choose their reading: the side input's newest while it is at most two refresh
   * intervals old, else the file read again and checked as here ({@link TargetsFreshness}).
   */
  public TargetsFreshness freshness() {
    return TargetsFreshness.rereading(initial, groupField, recordSchemaJson, refresh);
  }

  /** The reading taken when the job was built. */
  public TargetsSnapshot initial() {
    return initial;
  }

  private LatestTargets(
      TargetsSnapshot initial, String groupField, String recordSchemaJson, Duration refresh) {
    this.initial = Objects.requireNonNull(initial, "initial");
    this.groupField = groupField;
    this.recordSchemaJson = recordSchemaJson;
    this.refresh = refresh;
  }

  /**
   * Reads {@code location} now, failing with one message naming the file when it cannot be read or
   * parsed, and again every {@code refresh} (a relative local location made absolute first, so
   * workers of a cluster read the same file: {@link LocalLocations}).
   */
  public static LatestTargets of(String location, Duration refresh) {
    return new LatestTargets(
        check(LocalLocations.absolute(location), null, null), null, null, refresh);
  }

  /**
   * Readings with a target not by {@code field} are unusable (null: no grouping); the reading the
   * job starts from must be usable, else this fails naming the file.
   */
  public LatestTargets withGroupField(String field) {
    if (field != null) {
      requireGrouped(initial, field);
    }
    return new LatestTargets(initial, field, recordSchemaJson, refresh);
  }

  /**
   * Readings with a target reading a column the records lack ({@link TargetColumns}) are unusable:
   * such a file was taken, and every window then went uncalibrated. The reading the job starts from
   * must be usable, else this fails naming the file and the target.
   */
  public LatestTargets withRecordSchema(Schema records) {
    requireColumns(initial, records);
    return new LatestTargets(initial, groupField, records.toString(), refresh);
  }

  /**
   * Reads {@code location} and checks that the job can use it: parsed, with {@code groupField} (may
   * be null) every target by that field, and every column a target reads in {@code records} (may be
   * null: not checked); otherwise fails with one message naming the file.
   */
  static TargetsSnapshot check(String location, String groupField, Schema records) {
    TargetsSnapshot snapshot = TargetsSnapshot.read(location);
    snapshot.targets();
    if (groupField != null) {
      requireGrouped(snapshot, groupField);
    }
    if (records != null) {
      requireColumns(snapshot, records);
    }
    return snapshot;
  }

  private static void requireColumns(TargetsSnapshot snapshot, Schema records) {
    try {
      TargetColumns.requireIn(snapshot.targets(), records);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "targets file " + snapshot.location() + ": " + e.getMessage(), e);
    }
  }

  private static void requireGrouped(TargetsSnapshot snapshot, String groupField) {
    try {
      GroupTargets.requireGrouped(snapshot.targets(), groupField);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "targets file " + snapshot.location() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public PCollectionView<Iterable<TargetsSnapshot>> expand(PBegin begin) {
    return begin
        .apply("Ticks", GenerateSequence.from(0).withRate(1, refresh))
        .apply(
            "OnEveryTick",
            Window.<Long>into(new GlobalWindows())
                .triggering(Repeatedly.forever(AfterProcessingTime.pastFirstElementInPane()))
                .discardingFiredPanes())
        .apply("KeyTicks", WithKeys.of(""))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of()))
        .apply("ReadTargets", ParDo.of(new ReadTargetsFn(initial, groupField, recordSchemaJson)))
        .setCoder(SerializableCoder.of(TargetsSnapshot.class))
        .apply("AsIterable", View.asIterable());
  }

  /**
   * Reads and checks the file on every tick and outputs the newest usable reading: this one, or
   * when it is unusable (logged, counted) the last usable one, kept in Beam state (checkpointed
   * with the job, so a restored job keeps it too), else the reading the job started from. The ticks
   * all have one key so that the state is one value.
   */
  private static final class ReadTargetsFn extends DoFn<KV<String, Long>, TargetsSnapshot> {
    private static final Logger LOG = LoggerFactory.getLogger(ReadTargetsFn.class);
    private final TargetsSnapshot initial;
    private final String groupField;
    private final String recordSchemaJson;
    private transient Schema records;
    private final Counter rejected =
        Metrics.counter(DeadLetters.METRICS_NAMESPACE, "targets_rejected");

    @StateId("lastUsable")
    private final StateSpec<ValueState<TargetsSnapshot>> lastUsableSpec =
        StateSpecs.value(SerializableCoder.of(TargetsSnapshot.class));

    ReadTargetsFn(TargetsSnapshot initial, String groupField, String recordSchemaJson) {
      this.initial = initial;
      this.groupField = groupField;
      this.recordSchemaJson = recordSchemaJson;
    }

    @Setup
    public void setup() {
      records = recordSchemaJson == null ? null : new Schema.Parser().parse(recordSchemaJson);
    }

    @ProcessElement
    public void processElement(
        @StateId("lastUsable") ValueState<TargetsSnapshot> lastUsable,
        OutputReceiver<TargetsSnapshot> out) {
      TargetsSnapshot snapshot;
      try {
        snapshot = check(initial.location(), groupField, records);
        lastUsable.write(snapshot);
      } catch (IllegalArgumentException | UncheckedIOException e) {
        rejected.inc();
        TargetsSnapshot kept = lastUsable.read();
        snapshot = kept == null ? initial : kept;
        LOG.warn(
            "targets file {} skipped, windows keep targets version {}: {}",
            initial.location(),
            snapshot.version(),
            e.getMessage());
      }
      out.output(snapshot);
    }
  }
}
