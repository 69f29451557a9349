package org.flowimpute.pipelines.stream;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.coders.InstantCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.state.BagState;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TupleTag;
import org.flowimpute.avro.DeadLetter;
import org.flowimpute.pipelines.transforms.DeadLetters;
import org.flowimpute.pipelines.transforms.Reason;
import org.flowimpute.pipelines.transforms.SharedKeys;
import org.flowimpute.pipelines.transforms.Stage;
import org.flowimpute.pipelines.values.SourcedRecord;
import org.flowimpute.pipelines.values.SourcedRecordCoder;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Holds a household's members (keyed by household id, in the global window) until the household is
 * complete — as many members as the household-size field every member carries — or until an
 * event-time timeout releases the members present as a <em>partial</em> household. Released members
 * get {@link CompleteHouseholds#COMPLETE_FIELD} ({@code true} / {@code false}) and {@link
 * CompleteHouseholds#PART_FIELD} (1 for the first release of an id, 2 for members that arrive after
 * it, ...) and all carry one event time: the latest of their own, so the household falls into one
 * window. Each keeps its own event time beside it ({@link SourcedRecord#eventTime}), which its dead
 * letters after the release state (a dead letter cannot take an earlier timestamp than the release:
 * it could be behind the watermark and dropped). Members arriving after a release are never added
 * to it: they start the next part, which is imputed and totalled on its own.
 *
 * <p>Event time, not processing time: the timer fires when the watermark passes the household's
 * earliest member time plus the timeout, so whether a household is complete depends only on the
 * records and the watermark, not on how fast the job reads (a processing-time timer would cut
 * households whose members still wait unread in a backlog, exactly when the job is behind, and a
 * replay would cut different ones). While a household is held its release time holds the watermark,
 * so its window cannot close without it. The cost: windows wait up to the timeout longer, and with
 * no input at all the release waits for the source's idle timeout.
 *
 * <p>A member without a usable household size (missing, null, not a positive whole number) or with
 * a size different from the household's first member is a dead letter ({@code validate}). Per-id
 * state is cleared once the window of the last release has closed.
 */
public final class CompleteHouseholdsFn extends DoFn<KV<String, SourcedRecord>, SourcedRecord> {

  /** Released members, flagged. */
  public static final TupleTag<SourcedRecord> RELEASED = new TupleTag<>() {};

  /** Members whose household size is unusable. */
  public static final TupleTag<DeadLetter> FAILED = new TupleTag<>() {};

  private static final String MEMBERS = "members";
  private static final String EXPECTED = "expected";
  private static final String COUNT = "count";
  private static final String EARLIEST = "earliest";
  private static final String LATEST = "latest";
  private static final String PART = "part";
  private static final String RELEASE = "release";
  private static final String CLEANUP = "cleanup";

  @StateId(MEMBERS)
  private final StateSpec<BagState<SourcedRecord>> membersSpec;

  @StateId(EXPECTED)
  private final StateSpec<ValueState<Integer>> expectedSpec = StateSpecs.value(VarIntCoder.of());

  @StateId(COUNT)
  private final StateSpec<ValueState<Integer>> countSpec = StateSpecs.value(VarIntCoder.of());

  @StateId(EARLIEST)
  private final StateSpec<ValueState<Instant>> earliestSpec = StateSpecs.value(InstantCoder.of());

  @StateId(LATEST)
  private final StateSpec<ValueState<Instant>> latestSpec = StateSpecs.value(InstantCoder.of());

  @StateId(PART)
  private final StateSpec<ValueState<Integer>> partSpec = StateSpecs.value(VarIntCoder.of());

  @TimerId(RELEASE)
  private final TimerSpec releaseSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

  @TimerId(CLEANUP)
  private final TimerSpec cleanupSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

  private final String sizeField;
  private final String keyField;
  private final Duration timeout;
  private final Duration window;
  private final String outputSchemaJson;
  private transient Schema outputSchema;

  /**
   * @param inputSchema the schema of incoming records
   * @param outputSchema {@code inputSchema} with the two flags ({@link
   *     CompleteHouseholds#outputSchema})
   * @param sizeField the field with the household's member count
   * @param keyField the job's key field, whose key a dead letter carries (null: none)
   * @param timeout event time after the earliest member at which a household is released partial
   * @param window the length of the windows the released households are grouped in (state of an id
   *     is kept until the window of its last release closed)
   */
  public CompleteHouseholdsFn(
      Schema inputSchema,
      Schema outputSchema,
      String sizeField,
      String keyField,
      Duration timeout,
      Duration window) {
    this.membersSpec = StateSpecs.bag(SourcedRecordCoder.of(inputSchema));
    this.outputSchemaJson = outputSchema.toString();
    this.sizeField = sizeField;
    this.keyField = keyField;
    this.timeout = timeout;
    this.window = window;
  }

  /** Parses the output schema once per instance. */
  @Setup
  public void setup() {
    outputSchema = new Schema.Parser().parse(outputSchemaJson);
  }

  /** Adds one member; releases the household when it is complete. */
  @ProcessElement
  public void processElement(
      @Element KV<String, SourcedRecord> element,
      @Timestamp Instant timestamp,
      @StateId(MEMBERS) BagState<SourcedRecord> members,
      @StateId(EXPECTED) ValueState<Integer> expected,
      @StateId(COUNT) ValueState<Integer> count,
      @StateId(EARLIEST) ValueState<Instant> earliest,
      @StateId(LATEST) ValueState<Instant> latest,
      @StateId(PART) ValueState<Integer> part,
      @TimerId(RELEASE) Timer release,
      @TimerId(CLEANUP) Timer cleanup,
      MultiOutputReceiver out) {
    SourcedRecord member = element.getValue();
    Object sizeValue =
        member.record().getSchema().getField(sizeField) == null
            ? null
            : member.record().get(sizeField);
    Integer size = sizeOf(sizeValue);
    Integer householdSize = expected.read();
    if (size == null || (householdSize != null && !householdSize.equals(size))) {
      out.get(FAILED).output(reject(member, element.getKey(), sizeValue, householdSize));
      return;
    }
    members.add(member.at(timestamp));
    Instant first = earliest.read();
    Instant last = latest.read();
    first = first == null || timestamp.isBefore(first) ? timestamp : first;
    last = last == null || timestamp.isAfter(last) ? timestamp : last;
    Integer present = count.read();
    int now = present == null ? 1 : present + 1;
    if (now >= size) {
      release.clear();
      emit(members, part, last, true, out);
      clear(members, expected, count, earliest, latest);
      cleanup.withNoOutputTimestamp().set(last.plus(window));
      return;
    }
    expected.write(size);
    count.write(now);
    earliest.write(first);
    latest.write(last);
    Instant deadline = first.plus(timeout);
    release.withOutputTimestamp(last).set(deadline.isAfter(last) ? deadline : last);
  }

  /** Releases the members present as a partial household. */
  @OnTimer(RELEASE)
  public void onRelease(
      @StateId(MEMBERS) BagState<SourcedRecord> members,
      @StateId(EXPECTED) ValueState<Integer> expected,
      @StateId(COUNT) ValueState<Integer> count,
      @StateId(EARLIEST) ValueState<Instant> earliest,
      @StateId(LATEST) ValueState<Instant> latest,
      @StateId(PART) ValueState<Integer> part,
      @TimerId(CLEANUP) Timer cleanup,
      MultiOutputReceiver out) {
    Instant last = latest.read();
    if (last == null) {
      return;
    }
    emit(members, part, last, false, out);
    clear(members, expected, count, earliest, latest);
    cleanup.withNoOutputTimestamp().set(last.plus(window));
  }

  /** Forgets the id once the window of its last release has closed and no member waits. */
  @OnTimer(CLEANUP)
  public void onCleanup(
      @StateId(LATEST) ValueState<Instant> latest, @StateId(PART) ValueState<Integer> part) {
    if (latest.read() == null) {
      part.clear();
    }
  }

  private void emit(
      BagState<SourcedRecord> members,
      ValueState<Integer> part,
      Instant timestamp,
      boolean complete,
      MultiOutputReceiver out) {
    Integer previous = part.read();
    int number = previous == null ? 1 : previous + 1;
    part.write(number);
    for (SourcedRecord member : members.read()) {
      GenericData.Record flagged = new GenericData.Record(outputSchema);
      GenericRecord record = member.record();
      for (Schema.Field field : record.getSchema().getFields()) {
        if (outputSchema.getField(field.name()) != null) {
          flagged.put(field.name(), record.get(field.pos()));
        }
      }
      flagged.put(CompleteHouseholds.COMPLETE_FIELD, complete);
      flagged.put(CompleteHouseholds.PART_FIELD, number);
      out.get(RELEASED).outputWithTimestamp(member.withRecord(flagged), timestamp);
    }
  }

  private static void clear(
      BagState<SourcedRecord> members,
      ValueState<Integer> expected,
      ValueState<Integer> count,
      ValueState<Instant> earliest,
      ValueState<Instant> latest) {
    members.clear();
    expected.clear();
    count.clear();
    earliest.clear();
    latest.clear();
  }

  /** The member count a size value states, or null when it states none. */
  static Integer sizeOf(Object value) {
    double size;
    if (value instanceof Number number) {
      size = number.doubleValue();
    } else if (value instanceof CharSequence text) {
      try {
        size = Double.parseDouble(text.toString().trim());
      } catch (NumberFormatException e) {
        return null;
      }
    } else {
      return null;
    }
    if (!(size >= 1) || size != Math.rint(size) || size > Integer.MAX_VALUE) {
      return null;
    }
    return (int) size;
  }

  private DeadLetter reject(
      SourcedRecord member, String household, Object sizeValue, Integer householdSize) {
    if (member.record().getSchema().getField(sizeField) == null) {
      return DeadLetters.reject(
          member,
          Stage.VALIDATE,
          Reason.MISSING_FIELD,
          sizeField,
          SharedKeys.knownKey(member, keyField),
          "field '" + sizeField + "' is missing; expected the household's member count");
    }
    if (sizeValue == null) {
      return DeadLetters.reject(
          member,
          Stage.VALIDATE,
          Reason.NULL_VALUE,
          sizeField,
          SharedKeys.knownKey(member, keyField),
          "field '" + sizeField + "' is null; expected the household's member count");
    }
    String expectation =
        householdSize == null
            ? "a whole number >= 1"
            : householdSize + ", as the first member of household '" + household + "' states";
    return DeadLetters.reject(
        member,
        Stage.VALIDATE,
        householdSize == null ? Reason.WRONG_TYPE : Reason.ERROR,
        sizeField,
        SharedKeys.knownKey(member, keyField),
        "field '" + sizeField + "' expected " + expectation + ", got '" + sizeValue + "'");
  }
}
