package org.flowimpute.pipelines.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.Read;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.flowimpute.avro.DeadLetter;
import org.flowimpute.pipelines.stream.CalibratedSchema;
import org.flowimpute.pipelines.stream.EventTimePolicy;
import org.flowimpute.pipelines.transforms.DeadLetters;
import org.flowimpute.pipelines.values.ModelFields;
import org.flowimpute.pipelines.values.SourcedRecord;
import org.flowimpute.pipelines.values.SourcedRecordCoder;
import org.joda.time.Duration;

/**
 * A continuously watched directory (or glob) of Avro and CSV files as a {@link RecordSource}: new
 * files are picked up every poll interval and read once each, with event time and watermark from an
 * {@link EventTimePolicy}. Checkpointed (which files are done, how far the current one was read),
 * so a restored job neither skips nor repeats records.
 *
 * <pre>{@code
 * pipeline.apply("ReadSource", DirectoryWatchSource.watching("/data/incoming")
 *     .withModel(fields).withPolicy(policy).withPollInterval(Duration.standardSeconds(5)));
 * }</pre>
 *
 * <p>The record schema is {@link #withSchema}'s, else the first file's in the directory (Avro: its
 * schema; CSV: its header typed by the model, see {@link CsvSchemas}); the records of a file that
 * disagrees with it about the model's weight field are dead letters ({@link #fileSource}). Steps:
 * {@code ReadDirectory} (an unbounded source with one reader, emitting {@link ReadChunk}s of up to
 * {@value DirectoryReader#CHUNK_OUTCOMES} records), {@code RedistributeChunks} (a {@code Reshuffle}
 * of the chunks over the workers; not {@link #withoutRedistribution}), {@code SplitDeadLetters}
 * (records and dead letters out of the chunks, each with its own timestamp). Immutable.
 *
 * <p>Expanding it records its settings in the pipeline options ({@link DirectorySourceOptions}): a
 * job resumed from a checkpoint or savepoint reads with them, not with the settings of the run that
 * wrote the checkpoint (see {@link DirectoryFileSource}).
 */
public final class DirectoryWatchSource extends RecordSource {

  private static final long serialVersionUID = 1L;

  private static final TupleTag<SourcedRecord> RECORDS = new TupleTag<>() {};
  private static final TupleTag<DeadLetter> FAILED = new TupleTag<>() {};

  private final String location;
  private final ModelFields model;
  private final Schema schema;
  private final EventTimePolicy policy;
  private final Duration pollInterval;
  private final boolean redistribute;
  private final String keyField;
  private final String schemaOrigin;

  private DirectoryWatchSource(
      String location,
      ModelFields model,
      Schema schema,
      EventTimePolicy policy,
      Duration pollInterval,
      boolean redistribute,
      String keyField,
      String schemaOrigin) {
    this.location = Objects.requireNonNull(location, "location");
    this.model = model;
    this.schema = schema;
    this.policy = policy;
    this.pollInterval = pollInterval;
    this.redistribute = redistribute;
    this.keyField = keyField;
    this.schemaOrigin = schemaOrigin;
  }

  /**
   * Watches {@code location}: a directory (all its files) or a glob; a relative local location is
   * made absolute here, against this process's working directory ({@link LocalLocations}).
   */
  public static DirectoryWatchSource watching(String location) {
    return new DirectoryWatchSource(
        LocalLocations.absolute(location),
        null,
        null,
        null,
        Duration.standardSeconds(5),
        true,
        null,
        null);
  }

  /** The model whose fields type CSV columns. */
  public DirectoryWatchSource withModel(ModelFields model) {
    return new DirectoryWatchSource(
        location, model, schema, policy, pollInterval, redistribute, keyField, schemaOrigin);
  }

  /** Reads records as {@code schema} (null: the first file's). */
  public DirectoryWatchSource withSchema(Schema schema) {
    return new DirectoryWatchSource(
        location, model, schema, policy, pollInterval, redistribute, keyField, schemaOrigin);
  }

  /** Event time, watermark and lateness. */
  public DirectoryWatchSource withPolicy(EventTimePolicy policy) {
    return new DirectoryWatchSource(
        location, model, schema, policy, pollInterval, redistribute, keyField, schemaOrigin);
  }

