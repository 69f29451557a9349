package org.flowimpute.pipelines.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.BufferedInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.flowimpute.avro.DeadLetter;
import org.flowimpute.pipelines.transforms.DeadLetters;
import org.flowimpute.pipelines.values.ModelFields;
import org.flowimpute.pipelines.values.SourcedRecord;
import org.flowimpute.pipelines.values.SourcedRecordCoder;
import org.flowimpute.table.AvroFileDamage;
import org.flowimpute.table.CsvCellRows;
import org.flowimpute.table.FileHead;
import org.flowimpute.table.NotUtf8Exception;
import org.flowimpute.table.TableException;
import org.flowimpute.table.TableFiles;

/**
 * Reads the files a glob matches (Avro, CSV or Parquet) as {@link SourcedRecord}s of one schema,
 * plus the dead letters of rows that could not be decoded.
 *
 * <p>The schema is fixed when the pipeline is built, from the first matching file in name order:
 * its Avro or Parquet schema (other files are resolved to it), or for CSV its header typed by the
 * model ({@link CsvSchemas}). A later file with columns or fields that schema lacks has each record
 * a dead letter naming them ({@link #extraColumns}); a given schema ({@link #withSchema}) reads its
 * own fields alone.
 *
 * <pre>{@code
 * WithFailures.Result<PCollection<SourcedRecord>, DeadLetter> read =
 *     pipeline.apply("ReadRecords", ReadRecords.from("in/*.csv").withModel(fields));
 * }</pre>
 *
 * <p>Steps: for Avro {@code ReadBlocks} ({@link ReadAvroBlocks}: the files' data blocks, still
 * encoded, are spread over all workers) and {@code DecodeRecords}; for CSV and Parquet {@code
 * MatchFiles}, {@code SkipHiddenFiles} ({@link VisibleFiles}), {@code ReadMatches}, {@code
 * ReadFiles} and {@code RedistributeRecords} (the decoded records are spread). {@link
 * #withoutRedistribution} drops the redistribution. Immutable: {@code withX()} returns a modified
 * copy.
 */
