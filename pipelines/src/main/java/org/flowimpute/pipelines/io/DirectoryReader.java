package org.flowimpute.pipelines.io;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.runners.core.metrics.MetricsContainerImpl;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.UnboundedSource;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.metrics.MetricsContainer;
import org.apache.beam.sdk.metrics.MetricsEnvironment;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.flowimpute.pipelines.stream.EventTimePolicy;
import org.flowimpute.pipelines.transforms.DeadLetters;
import org.flowimpute.pipelines.transforms.Reason;
import org.flowimpute.pipelines.transforms.SharedKeys;
import org.flowimpute.pipelines.transforms.Stage;
import org.flowimpute.pipelines.values.PayloadFormat;
import org.flowimpute.pipelines.values.SourcedRecord;
import org.flowimpute.table.AvroBlockMemory;
import org.joda.time.Instant;

/**
 * Reads one shard of a watched directory: lists the glob at most every poll interval, reads each
 * new {@code .avro} or {@code .csv} file it owns once, in name order, when it has stopped changing
 * ({@link #settled}), and stamps every record with its event time ({@link EventTimePolicy}). Each
 * advance emits a {@link ReadChunk} of up to {@link #CHUNK_OUTCOMES} outcomes of one file. Files
 * with other extensions are ignored, and so are hidden files ({@link VisibleFiles}) unless the glob
 * names them, so writers should write under another name (e.g. {@code .tmp}, or a hidden one) and
 * rename when complete. Records without a usable event time and records later than the watermark
 * allows become dead letters here. The watermark is brought up to date before each record is
 * judged, so whether a record is late depends only on the records before it in this shard (and on
 * idle time), not on when the runner last asked for the watermark.
 */
final class DirectoryReader extends UnboundedSource.UnboundedReader<ReadChunk> {

  /**
   * Most outcomes per emitted chunk: a chunk ends there or at the end of its file. About one model
   * batch; read in a few milliseconds.
   */
  static final int CHUNK_OUTCOMES = 512;

  /**
   * Where the reader's own metric updates go: nowhere that is read. Runners differ in where a
   * source's metrics end up (Flink's source reader keeps them out of Beam's job metrics, so a
   * stream's counts missed every record read and every dead letter made here), so the outcomes are
   * counted by the step after the source ({@code SplitDeadLetters} in {@link
   * DirectoryWatchSource}), and the counts of the dead letters built here are dropped.
   */
  private static final MetricsContainer UNCOUNTED = new MetricsContainerImpl("ReadDirectory");

  private final DirectoryFileSource source;
  private final Schema schema;
  private final EventTimePolicy policy;
  private final Set<String> done;
  private final Deque<String> pending = new ArrayDeque<>();

  /** Files listed while they were changing, with what the listing saw ({@link #settled}). */
  private final Map<String, FileState> changing = new HashMap<>();

  private String currentFile;
  private long emitted;
  private RowCursor cursor;
  private Instant maxEventTime;
  private Instant watermark;
  private Instant lastArrival = Instant.now();
  private Instant lastPoll;
  private ReadChunk current;
  private Instant currentTimestamp;

  DirectoryReader(DirectoryFileSource source, DirectoryCheckpoint checkpoint) {
    this.source = source;
    this.schema = source.schema();
    this.policy = source.policy();
    if (checkpoint == null) {
      this.done = new HashSet<>();
      this.watermark = BoundedWindow.TIMESTAMP_MIN_VALUE;
    } else {
      this.done = new HashSet<>(checkpoint.doneFiles());
      this.currentFile = checkpoint.currentFile();
      this.emitted = checkpoint.emitted();
      this.maxEventTime = checkpoint.maxEventTime();
      this.watermark = checkpoint.watermark();
    }
  }

  @Override
  public boolean start() throws IOException {
    try (Closeable uncounted = MetricsEnvironment.scopedMetricsContainer(UNCOUNTED)) {
      if (currentFile != null) {
        cursor = open(currentFile, emitted);
      }
      return readChunk();
    }
  }

  @Override
  public boolean advance() throws IOException {
    try (Closeable uncounted = MetricsEnvironment.scopedMetricsContainer(UNCOUNTED)) {
      return readChunk();
    }
  }