  /** How often the directory is listed. */
  public DirectoryWatchSource withPollInterval(Duration pollInterval) {
    return new DirectoryWatchSource(
        location, model, schema, policy, pollInterval, redistribute, keyField, schemaOrigin);
  }

  /** Keeps the records on the reading worker (the DirectRunner runs in one process anyway). */
  public DirectoryWatchSource withoutRedistribution() {
    return new DirectoryWatchSource(
        location, model, schema, policy, pollInterval, false, keyField, schemaOrigin);
  }

  /**
   * The job's key field: a CSV row that cannot be decoded but whose key cell reads carries that key
   * in its dead letter, as in batch ({@code CsvRowDecoder}); null when the job keys by content.
   */
  public DirectoryWatchSource withKeyField(String keyField) {
    return new DirectoryWatchSource(
        location, model, schema, policy, pollInterval, redistribute, keyField, schemaOrigin);
  }

  /**
   * Where the given schema ({@link #withSchema}) comes from, as dead letters of files that disagree
   * with it about the weight field name it (e.g. "that of --recordSchema s.avsc"; default: "the
   * given schema"). Without a given schema they name the file it is taken from.
   */
  public DirectoryWatchSource withSchemaOrigin(String schemaOrigin) {
    return new DirectoryWatchSource(
        location, model, schema, policy, pollInterval, redistribute, keyField, schemaOrigin);
  }

  /** The glob that is listed: the location itself, or every file of the directory it names. */
  public String glob() {
    boolean isGlob = location.chars().anyMatch(c -> "*?[{".indexOf(c) >= 0);
    if (isGlob) {
      return location;
    }
    return location.endsWith("/") ? location + "*" : location + "/*";
  }

  /**
   * The directory that must exist for anything to be watched: the location itself, or for a glob
   * the directory of its part before the first wildcard ({@code in/*.avro}: {@code in}; {@code
   * *.csv}: the working directory).
   */
  public String watchedDirectory() {
    int wildcard = -1;
    for (int i = 0; i < location.length(); i++) {
      if ("*?[{".indexOf(location.charAt(i)) >= 0) {
        wildcard = i;
        break;
      }
    }
    if (wildcard < 0) {
      return location.length() > 1 && location.endsWith("/")
          ? location.substring(0, location.length() - 1)
          : location;
    }
    int slash = location.lastIndexOf('/', wildcard);
    return slash < 0 ? "." : slash == 0 ? "/" : location.substring(0, slash);
  }

  /**
   * The schema records will have: the given one, else that of the first file in name order that
   * holds records, else of the first whose schema can be read, as in the batch job ({@link
   * ReadRecords#schemaSource}), Avro files before CSV files ({@link #avroFirst}); a record-less
   * first file with an older schema made every record of the others a dead letter, and an empty one
   * made the stream fail.
   */
  public Schema schema() {
    return schemaSource().schema();
  }

