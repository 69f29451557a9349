package org.flowimpute.pipelines;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.extensions.avro.io.AvroIO;
import org.apache.beam.sdk.io.FileBasedSink;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunctions;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.flowimpute.avro.DeadLetter;
import org.flowimpute.bundle.BundleException;
import org.flowimpute.household.HouseholdContext;
import org.flowimpute.pipelines.io.FastDatumWriter;
import org.flowimpute.pipelines.io.ImputedBlockFiles;
import org.flowimpute.pipelines.io.InputFormat;
import org.flowimpute.pipelines.io.OutputPrefixes;
import org.flowimpute.pipelines.io.ReadAvroBlocks;
import org.flowimpute.pipelines.io.ReadRecords;
import org.flowimpute.pipelines.io.RecordSources;
import org.flowimpute.pipelines.io.ShardFileNames;
import org.flowimpute.pipelines.io.TempDirectoryCleanup;
import org.flowimpute.pipelines.io.UnreadableCsvHouseholdsFn;
import org.flowimpute.pipelines.io.UnresolvedRecordHouseholdsFn;
import org.flowimpute.pipelines.options.BatchOptions;
import org.flowimpute.pipelines.options.ImputeOptions;
import org.flowimpute.pipelines.options.ModelOptions;
import org.flowimpute.pipelines.transforms.BundleModelProvider;
import org.flowimpute.pipelines.transforms.ImputeAvroBlocks;
import org.flowimpute.pipelines.transforms.ImputeHouseholds;
import org.flowimpute.pipelines.transforms.ImputeRecords;
import org.flowimpute.pipelines.transforms.ModelProvider;
import org.flowimpute.pipelines.transforms.RejectSharedKeys;
import org.flowimpute.pipelines.transforms.RejectUnreadableHouseholds;
import org.flowimpute.pipelines.transforms.SharedKeys;
import org.flowimpute.pipelines.values.ConditionField;
import org.flowimpute.pipelines.values.ConditionFieldTypes;
import org.flowimpute.pipelines.values.ImputedBlock;
import org.flowimpute.pipelines.values.ModelFields;
import org.flowimpute.pipelines.values.SourcedRecord;
import org.flowimpute.table.AvroLimits;

/**
 * The batch imputation job: read files (Avro, CSV, Parquet) → validate → impute in batches with
 * ONNX Runtime → write Avro files whose schema is the input schema plus the imputed fields, and
 * every rejected record as a dead letter (one Avro sink for all stages).
 *
 * <p>Steps: for Avro input and a person-level model {@code ReadBlocks}, {@code ImputeAvroBlocks}
 * (per data block), otherwise {@code ReadRecords} and {@code ImputeRecords} or {@code
 * ImputeHouseholds} (per record); then {@code WriteImputed}, {@code FlattenDeadLetters}, {@code
 * WriteDeadLetters}. On the DirectRunner records are not redistributed after reading (it runs in
 * one process, and one keyed bundle per bucket makes it slow). Runs on any Beam runner chosen by
 * the options ({@code --runner=DirectRunner|FlinkRunner|DataflowRunner ...}).
 */
public final class ImputePipeline {

  private ImputePipeline() {}

  /**
   * Runs the job with options from the command line ({@code --model=... --input=...}) and waits for
   * it to end, but on Dataflow ({@link RunnerKinds#mainWaitsForTheJob}). Started by the JVM ({@code
   * java -cp ...}), it ends the process with exit code 1 when it fails ({@link ProcessEntryPoint}).
   */
  public static void main(String[] args) throws Exception {
    ProcessEntryPoint.run(ImputePipeline.class, () -> runMain(args));
  }