  /** Reads the next chunk into {@code current}; false when no file has more outcomes now. */
  private boolean readChunk() throws IOException {
    while (true) {
      if (cursor != null) {
        List<ReadChunk.Timed> chunk = new ArrayList<>();
        ReadOutcome next;
        while (chunk.size() < CHUNK_OUTCOMES && (next = cursor.next()) != null) {
          emitted++;
          ReadOutcome stamped = stamp(next);
          chunk.add(new ReadChunk.Timed(stamped, currentTimestamp));
        }
        if (!chunk.isEmpty()) {
          current = new ReadChunk(chunk);
          currentTimestamp = current.earliest();
          return true;
        }
        cursor.close();
        cursor = null;
        done.add(currentFile);
        currentFile = null;
        emitted = 0;
      }
      if (pending.isEmpty()) {
        poll();
      }
      if (pending.isEmpty()) {
        return false;
      }
      currentFile = pending.poll();
      emitted = 0;
      cursor = open(currentFile, 0);
    }
  }

  @Override
  public ReadChunk getCurrent() {
    if (current == null) {
      throw new NoSuchElementException();
    }
    return current;
  }

  @Override
  public Instant getCurrentTimestamp() {
    if (current == null) {
      throw new NoSuchElementException();
    }
    return currentTimestamp;
  }

  @Override
  public Instant getWatermark() {
    Instant idleSince = cursor == null && pending.isEmpty() ? lastArrival : null;
    watermark = policy.watermark(maxEventTime, idleSince, Instant.now(), watermark);
    return watermark;
  }

  @Override
  public DirectoryCheckpoint getCheckpointMark() {
    return new DirectoryCheckpoint(Set.copyOf(done), currentFile, emitted, maxEventTime, watermark);
  }

  @Override
  public DirectoryFileSource getCurrentSource() {
    return source;
  }

  @Override
  public void close() throws IOException {
    if (cursor != null) {
      cursor.close();
      cursor = null;
    }
  }

  /**
   * Gives a decoded record its event time, or turns it into a dead letter; leaves the outcome's
   * timestamp in {@code currentTimestamp}.
   */
  private ReadOutcome stamp(ReadOutcome outcome) {
    Instant now = Instant.now();
    watermark = policy.watermark(maxEventTime, null, now, watermark);
    lastArrival = now;
    if (outcome.deadLetter() != null) {
      currentTimestamp = deadLetterTime(now);
      return outcome;
    }
    SourcedRecord record = outcome.record();
    Instant time;
    try {
      time = policy.eventTime(record.record());
    } catch (EventTimePolicy.EventTimeException e) {
      currentTimestamp = deadLetterTime(now);
      Reason reason = e.missing() ? Reason.MISSING_FIELD : Reason.MALFORMED;
      return ReadOutcome.rejected(
          DeadLetters.reject(
              record, Stage.DECODE, reason, policy.field(), keyOf(record), e.getMessage()));
    }
    if (policy.isLate(time, watermark)) {
      currentTimestamp = deadLetterTime(now);
      return ReadOutcome.rejected(
          DeadLetters.reject(
              record,
              Stage.WINDOW,
              Reason.LATE,
              policy.field(),
              keyOf(record),
              "event time "
                  + time
                  + " belongs to a window ending "
                  + policy.windows().firstWindowEnd(time)
                  + ", already closed at watermark "
                  + watermark));
    }
    maxEventTime = maxEventTime == null || time.isAfter(maxEventTime) ? time : maxEventTime;
    currentTimestamp = time;
    return outcome;
  }

  /**
   * The record key a record read whole gets from the job's key field (null without one, or when its
   * value is missing or not a key), for its dead letter: a late record's had none.
   */
  private String keyOf(SourcedRecord record) {
    String keyField = source.keyField();
    return keyField == null ? null : SharedKeys.keyOf(record.record(), keyField, record.source());
  }

  /** A dead letter's timestamp: never behind the watermark, so its window is still open. */
  private Instant deadLetterTime(Instant now) {
    Instant reference = maxEventTime != null ? maxEventTime : now;
    return reference.isAfter(watermark) ? reference : watermark;
  }