public final class ReadRecords
    extends PTransform<PBegin, WithFailures.Result<PCollection<SourcedRecord>, DeadLetter>> {

  /**
   * The glob matches no file (or cannot be matched); a job names its option with it, as the message
   * names the glob alone.
   */
  public static final class NoFileMatchesException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private NoFileMatchesException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * No matching file can give the records' schema (empty, not of the format, damaged); a job names
   * its option with it, as the message names the glob and the first file's problem alone.
   */
  public static final class NoSchemaException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private NoSchemaException(String message) {
      super(message);
    }
  }

  /** Decoded records. */
  static final TupleTag<SourcedRecord> RECORDS = new TupleTag<>() {};

  /** Rows that could not be decoded. */
  static final TupleTag<DeadLetter> FAILED = new TupleTag<>() {};

  private final String glob;
  private final InputFormat format;
  private final ModelFields model;
  private final Schema schema;
  private final boolean redistribute;
  private final String keyField;
  private final String schemaOrigin;

  /** The files' schema once looked up: the pipeline asks for it several times while it is built. */
  private transient SchemaSource found;

  private ReadRecords(
      String glob,
      InputFormat format,
      ModelFields model,
      Schema schema,
      boolean redistribute,
      String keyField,
      String schemaOrigin) {
    this.glob = Objects.requireNonNull(glob, "glob");
    this.format = format;
    this.model = model;
    this.schema = schema;
    this.redistribute = redistribute;
    this.keyField = keyField;
    this.schemaOrigin = schemaOrigin;
  }

  /**
   * Reads the files {@code glob} matches; the format follows the extension unless given. The job
   * matches a relative local glob at its absolute path on this process's working directory ({@link
   * LocalLocations}); messages name it as given.
   */
  public static ReadRecords from(String glob) {
    return new ReadRecords(glob, null, null, null, true, null, null);
  }

  /** Reads files of {@code format} whatever their extension. */
  public ReadRecords withFormat(InputFormat format) {
    return new ReadRecords(glob, format, model, schema, redistribute, keyField, schemaOrigin);
  }

  /** The model whose fields type CSV columns (required for CSV unless a schema is given). */
  public ReadRecords withModel(ModelFields model) {
    return new ReadRecords(glob, format, model, schema, redistribute, keyField, schemaOrigin);
  }

  /**
   * Reads the records as {@code schema} (null: the first file's): CSV columns are decoded to its
   * fields' types, Avro and Parquet records are resolved to it as to the first file's schema.
   */
  public ReadRecords withSchema(Schema schema) {
    return new ReadRecords(glob, format, model, schema, redistribute, keyField, schemaOrigin);
  }

  /** Keeps each file's records on the worker that read it. */
  public ReadRecords withoutRedistribution() {
    return new ReadRecords(glob, format, model, schema, false, keyField, schemaOrigin);
  }

  /**
   * The job's key field ({@code --key-field}; null keys by content): the {@code decode} dead letter
   * of a CSV row whose key cell reads carries the record key a record with that value gets.
   */
  public ReadRecords withKeyField(String keyField) {
    return new ReadRecords(glob, format, model, schema, redistribute, keyField, schemaOrigin);
  }

  /**
   * Where the records' schema comes from, as CSV rows' dead letters name it (default: "that of" the
   * file {@link #schemaSource} names).
   */
  public ReadRecords withSchemaOrigin(String schemaOrigin) {
    return new ReadRecords(glob, format, model, schema, redistribute, keyField, schemaOrigin);
  }

  /** The format that will be read. */
  public InputFormat format() {
    return format != null ? format : InputFormat.fromPath(glob);
  }

  /**
   * The schema records will have: the given one, or that of the first matching file in name order
   * that can give one ({@link #schemaSource}). Reads files' headers, so call it only when the files
   * exist.
   */
  public Schema schema() {
    return schema != null ? schema : schemaSource().schema();
  }

  /**
   * The file the records' schema comes from, with that schema: the first matching file in name
   * order that is not empty and whose schema (Avro, Parquet) or header (CSV) can be read, and that
   * holds records if any such file does. An empty file sorting first (a Spark {@code _SUCCESS}
   * marker) made the whole job fail, and a first Avro file without records (written with an older
   * schema, say) made every record of the others a dead letter. Files passed over here are still
   * read: an unreadable one is a dead letter.
   *
   * @throws NoFileMatchesException if no file matches
   * @throws NoSchemaException if none can give a schema (naming the first file's problem)
   */
  public SchemaSource schemaSource() {
    if (schema != null) {
      return new SchemaSource("the given schema", schema);
    }
    if (found == null) {
      found = findSchemaSource();
    }
    return found;
  }

  /**
   * The schema of the files themselves ({@link #schemaSource} as if no schema were given), to
   * compare a given schema with; empty if no file can give one (the job then reads them as the
   * given schema, and an unreadable file is a dead letter).
   */
  public Optional<SchemaSource> filesSchemaSource() {
    return schema == null ? Optional.of(schemaSource()) : Optional.ofNullable(search().found());
  }

  private SchemaSource findSchemaSource() {
    SchemaSearch search = search();
    if (search.found() != null) {
      return search.found();
    }
    throw new NoSchemaException(
        "no file matching " + glob + " gives the records' schema; the first: " + search.problem());
  }

  /** The first file's schema found by {@link #schemaSource}'s rules (null if none), or why not. */
  private record SchemaSearch(SchemaSource found, String problem) {}

  private SchemaSearch search() {
    if (format() == InputFormat.CSV && model == null) {
      throw new IllegalArgumentException(
          "reading CSV needs the model (withModel) to type its columns");
    }
    SchemaSource withoutRecords = null;
    String firstProblem = null;
    for (MatchResult.Metadata file : filesByName()) {
      if (file.sizeBytes() == 0) {
        firstProblem = firstProblem == null ? file.resourceId() + ": empty file" : firstProblem;
        continue;
      }
      try {
        SchemaSource source = readSchema(file);
        if (source.holdsRecords()) {
          return new SchemaSearch(source, null);
        }
        withoutRecords = withoutRecords == null ? source : withoutRecords;
      } catch (TableException e) {
        // a file of the right format whose content cannot be read as records: the message says why
        firstProblem = firstProblem == null ? e.getMessage() : firstProblem;
      } catch (IOException | RuntimeException e) {
        firstProblem =
            firstProblem == null
                ? file.resourceId()
                    + ": cannot read its schema as "
                    + format().name().toLowerCase(Locale.ROOT)
                    + " (is --inputFormat right?): "
                    + problem(e)
                : firstProblem;
      }
    }
    return new SchemaSearch(withoutRecords, firstProblem);
  }

  /**
   * What {@code e} says, without Jackson's reference chain (its own internal path), also where a
   * Jackson error is the cause of {@code e}.
   */
  private static String problem(Exception e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof JsonProcessingException json) {
        return json.getOriginalMessage();
      }
    }
    return e.getMessage();
  }

  /**
   * Where the records' schema comes from.
   *
   * @param file the file (or "the given schema")
   * @param schema the records' schema
   * @param holdsRecords whether that file holds records (a CSV file with a header counts)
   */
  public record SchemaSource(String file, Schema schema, boolean holdsRecords) {
    SchemaSource(String file, Schema schema) {
      this(file, schema, true);
    }
  }

  private SchemaSource readSchema(MatchResult.Metadata file) throws IOException {
    String name = file.resourceId().toString();
    return switch (format()) {
      case AVRO -> avroSchema(file);
      case PARQUET -> new SchemaSource(name, parquetSchema(file), true);
      case CSV -> new SchemaSource(name, CsvSchemas.forHeader(csvHeader(file), model), true);
    };
  }

  /**
   * The Avro files' data blocks, still encoded, spread over the workers unless {@link
   * #withoutRedistribution}: for steps that decode the records themselves.
   *
   * @throws IllegalStateException if the format is not Avro
   */
  public ReadAvroBlocks avroBlocks() {
    if (format() != InputFormat.AVRO) {
      throw new IllegalStateException("reading " + glob + " as " + format() + ", not Avro");
    }
    ReadAvroBlocks blocks = ReadAvroBlocks.from(LocalLocations.absolute(glob));
    return redistribute ? blocks : blocks.withoutRedistribution();
  }

  @Override
  public WithFailures.Result<PCollection<SourcedRecord>, DeadLetter> expand(PBegin begin) {
    Schema recordSchema = schema();
    SourcedRecordCoder coder = SourcedRecordCoder.of(recordSchema);
    if (format() == InputFormat.AVRO) {
      return readAvro(begin, recordSchema, coder);
    }
    PCollection<FileIO.ReadableFile> files =
        begin
            .apply("MatchFiles", FileIO.match().filepattern(LocalLocations.absolute(glob)))
            .apply("SkipHiddenFiles", Filter.by(new VisibleFiles(glob)))
            .apply("ReadMatches", FileIO.readMatches());
    DoFn<FileIO.ReadableFile, SourcedRecord> reader =
        format() == InputFormat.PARQUET
            ? new ReadParquetFilesFn(recordSchema, keyField, weightColumn(), extraColumns())
            : new ReadCsvFilesFn(
                recordSchema,
                keyField,
                weightColumn(),
                conditionColumns(),
                ObservedTargetColumns.of(model),
                extraColumns());
    PCollectionTuple read =
        files.apply("ReadFiles", ParDo.of(reader).withOutputTags(RECORDS, TupleTagList.of(FAILED)));
    PCollection<SourcedRecord> records = read.get(RECORDS).setCoder(coder);
    if (redistribute) {
      records = records.apply("RedistributeRecords", Reshuffle.viaRandomKey()).setCoder(coder);
    }
    return WithFailures.Result.of(records, read.get(FAILED).setCoder(DeadLetters.coder()));
  }

  /** The condition columns each CSV file's header is checked for ({@link ConditionColumns}). */
  ConditionColumns conditionColumns() {
    return ConditionColumns.of(model, schemaOriginForMessages());
  }

  /**
   * The check of columns (CSV) and fields (Avro, Parquet) a file has and the records' schema lacks,
   * when that schema is the first file's and the model is known ({@link ExtraColumns}: each record
   * of such a file is a dead letter, where its values would be dropped); null with a given schema,
   * whose fields alone are read, or without a model.
   */
  public ExtraColumns extraColumns() {
    return schema != null || model == null
        ? null
        : ExtraColumns.of(model, schemaOriginForMessages());
  }

  /** Where the records' schema comes from, as dead letters name it. */
  private String schemaOriginForMessages() {
    return schemaOrigin != null
        ? schemaOrigin
        : schema != null ? "the given schema" : "that of " + schemaSource().file();
  }

  /**
   * The weight field each CSV file's header, Avro file's writer schema or Parquet file's schema is
   * checked for against the records' schema, or null when the model names no weight field.
   */
  public WeightColumn weightColumn() {
    if (model == null || model.weightField() == null) {
      return null;
    }
    return new WeightColumn(model.weightField(), schemaOriginForMessages());
  }

  /**
   * Avro files are split into their data blocks, the blocks (not the records) are redistributed,
   * and each worker decodes its blocks: no Avro record is encoded and decoded again on the way.
   */
  private WithFailures.Result<PCollection<SourcedRecord>, DeadLetter> readAvro(
      PBegin begin, Schema recordSchema, SourcedRecordCoder coder) {
    PCollectionTuple decoded =
        begin
            .apply("ReadBlocks", avroBlocks())
            .apply(
                "DecodeRecords",
                ParDo.of(
                        new DecodeAvroBlocksFn(
                            recordSchema, keyField, weightColumn(), extraColumns()))
                    .withOutputTags(RECORDS, TupleTagList.of(FAILED)));
    return WithFailures.Result.of(
        decoded.get(RECORDS).setCoder(coder), decoded.get(FAILED).setCoder(DeadLetters.coder()));
  }

  private List<MatchResult.Metadata> filesByName() {
    try {
      List<MatchResult.Metadata> matched =
          FileSystems.match(glob, EmptyMatchTreatment.DISALLOW).metadata();
      VisibleFiles visible = new VisibleFiles(glob);
      List<MatchResult.Metadata> files = matched.stream().filter(visible::apply).toList();
      if (files.isEmpty()) {
        List<String> hidden = matched.stream().map(VisibleFiles::name).toList();
        throw new NoFileMatchesException(
            "no file matches " + glob + TableFiles.hiddenSkipped(hidden), null);
      }
      return files.stream().sorted(Comparator.comparing(m -> m.resourceId().toString())).toList();
    } catch (FileNotFoundException e) {
      // Beam's text ("No files matched spec: <glob>") said the same again
      throw new NoFileMatchesException("no file matches " + glob, e);
    } catch (IOException e) {
      throw new NoFileMatchesException("no file matches " + glob + ": " + e.getMessage(), e);
    }
  }

  /**
   * The schema of an Avro file; a header cut short is a {@link TableException} saying so ("is
   * --inputFormat right?" does not fit a file that starts as Avro does).
   */
  private static SchemaSource avroSchema(MatchResult.Metadata file) throws IOException {
    AvroContainer container;
    try {
      container = AvroContainer.open(FileSystems.open(file.resourceId()));
    } catch (TableException otherFormat) {
      // another format: the schema search asks about the format option, then says which
      throw new IOException(otherFormat.getMessage(), otherFormat);
    } catch (IOException | RuntimeException e) {
      Optional<String> cut = AvroFileDamage.cutHeader(e, file.sizeBytes());
      if (cut.isPresent()) {
        throw new TableException(file.resourceId() + ": " + cut.get(), e);
      }
      throw e;
    }
    try (container) {
      return new SchemaSource(
          file.resourceId().toString(), container.records().getSchema(), container.hasBlocks());
    }
  }

  private static Schema parquetSchema(MatchResult.Metadata file) throws IOException {
    ReadableByteChannel channel = FileSystems.open(file.resourceId());
    if (!(channel instanceof SeekableByteChannel seekable)) {
      channel.close();
      throw new IOException("Parquet needs a seekable file system");
    }
    try {
      return ParquetSchemas.of(seekable, file.resourceId().toString());
    } catch (TableException e) {
      throw e;
    } catch (RuntimeException e) {
      // parquet-hadoop says "… is not a Parquet file" with a RuntimeException
      throw new IOException(e.getMessage(), e);
    }
  }

  private static List<String> csvHeader(MatchResult.Metadata file) throws IOException {
    try (InputStream bytes =
        new BufferedInputStream(Channels.newInputStream(FileSystems.open(file.resourceId())))) {
      FileHead head = FileHead.peek(bytes);
      try (CsvCellRows rows = CsvRowDecoder.rows(bytes)) {
        if (!rows.hasNext()) {
          throw new IOException("empty CSV file, expected a header row");
        }
        return Arrays.asList(rows.next());
      } catch (NotUtf8Exception notText) {
        Optional<String> format = head.knownFormat();
        if (format.isPresent()) {
          // not Jackson's words, which a cause would bring back (problem)
          IOException otherFormat = new IOException("not CSV text: " + format.get());
          otherFormat.addSuppressed(notText);
          throw otherFormat;
        }
        throw notText;
      }
    }
  }
}