  private static void runMain(String[] args) throws InterruptedException {
    AvroLimits.install();
    PipelineOptionsFactory.register(ImputeOptions.class);
    ImputeOptions options =
        PipelineOptionsFactory.fromArgs(args).withValidation().as(ImputeOptions.class);
    ImmutabilityCheck.offUnlessAsked(options, List.of(args));
    OutputPrefixes.requireUsable(options, "--output", options.getOutput());
    OutputPrefixes.requireUsable(options, "--deadLetterOutput", deadLetterPrefix(options));
    OutputPrefixes.requireSeparate(
        options,
        List.of(
            Map.entry("--output", options.getOutput()),
            Map.entry("--deadLetterOutput", deadLetterPrefix(options))));
    requireNoEarlierShards(options, "--deadLetterOutput");
    PipelineResult.State state;
    try (TempDirectoryCleanup cleanup =
        TempDirectoryCleanup.register(JobTempDirectories.assign(options), System.err::println)) {
      PipelineResult result = run(options);
      if (!RunnerKinds.mainWaitsForTheJob(options)) {
        System.out.println("the imputation job was submitted: " + result.getState());
        return;
      }
      state = result.waitUntilFinish();
    }
    if (state != PipelineResult.State.DONE) {
      throw FailedJobs.ended(options, "the imputation job", state);
    }
  }

  /**
   * Runs the job with the bundle named by {@code --model} (loaded and verified here, before the job
   * starts) and returns without waiting for it to finish.
   */
  public static PipelineResult run(ImputeOptions options) {
    return run(options, modelFrom(options));
  }

  /**
   * The model {@code --model} names (on any Beam file system), run with the options' device,
   * threads, batch size, seed and weight field: impute's and stream's.
   */
  public static <T extends ModelOptions & BatchOptions> BundleModelProvider modelFrom(T options) {
    FileSystems.setDefaultPipelineOptions(options);
    try {
      return BundleModelProvider.load(
          options.getModel(),
          options.getDevice(),
          options.getIntraOpThreads(),
          options.getBatchSize(),
          options.getSeed(),
          options.getWeightField());
    } catch (IllegalArgumentException e) {
      if (e.getCause() instanceof BundleException) {
        // a bundle missing, corrupted or incompatible: named with its option, as the CLI does
        throw new IllegalArgumentException("--model " + e.getMessage(), e);
      }
      throw e;
    }
  }

  /**
   * Runs the job with {@code model} and returns without waiting for it to finish. On Flink, turns
   * on {@code fasterCopy} (no deep copy between chained operators): no step of this job mutates a
   * record after it was emitted; and, but for household jobs ({@link FlinkJobSetup#forBatch}),
   * {@code useDataStreamForBatch}: Flink's DataStream API in batch mode chains a step with several
   * outputs (records and dead letters) to the next one, where the legacy DataSet API encodes and
   * decodes every record between them, and runs the redistribution as a plain rebalance instead of
   * a sort (docs/pipelines.md, benchmark); embedded, pipelined exchanges ({@link
   * EmbeddedFlinkConfig}).
   */
  public static PipelineResult run(ImputeOptions options, ModelProvider model) {
    if (RunnerKinds.isFlink(options)) {
      boolean households = householdContext(options, model).isPresent();
      FlinkJobSetup.forBatch(options, households, households || checksKeys(options));
    }
    Pipeline pipeline = Pipeline.create(options);
    build(pipeline, options, model);
    return pipeline.run();
  }