  private void poll() throws IOException {
    Instant now = Instant.now();
    if (lastPoll != null && now.isBefore(lastPoll.plus(source.pollInterval()))) {
      return;
    }
    lastPoll = now;
    List<MatchResult> results =
        FileSystems.match(List.of(source.glob()), EmptyMatchTreatment.ALLOW);
    Map<String, MatchResult.Metadata> listed =
        results.get(0).metadata().stream()
            .filter(m -> readable(m.resourceId().toString()))
            .filter(new VisibleFiles(source.glob())::apply)
            .filter(m -> source.owns(m.resourceId().toString()))
            .collect(Collectors.toMap(m -> m.resourceId().toString(), m -> m));
    done.retainAll(listed.keySet());
    changing.keySet().retainAll(listed.keySet());
    listed.values().stream()
        .filter(m -> !done.contains(m.resourceId().toString()))
        .filter(m -> !m.resourceId().toString().equals(currentFile))
        .filter(m -> settled(m, now))
        .map(m -> m.resourceId().toString())
        .sorted()
        .forEach(pending::add);
  }

  /**
   * Whether a listed file is complete enough to read: unchanged for a poll interval (by its
   * modification time), or of the same size and modification time as at the previous listing. A
   * file read while it was still being written was read only as far as it had been written (the
   * rest never, as the file was done), and a CSV row cut in its last cell was read with the part of
   * the value written so far (1234.5 read as 12).
   */
  private boolean settled(MatchResult.Metadata file, Instant now) {
    String path = file.resourceId().toString();
    FileState state = new FileState(file.sizeBytes(), file.lastModifiedMillis());
    FileState before = changing.put(path, state);
    boolean quiet =
        file.lastModifiedMillis() <= now.getMillis() - source.pollInterval().getMillis();
    if (quiet || state.equals(before)) {
      changing.remove(path);
      return true;
    }
    return false;
  }

  /** A file's size and modification time at a listing. */
  private record FileState(long sizeBytes, long lastModifiedMillis) {}

  /** Whether a file name has an extension this source reads. */
  static boolean readable(String path) {
    String lower = path.toLowerCase(Locale.ROOT);
    return lower.endsWith(".avro") || lower.endsWith(".csv");
  }

  /**
   * Opens a file and passes over the {@code skip} rows emitted before a checkpoint. A CSV file that
   * cannot be opened (gone since the checkpoint, unreadable) is one dead letter for its rest, as an
   * unreadable Avro file is ({@link AvroCursor}): a stream restored from a checkpoint must not fail
   * again and again on the same file.
   */
  private RowCursor open(String path, long skip) throws IOException {
    RowCursor opened;
    if (path.toLowerCase(Locale.ROOT).endsWith(".csv")) {
      try {
        opened =
            new CsvFileRows(
                path,
                stream(path),
                schema,
                source.keyField(),
                source.weight(),
                source.conditions(),
                source.observedTargets(),
                source.extras());
      } catch (IOException e) {
        return new UnopenedFile(path, skip, "cannot open: " + e.getMessage());
      }
    } else {
      opened = new AvroCursor(path, schema, source.keyField(), source.weight(), source.extras());
    }
    long skipped = 0;
    while (skipped < skip && opened.skip()) {
      skipped++;
    }
    return opened;
  }

  /** The rows or records of one file, in order; null at the end. */
  interface RowCursor extends Closeable {
    ReadOutcome next() throws IOException;

    /** Passes over one row without decoding it (no dead letter, no metric); false at the end. */
    boolean skip() throws IOException;
  }

  /** A file that could not be opened: one dead letter for the rows from {@code first} on. */
  private static final class UnopenedFile implements RowCursor {
    private final String path;
    private final long first;
    private String why;

    UnopenedFile(String path, long first, String why) {
      this.path = path;
      this.first = first;
      this.why = why;
    }

    @Override
    public ReadOutcome next() {
      if (why == null) {
        return null;
      }
      String message = why;
      why = null;
      return ReadOutcome.unreadRest(
          DeadLetters.unreadRest(
              path + ":" + (first + 1),
              PayloadFormat.CSV,
              message + "; rows from " + (first + 1) + " on were not read"));
    }