  /** The file the records' schema comes from ({@link #schema}), with that schema. */
  private ReadRecords.SchemaSource schemaSource() {
    if (schema != null) {
      return new ReadRecords.SchemaSource(
          schemaOrigin != null ? schemaOrigin : "the given schema", schema);
    }
    List<String> files;
    try {
      files =
          FileSystems.match(List.of(glob()), EmptyMatchTreatment.ALLOW).get(0).metadata().stream()
              .filter(new VisibleFiles(glob())::apply)
              .map(m -> m.resourceId().toString())
              .filter(DirectoryReader::readable)
              .sorted()
              .toList();
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "dir://" + location + ": cannot list: " + e.getMessage(), e);
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException(
          "dir://"
              + location
              + " holds no .avro or .csv file yet: give the record schema (--recordSchema)");
    }
    ReadRecords.SchemaSource withoutRecords = null;
    String firstProblem = null;
    for (String file : avroFirst(files)) {
      try {
        ReadRecords.SchemaSource source = ReadRecords.from(file).withModel(model).schemaSource();
        if (source.holdsRecords()) {
          return source;
        }
        withoutRecords = withoutRecords == null ? source : withoutRecords;
      } catch (IllegalArgumentException | UncheckedIOException e) {
        firstProblem = firstProblem == null ? e.getMessage() : firstProblem;
      }
    }
    if (withoutRecords != null) {
      return withoutRecords;
    }
    throw new IllegalArgumentException(
        "dir://"
            + location
            + ": no file gives the records' schema yet ("
            + firstProblem
            + "): give the record schema (--recordSchema)");
  }

  /**
   * The unbounded source reading the files as {@link #schema}: a CSV file whose header, or an Avro
   * file whose schema, holds the model's weight field the records' schema lacks (or lacks the
   * records' schema's weight field) has each record set aside as a {@code decode} dead letter
   * saying so, as in the batch job: the weight would be dropped (the record weighing 1) or absent;
   * so is each row of a CSV file whose header lacks a condition column ({@link ConditionColumns}),
   * and, when the schema is the first file's, each record of a file with columns or fields it lacks
   * ({@link ExtraColumns}), whose values would be dropped.
   */
  DirectoryFileSource fileSource() {
    ReadRecords.SchemaSource source = schemaSource();
    String origin =
        schema != null
            ? source.file()
            : "that of "
                + source.file()
                + " (the first file of the watched directory that holds records)";
    WeightColumn weight =
        model == null || model.weightField() == null
            ? null
            : new WeightColumn(model.weightField(), origin);
    return new DirectoryFileSource(
        glob(),
        source.schema(),
        policy,
        pollInterval,
        0,
        1,
        keyField,
        weight,
        ConditionColumns.of(model, origin),
        ObservedTargetColumns.of(model),
        schema != null || model == null
            ? null
            : ExtraColumns.of(model, origin).replacing(CalibratedSchema.CALIBRATED_WEIGHT));
  }

  /**
   * {@code files} (in name order) with the Avro files first: a CSV row is read into an Avro file's
   * schema field by field, but a CSV header types every column the model does not read as text,
   * which an Avro file's numbers cannot be read into (a directory of a record-less Avro file, a CSV
   * file and an Avro file dead-lettered the Avro records).
   */
  private static List<String> avroFirst(List<String> files) {
    List<String> ordered = new ArrayList<>();
    files.stream().filter(f -> InputFormat.fromPath(f) == InputFormat.AVRO).forEach(ordered::add);
    files.stream().filter(f -> InputFormat.fromPath(f) != InputFormat.AVRO).forEach(ordered::add);
    return ordered;
  }

  @Override
  public WithFailures.Result<PCollection<SourcedRecord>, DeadLetter> expand(PBegin begin) {
    if (policy == null) {
      throw new IllegalStateException("DirectoryWatchSource needs an EventTimePolicy");
    }
    DirectoryFileSource files = fileSource();
    Schema recordSchema = files.schema();
    files.register(begin.getPipeline().getOptions());
    PCollection<ReadChunk> chunks = begin.apply("ReadDirectory", Read.from(files));
    if (redistribute) {
      chunks =
          chunks
              .apply("RedistributeChunks", Reshuffle.viaRandomKey())
              .setCoder(new ReadChunk.ChunkCoder(recordSchema));
    }
    PCollectionTuple split =
        chunks.apply(
            "SplitDeadLetters",
            ParDo.of(new SplitOutcomesFn()).withOutputTags(RECORDS, TupleTagList.of(FAILED)));
    return WithFailures.Result.of(
        split.get(RECORDS).setCoder(SourcedRecordCoder.of(recordSchema)),
        split.get(FAILED).setCoder(DeadLetters.coder()));
  }

  /**
   * Splits a chunk: its records and dead letters to their own outputs, each with its own timestamp
   * (never earlier than the chunk's, which is the earliest of them). Counts them ({@code
   * records_read}, the dead letters' metrics and {@code unread_rests}), which the reader does not
   * (see {@link DirectoryReader}).
   */
  private static final class SplitOutcomesFn extends DoFn<ReadChunk, SourcedRecord> {
    private final Counter read = Metrics.counter(DeadLetters.METRICS_NAMESPACE, "records_read");

    @ProcessElement
    public void processElement(@Element ReadChunk chunk, MultiOutputReceiver out) {
      read.inc(chunk.outcomes().size());
      for (ReadChunk.Timed timed : chunk.outcomes()) {
        ReadOutcome outcome = timed.outcome();
        if (outcome.record() != null) {
          out.get(RECORDS).outputWithTimestamp(outcome.record(), timed.timestamp());
        } else {
          DeadLetters.count(outcome.deadLetter());
          if (outcome.unreadRest()) {
            DeadLetters.countUnreadRest();
          }
          out.get(FAILED).outputWithTimestamp(outcome.deadLetter(), timed.timestamp());
        }
      }
    }
  }
}