  /**
   * Adds the job's steps to {@code pipeline}; returns the schema the imputed files will have. Tests
   * call this with a pipeline of their own.
   */
  public static Schema build(Pipeline pipeline, ImputeOptions options, ModelProvider model) {
    ReadRecords read = reader(options, model);
    if (DirectRunner.class.equals(options.getRunner())) {
      read = read.withoutRedistribution();
    }
    HouseholdContext household = householdContext(options, model);
    if (checksKeys(options) && !household.isPresent() && !keysViaSideInput(options)) {
      // the join with the shared-key verdicts spreads the records (or blocks) over the workers
      read = read.withoutRedistribution();
    }
    ReadRecords.SchemaSource source = namingInput(options, read::schemaSource);
    String schemaOrigin =
        options.getRecordSchema() != null
            ? "that of --recordSchema " + options.getRecordSchema()
            : "that of " + source.file() + " (the first file in name order that holds records)";
    requireConditions(source.schema(), schemaOrigin, model.fields(), household);
    requireKeyNotComputed(options.getKeyField(), model.fields());
    requireField(read.schema(), options.getKeyField(), "key field", "--keyField", schemaOrigin);
    requireWeightField(
        read.schema(), options.getWeightField(), options.getWeightFieldRequired(), schemaOrigin);
    if (options.getRecordSchema() != null) {
      Schema given = read.schema();
      namingInput(options, read::filesSchemaSource)
          .ifPresent(
              files ->
                  requireWeightFieldOfFiles(
                      given, options.getRecordSchema(), files, options.getWeightField()));
    }
    read = read.withSchemaOrigin(schemaOrigin);
    if (household.isPresent()) {
      requireField(
          read.schema(),
          household.idField(),
          "household id field",
          "--householdField",
          schemaOrigin);
    }
    if (read.format() == InputFormat.AVRO && !household.isPresent()) {
      return buildForAvroBlocks(pipeline, options, model, read);
    }
    WithFailures.Result<PCollection<SourcedRecord>, DeadLetter> records =
        pipeline.apply("ReadRecords", read);
    Schema outputSchema;
    WithFailures.Result<PCollection<GenericRecord>, DeadLetter> imputed;
    PCollection<DeadLetter> readFailures = records.failures();
    if (household.isPresent()) {
      ImputeHouseholds impute =
          ImputeHouseholds.with(model, household)
              .withBatchSize(options.getBatchSize())
              .withKeyField(options.getKeyField());
      outputSchema = impute.outputSchema(read.schema());
      PCollection<SourcedRecord> members = records.output();
      String keyField = checksKeys(options) ? options.getKeyField() : null;
      PCollection<KV<String, String>> unreadable =
          records
              .failures()
              .apply(
                  "UnreadableHouseholds",
                  ParDo.of(
                      read.format() == InputFormat.CSV
                          ? new UnreadableCsvHouseholdsFn(household.idField())
                          : new UnresolvedRecordHouseholdsFn(household.idField())))
              .setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()));
      PCollection<KV<String, KV<String, String>>> shared =
          keyField == null
              ? null
              : SharedKeys.of(
                  members.apply(
                      "KeyOfMembers",
                      ParDo.of(new SharedKeys.KeyOfRecordFn(keyField, household.idField()))),
                  keyField,
                  keysViaSideInput(options));
      WithFailures.Result<PCollection<SourcedRecord>, DeadLetter> readable =
          members.apply(
              "RejectUnreadableHouseholds",
              new RejectUnreadableHouseholds(household.idField(), unreadable, shared, keyField));
      members = readable.output();
      readFailures =
          PCollectionList.of(readFailures)
              .and(readable.failures())
              .apply("FlattenReadFailures", Flatten.pCollections());
      imputed = members.apply("ImputeHouseholds", impute);
    } else {
      ImputeRecords impute =
          ImputeRecords.with(model)
              .withBatchSize(options.getBatchSize())
              .withKeyField(options.getKeyField());
      outputSchema = impute.outputSchema(read.schema());
      PCollection<SourcedRecord> unique = records.output();
      if (checksKeys(options)) {
        WithFailures.Result<PCollection<SourcedRecord>, DeadLetter> checked =
            unique.apply(
                "RejectSharedKeys",
                new RejectSharedKeys(options.getKeyField(), keysViaSideInput(options)));
        unique = checked.output();
        readFailures =
            PCollectionList.of(readFailures)
                .and(checked.failures())
                .apply("FlattenReadFailures", Flatten.pCollections());
      }
      imputed = unique.apply("ImputeRecords", impute);
    }

    imputed
        .output()
        .apply(
            "WriteImputed",
            AvroIO.<GenericRecord>writeCustomTypeToGenericRecords()
                .withFormatFunction(SerializableFunctions.identity())
                .withSchema(outputSchema)
                .withDatumWriterFactory(FastDatumWriter.factory())
                .to(names(options.getOutput()))
                .withTempDirectory(tempDirectory(options, options.getOutput()))
                .withNoSpilling());
    writeDeadLetters(PCollectionList.of(readFailures).and(imputed.failures()), options);
    return outputSchema;
  }

  /**
   * Person-level imputation of Avro files, per data block: {@code ReadBlocks} ({@link
   * ReadAvroBlocks}), {@code ImputeAvroBlocks} (decodes, validates, imputes and encodes each
   * block's records in one step) and {@code WriteImputed} (appends the encoded records to the
   * files), then the dead letters.
   */
  private static Schema buildForAvroBlocks(
      Pipeline pipeline, ImputeOptions options, ModelProvider model, ReadRecords read) {
    ImputeAvroBlocks impute =
        ImputeAvroBlocks.with(model, read.schema())
            .withBatchSize(options.getBatchSize())
            .withKeyField(options.getKeyField())
            .withWeightColumn(read.weightColumn())
            .withExtraColumns(read.extraColumns());
    if (checksKeys(options)) {
      impute = impute.withUniqueKeys(keysViaSideInput(options));
    }
    Schema outputSchema = impute.outputSchema();
    WithFailures.Result<PCollection<ImputedBlock>, DeadLetter> imputed =
        pipeline.apply("ReadBlocks", read.avroBlocks()).apply("ImputeAvroBlocks", impute);
    imputed
        .output()
        .apply(
            "WriteImputed",
            ImputedBlockFiles.write(
                FileBasedSink.convertToFileResourceIfPossible(options.getOutput()),
                tempDirectory(options, options.getOutput()),
                outputSchema));
    writeDeadLetters(PCollectionList.of(imputed.failures()), options);
    return outputSchema;
  }

  /**
   * Writes every dead letter, whatever step rejected it, to one Avro sink. Like the imputed-record
   * sinks, without spilling ({@code withNoSpilling}): a bundle writes one destination, so the spill
   * steps (a group-by-key and two more steps per sink) never carry data, yet every job deployed
   * them.
   */
  private static void writeDeadLetters(
      PCollectionList<DeadLetter> deadLetters, ImputeOptions options) {
    deadLetters
        .apply("FlattenDeadLetters", Flatten.pCollections())
        .apply(
            "WriteDeadLetters",
            AvroIO.<DeadLetter, DeadLetter>writeCustomType(DeadLetter.class)
                .withFormatFunction(SerializableFunctions.identity())
                .withSchema(DeadLetter.getClassSchema())
                .to(names(deadLetterPrefix(options)))
                .withTempDirectory(tempDirectory(options, deadLetterPrefix(options)))
                .withNoSpilling());
  }

  /**
   * The input's fields that {@code model} computes itself (household features such as {@code
   * household_size}, household totals), in the input's order: the job replaces their values by the
   * computed ones, which a command says. Reads the first input file's schema or header.
   */
  public static List<String> computedInputFields(ImputeOptions options, ModelProvider model) {
    return computedFields(namingInput(options, reader(options, model)::schema), model.fields());
  }

  /**
   * What {@code step} returns; an input that matches no file, or whose files cannot give the
   * records' schema, is refused naming {@code --input} ({@code --input nofile.csv: no file matches
   * nofile.csv}), as {@code generate} and the other commands name the option of a file they cannot
   * read: the message named the glob alone.
   */
  private static <T> T namingInput(ImputeOptions options, Supplier<T> step) {
    try {
      return step.get();
    } catch (ReadRecords.NoFileMatchesException | ReadRecords.NoSchemaException e) {
      throw new IllegalArgumentException(
          "--input " + options.getInput() + ": " + e.getMessage(), e);
    }
  }

  /**
   * The fields of {@code schema} that {@code model} computes itself, in the schema's order: shared
   * by {@code impute} and {@code stream} ({@link StreamPipeline#computedInputFields}), which both
   * say that the job replaces their values.
   */
  public static List<String> computedFields(Schema schema, ModelFields model) {
    return schema.getFields().stream().map(Schema.Field::name).filter(model::computes).toList();
  }

  /** What the job reads: the input files, typed by the model or by {@code --recordSchema}. */
  private static ReadRecords reader(ImputeOptions options, ModelProvider model) {
    ReadRecords read =
        ReadRecords.from(options.getInput())
            .withFormat(InputFormat.of(options.getInputFormat(), options.getInput()))
            .withModel(model.fields())
            .withKeyField(options.getKeyField());
    return options.getRecordSchema() == null
        ? read
        : read.withSchema(RecordSources.readSchema(options.getRecordSchema()));
  }

  /** Where the sink writing {@code prefix}'s files keeps its temporary files. */
  private static ResourceId tempDirectory(ImputeOptions options, String prefix) {
    return JobTempDirectories.of(options, JobTempDirectories.outputDirectory(prefix));
  }

  /** {@code prefix-SSSSS-of-NNNNN.avro}, in ASCII digits in any locale. */
  private static ShardFileNames names(String prefix) {
    return ShardFileNames.of(prefix, ShardFileNames.UNWINDOWED, ".avro");
  }

  /**
   * The model's household context, read from the field {@code --householdField} names when given; a
   * person-level model with {@code --householdField} is refused.
   */
  static HouseholdContext householdContext(BatchOptions options, ModelProvider model) {
    HouseholdContext context = model.household();
    String field = options.getHouseholdField();
    if (field == null) {
      return context;
    }
    if (!context.isPresent()) {
      throw new IllegalArgumentException(
          "--householdField="
              + field
              + ": model "
              + model.fields().modelId()
              + " was not trained with a household context (train --household-id)");
    }
    return context.withIdField(field);
  }

  /**
   * Refuses an output or dead-letter prefix that already has shards of an earlier run, naming the
   * option of the prefix that has them ({@code deadLetterOption}: the dead-letter prefix's option
   * as the caller spells it): a run replaces only the shards it writes, so with another shard count
   * the old files stayed beside the new ones and were read with them. Until 2026-12-04 shards under
   * the dead-letter prefix were reported as {@code --output}'s.
   */
  public static void requireNoEarlierShards(ImputeOptions options, String deadLetterOption) {
    requireNoEarlierShards(
        options, "--output " + options.getOutput(), options.getOutput(), "choose another prefix");
    String deadLetters = deadLetterPrefix(options);
    requireNoEarlierShards(
        options,
        deadLetterOption
            + " "
            + deadLetters
            + (options.getDeadLetterOutput() == null
                ? " (the default: --output followed by -dead-letters)"
                : ""),
        deadLetters,
        "give " + deadLetterOption + " a new prefix");
  }

  private static void requireNoEarlierShards(
      ImputeOptions options, String named, String prefix, String remedy) {
    List<String> earlier = earlierShards(options, prefix);
    if (!earlier.isEmpty()) {
      throw new IllegalArgumentException(
          named
              + ": "
              + (earlier.size() == 1
                  ? "1 file of an earlier run is there (" + earlier.get(0) + "); remove it or "
                  : earlier.size()
                      + " files of an earlier run are there ("
                      + earlier.get(0)
                      + ", …); remove them or ")
              + remedy
              + " (a new run replaces only the shards it writes, the others would be read with its"
              + " own)");
    }
  }

  /**
   * The shard files of an earlier run under {@code prefix} ({@code <prefix>-SSSSS-of-NNNNN.avro}),
   * sorted: a new run replaces only the shards it writes itself, so with another shard count the
   * old ones would stay beside the new and be read with them.
   */
  private static List<String> earlierShards(ImputeOptions options, String prefix) {
    FileSystems.setDefaultPipelineOptions(options);
    List<String> found = new ArrayList<>();
    try {
      FileSystems.match(prefix + "-[0-9]*-of-[0-9]*.avro", EmptyMatchTreatment.ALLOW)
          .metadata()
          .forEach(file -> found.add(file.resourceId().toString()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + prefix + "-*: " + e.getMessage(), e);
    }
    Collections.sort(found);
    return found;
  }

  /**
   * Refuses input whose records' schema lacks a condition of the model (other than the household
   * features the job derives), or types one so that no value of it can be read ({@link
   * ConditionFieldTypes}): every record would be a dead letter, each naming the field as missing,
   * also where the file the record came from has it, or as of the wrong type.
   *
   * @param schema the records' schema
   * @param whereFrom where that schema comes from, for the message
   */
  static void requireConditions(
      Schema schema, String whereFrom, ModelFields fields, HouseholdContext household) {
    for (ConditionField condition : fields.conditions()) {
      String name = condition.name();
      if (household.featureNames().contains(name)) {
        continue;
      }
      Schema.Field field = schema.getField(name);
      if (field == null) {
        throw new IllegalArgumentException(
            "condition '"
                + name
                + "' of the model is not a field of the input records, whose schema is "
                + whereFrom
                + "; they have "
                + schema.getFields().stream().map(Schema.Field::name).toList());
      }
      String mismatch = ConditionFieldTypes.mismatch(field, condition);
      if (mismatch != null) {
        throw new IllegalArgumentException(
            "condition '"
                + name
                + "' of the model cannot be read from the input records, whose schema is "
                + whereFrom
                + ": "
                + mismatch
                + "; every record would be a dead letter");
      }
    }
  }

  /**
   * Refuses a key field that a household model computes (a household feature such as {@code
   * household_size}, or a household total): its values are the model's, shared by many records, not
   * an id, so {@code impute} made nearly every record a {@code duplicate_key} dead letter and
   * {@code stream} gave records of equal household size the same noise.
   */
  static void requireKeyNotComputed(String keyField, ModelFields fields) {
    if (keyField != null && fields.computes(keyField)) {
      throw new IllegalArgumentException(
          "key field '"
              + keyField
              + "' (--keyField): the household model computes "
              + keyField
              + " and replaces the input's values, which many records share, so it cannot key the"
              + " records' noise: name a field unique per record, such as a person id");
    }
  }

  /**
   * Refuses a field the input records cannot have: every record would become a {@code
   * missing_field} dead letter (a misspelt option), so the job is not started. Null: no field.
   */
  static void requireField(
      Schema input, String field, String what, String option, String whereFrom) {
    if (field != null && input.getField(field) == null) {
      throw new IllegalArgumentException(
          what
              + " '"
              + field
              + "' ("
              + option
              + ") is not a field of the input records, whose schema is "
              + whereFrom
              + "; they have "
              + input.getFields().stream().map(Schema.Field::name).toList());
    }
  }

  /**
   * Refuses a weight field the input records lack when it was named on purpose ({@code required}:
   * {@code --weight-field} given) or is not the default {@code weight}, whose absence otherwise
   * means every record weighs 1: a weight field named on purpose and misspelt, or left out of the
   * schema, would give every record weight 1 without a word.
   *
   * @param whereFrom where the records' schema comes from, for the message
   */
  static void requireWeightField(
      Schema input, String weightField, boolean required, String whereFrom) {
    boolean mustExist = required || !BatchOptions.DEFAULT_WEIGHT_FIELD.equals(weightField);
    if (mustExist && input.getField(weightField) == null) {
      throw new IllegalArgumentException(
          "weight field '"
              + weightField
              + "' (--weightField) is not a field of the input records, whose schema is "
              + whereFrom
              + "; they have "
              + input.getFields().stream().map(Schema.Field::name).toList());
    }
  }

  /**
   * Refuses a {@code --recordSchema} without the weight field when the first input file holds it:
   * read as that schema, the file's weights would be dropped and every record would weigh 1.
   */
  static void requireWeightFieldOfFiles(
      Schema given, String schemaFile, ReadRecords.SchemaSource files, String weightField) {
    if (given.getField(weightField) == null && files.schema().getField(weightField) != null) {
      throw new IllegalArgumentException(
          "the input file "
              + files.file()
              + " holds the weight field '"
              + weightField
              + "' (--weightField), but --recordSchema "
              + schemaFile
              + " has no such field: every record would weigh 1; add the field to the schema");
    }
  }

  /** Where dead letters go: the option, or {@code <output>-dead-letters}. */
  public static String deadLetterPrefix(ImputeOptions options) {
    String prefix = options.getDeadLetterOutput();
    return prefix != null ? prefix : options.getOutput() + "-dead-letters";
  }

  /**
   * Whether the key check counts the keys in one combine and gives the verdicts to the records as a
   * side input (the DirectRunner, where a grouping or a join makes one bundle per key or record)
   * rather than grouping the keys and joining the verdicts with the records (Flink and other
   * runners, where a side input holds every record on the heap until it is complete).
   */
  private static boolean keysViaSideInput(ImputeOptions options) {
    return DirectRunner.class.equals(options.getRunner());
  }

  /** Whether records sharing a --keyField value are dead letters ({@code --checkKeys}). */
  private static boolean checksKeys(ImputeOptions options) {
    return options.getKeyField() != null && options.getCheckKeys();
  }
}