    @Override
    public boolean skip() {
      return false;
    }

    @Override
    public void close() {}
  }

  private static InputStream stream(String path) throws IOException {
    return Channels.newInputStream(
        FileSystems.open(FileSystems.matchSingleFileSpec(path).resourceId()));
  }

  /**
   * The records of one Avro file, resolved to the stream's schema one by one ({@link
   * RecordResolver}): a record the schema cannot hold is a decode dead letter, not a failed stream;
   * so is every record of a file whose schema and the stream's disagree about the weight field, or
   * whose schema has fields a schema taken from the first file lacks ({@link ExtraColumns}). A file
   * that is not Avro, has a damaged block or ends inside a block ({@link AvroContainer}) ends with
   * one dead letter for the rest of it, so that the stream neither fails nor, restored from a
   * checkpoint, fails again on the same file.
   */
  private static final class AvroCursor implements RowCursor {
    private final String path;
    private final AvroContainer container;
    private final RecordResolver resolver;
    private final String keyField;
    private String unreadable;
    private boolean ended;
    private long number;

    AvroCursor(
        String path, Schema schema, String keyField, WeightColumn weight, ExtraColumns extras)
        throws IOException {
      this.path = path;
      this.keyField = keyField;
      AvroContainer opened = null;
      RecordResolver resolving = null;
      long length = -1;
      try {
        MatchResult.Metadata file = FileSystems.matchSingleFileSpec(path);
        length = file.sizeBytes();
        opened = AvroContainer.open(FileSystems.open(file.resourceId()));
        Schema writer = opened.records().getSchema();
        resolving =
            writer.equals(schema)
                ? null
                : new RecordResolver(
                    writer,
                    schema,
                    GenericData.get(),
                    RecordResolver.Refusal.of(writer, schema, weight, extras));
      } catch (IOException | RuntimeException e) {
        unreadable = AvroContainer.whyUnreadable(e, length);
      }
      this.container = opened;
      this.resolver = resolving;
    }

    @Override
    public ReadOutcome next() throws IOException {
      GenericRecord written = advance();
      if (written == null) {
        if (unreadable == null) {
          return null;
        }
        String why = unreadable;
        unreadable = null;
        return ReadOutcome.unreadRest(
            DeadLetters.unreadRest(path + ":" + number, PayloadFormat.AVRO, why));
      }
      String source = path + ":" + number;
      if (resolver == null) {
        return ReadOutcome.of(SourcedRecord.of(source, written, PayloadFormat.AVRO));
      }
      try {
        return ReadOutcome.of(
            SourcedRecord.of(source, resolver.resolve(written), PayloadFormat.AVRO));
      } catch (RecordResolver.Unresolvable e) {
        return ReadOutcome.rejected(resolver.deadLetter(source, written, e, keyField));
      }
    }

    @Override
    public boolean skip() throws IOException {
      if (advance() != null) {
        return true;
      }
      boolean skippedFailure = unreadable != null;
      unreadable = null;
      return skippedFailure;
    }

    /**
     * The next record as written, numbered; null at the end of the file or once it cannot be read
     * further ({@link #unreadable} then says why, and {@link #number} is the first record lost).
     */
    private GenericRecord advance() throws IOException {
      if (ended || container == null) {
        ended = true;
        number = Math.max(number, 1);
        return null;
      }
      number++;
      try {
        if (AvroBlockMemory.guard(container.records()::hasNext)) {
          GenericRecord record = AvroBlockMemory.guard(container.records()::next);
          container.afterRecord();
          return record;
        }
        if (container.endedEarly()) {
          unreadable = AvroContainer.ENDED_EARLY;
        }
      } catch (RuntimeException e) {
        unreadable =
            container
                .damagedBlock(e)
                .orElse("cannot read the file from record " + number + " on: " + e.getMessage());
      }
      ended = true;
      return null;
    }

    @Override
    public void close() throws IOException {
      if (container != null) {
        container.close();
      }
    }
  }
}
