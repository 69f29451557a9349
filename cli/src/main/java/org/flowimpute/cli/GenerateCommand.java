package org.flowimpute.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.bundle.ConditionSpec;
import org.flowimpute.bundle.ContinuousTarget;
import org.flowimpute.bundle.Manifest;
import org.flowimpute.bundle.ModelBundle;
import org.flowimpute.bundle.TargetSpec;
import org.flowimpute.encode.FieldValues;
import org.flowimpute.encode.OutOfRangeValues;
import org.flowimpute.encode.UnseenCategories;
import org.flowimpute.household.HouseholdContext;
import org.flowimpute.household.HouseholdFeature;
import org.flowimpute.household.HouseholdTotals;
import org.flowimpute.infer.ExecutionDevice;
import org.flowimpute.infer.InferenceOptions;
import org.flowimpute.infer.RecordImputer;
import org.flowimpute.table.MissingColumns;
import org.flowimpute.table.RowNames;
import org.flowimpute.table.TableException;
import org.flowimpute.table.TableFiles;
import org.flowimpute.table.TableReader;
import org.flowimpute.table.TableWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code flowimpute generate}: fills the targets of a model bundle into a table of conditions,
 * locally with ONNX Runtime (no Beam): the fast path for users and for evaluation. Rows keep their
 * order and all their columns. Each row's noise comes from (seed, model id, key): the key column's
 * value, or the row number when no key column is given, so results do not depend on batch size.
 * With a household-aware model the household features are computed and household totals added
 * (docs/pipelines.md, households). The output appears only when every row is done ({@link
 * PartialFile}): a failed run leaves none, and the output may be the input file itself. Rows whose
 * numeric conditions, or observed targets of a {@code --missing-targets} model, lie outside the
 * training range are imputed (by extrapolation) and counted in one warning line on stderr ({@link
 * OutOfRangeValues}); so, in a line of their own, are rows of categories a model trained with
 * {@code --unknown-category other} did not see ({@link UnseenCategories}).
 */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Impute the targets of a model bundle into a table of conditions (local).")
public final class GenerateCommand implements Callable<Integer> {

  /** Records encoded and imputed per chunk. */
  static final int CHUNK = 4096;

  @Mixin VerboseOption verbose;

  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, description = "Model bundle (directory or .zip).")
  Path model;

  @Option(
      names = "--input",
      required = true,
      description = "Conditions table (.csv/.avro/.parquet, or a glob of such files).")
  Path input;

  @Option(names = "--output", required = true, description = "Output table (.csv/.avro/.parquet).")
  Path output;

  @Option(
      names = "--seed",
      defaultValue = "0",
      description = "Global seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--key-column",
      description =
          "Column whose value keys each row's noise, unique per row (a repeated key is refused;"
              + " default: the 1-based row number).")
  String keyColumn;

  @Option(
      names = "--device",
      defaultValue = "cpu",
      description = "cpu, cuda, cuda:N or auto (default ${DEFAULT-VALUE}).")
  String device;

  @Option(
      names = "--batch-size",
      defaultValue = "256",
      description = "Rows per ONNX Runtime call (default ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(
      names = "--threads",
      defaultValue = "1",
      description = "ONNX Runtime threads (default ${DEFAULT-VALUE}).")
  int threads;

  @Option(
      names = "--no-progress",
      description =
          "Do not show the rows imputed so far and their rate (shown on a terminal only).")
  boolean noProgress;

  /** The rows imputed so far, on a terminal. */
  private RowsProgress progress;

  /** The files and rows of an input named by a glob, as read so far; null for one file. */
  private RowNames rowNames;

  /** The imputed rows whose conditions or observed targets lie outside the training range. */
  private OutOfRangeValues outOfRange;

  /** The imputed rows of categories the model did not see, imputed as its "other" level. */
  private UnseenCategories unseenCategories;

  @Override
  public Integer call() throws Exception {
    rowNames = TableFiles.isGlob(input) ? new RowNames() : null;
    OptionRanges.requireBetween(
        spec, "--batch-size", batchSize, 1, InferenceOptions.MAX_BATCH_SIZE);
    OptionRanges.requireAtLeast(spec, "--threads", threads, 1);
    ExecutionDevice executionDevice = OptionRanges.requireDevice(spec, device);
    OptionRanges.requireTableName(spec, "--output", output);
    OutputFile.check("--output", output);
    OptionFiles.requireReadableTable("--input", input);
    OutputFile.requireNotAmongInputs(spec, "--output", output, "--input", input);
    StalePartials.remove(output, spec.commandLine().getErr());
    ModelBundle bundle = OptionFiles.bundle("--model", model);
    outOfRange = OutOfRangeValues.of(bundle.manifest());
    unseenCategories = UnseenCategories.of(bundle.manifest().conditions());
    InferenceOptions options =
        InferenceOptions.defaults()
            .withDevice(executionDevice)
            .withBatchSize(batchSize)
            .withIntraOpThreads(threads);
    long started = System.nanoTime();
    long rows;
    try (RowsProgress shown = RowsProgress.open("generate", !noProgress)) {
      progress = shown;
      rows =
          bundle.manifest().household().isPresent()
              ? generateHouseholds(bundle, options)
              : generatePersons(bundle, options);
    }
    outOfRange.warning().ifPresent(spec.commandLine().getErr()::println);
    unseenCategories.warning().ifPresent(spec.commandLine().getErr()::println);
    PrintWriter printer = spec.commandLine().getOut();
    printer.printf(
        Locale.ROOT,
        "%d %s imputed into %s (%.1f s)%n",
        rows,
        rows == 1 ? "row" : "rows",
        output,
        (System.nanoTime() - started) / 1e9);
    printer.flush();
    return ExitCodes.OK;
  }

  /**
   * A household-aware model: reads the whole input (households need not be contiguous), adds each
   * household's context features, imputes, and adds {@code household_<target>_total} of every
   * continuous target (the sum over the household's persons). Rows keep their input order.
   */
  private long generateHouseholds(ModelBundle bundle, InferenceOptions options) throws IOException {
    HouseholdContext context = bundle.manifest().household();
    requireKeyNotComputed(bundle.manifest());
    Schema inputSchema;
    List<GenericRecord> read = new ArrayList<>();
    TextColumnInput in = openInput(bundle.manifest(), context.idField());
    try (TableReader reader = in.open()) {
      requireColumnsRead(bundle.manifest(), reader.schema());
      warnOfReplacedTargets(bundle, reader.schema());
      warnOfReplacedHouseholdColumns(bundle.manifest(), reader.schema());
      inputSchema = context.withFeatures(reader.schema());
      while (reader.hasNext()) {
        read.add(reader.next());
        noteRow(reader);
      }
    }
    List<GenericRecord> records = context.addFeaturesToAll(read, row -> rowRef(row + 1));
    List<String> totals =
        bundle.manifest().continuousTargets().stream().map(ContinuousTarget::name).toList();
    try (RecordImputer imputer = RecordImputer.open(bundle, options)) {
      if (keyColumn != null) {
        MissingColumns.require(inputSchema, input, "key column", List.of(keyColumn));
      }
      Schema imputedSchema = imputer.outputSchema(inputSchema);
      List<GenericRecord> imputed = new ArrayList<>(records.size());
      KeyHashes seen = new KeyHashes();
      for (int from = 0; from < records.size(); from += CHUNK) {
        int to = Math.min(records.size(), from + CHUNK);
        List<String> keys = new ArrayList<>(to - from);
        List<String> refs = new ArrayList<>(to - from);
        for (int row = from; row < to; row++) {
          String ref = rowRef(row + 1);
          refs.add(ref);
          String key = key(records.get(row), row + 1);
          if (keyColumn != null && !seen.add(key)) {
            requireUnique(key, row + 1, firstRowWithKey(records.iterator(), key, row + 1));
          }
          keys.add(key);
        }
        imputed.addAll(imputer.impute(records.subList(from, to), keys, refs, seed, imputedSchema));
        progress.add(to - from);
        for (int row = from; row < to; row++) {
          outOfRange.note(records.get(row), refs.get(row - from));
          unseenCategories.note(records.get(row), refs.get(row - from));
        }
      }
      Schema outputSchema = HouseholdTotals.withTotals(imputedSchema, totals);
      Map<String, List<Integer>> rowsByHousehold = new LinkedHashMap<>();
      for (int row = 0; row < imputed.size(); row++) {
        String id = context.householdId(imputed.get(row), rowRef(row + 1));
        rowsByHousehold.computeIfAbsent(id, k -> new ArrayList<>()).add(row);
      }
      GenericRecord[] out = new GenericRecord[imputed.size()];
      for (List<Integer> members : rowsByHousehold.values()) {
        List<GenericRecord> household = members.stream().map(imputed::get).toList();
        List<GenericRecord> withTotals = HouseholdTotals.addTotals(household, totals, outputSchema);
        for (int m = 0; m < members.size(); m++) {
          out[members.get(m)] = withTotals.get(m);
        }
      }
      try (PartialFile file = PartialFile.beside(output)) {
        try (TableWriter writer =
            in.types().writer(file.path(), file.format(), outputSchema, context.featureNames())) {
          for (GenericRecord record : out) {
            writer.write(record);
          }
        } catch (TableException e) {
          throw file.namedAsTarget(e);
        }
        file.commit();
      }
    }
    return records.size();
  }

  /**
   * Refuses an input that lacks a field the household context reads or a condition column of the
   * model (but the household features, which are computed), listing the input's columns: it failed
   * on the first row as "field 'age': missing". The household id and age fields are named as such
   * (the id was called a condition column), with the option the model was trained with.
   */
  private void requireColumnsRead(Manifest manifest, Schema inputSchema) {
    HouseholdContext household = manifest.household();
    if (household.isPresent()) {
      String id = household.idField();
      MissingColumns.require(
          inputSchema,
          input,
          "household id column",
          id,
          "the model was trained with --household-id "
              + id
              + " and generate groups the records into households by the column of that name"
              + " (it has no option to name another): rename the input's household id column to "
              + id
              + " (impute takes --household-field)");
      household.features().stream()
          .map(HouseholdFeature::field)
          .filter(field -> !field.isEmpty())
          .distinct()
          .forEach(
              age ->
                  MissingColumns.require(
                      inputSchema,
                      input,
                      "household age column",
                      age,
                      "the model was trained with --household-age "
                          + age
                          + " and counts each household's adults and children from the column of"
                          + " that name: rename the input's age column to "
                          + age));
    }
    Set<String> names = new LinkedHashSet<>();
    manifest.conditions().stream().map(ConditionSpec::name).forEach(names::add);
    household.featureNames().forEach(names::remove);
    MissingColumns.require(inputSchema, input, "condition column", names);
  }

  /**
   * Warns when input columns are named like the model's targets and the model imputes every target
   * (trained without {@code --missing-targets}): their values are replaced, which went unsaid.
   */
  private void warnOfReplacedTargets(ModelBundle bundle, Schema inputSchema) {
    if (bundle.manifest().observedTargets()) {
      return;
    }
    List<String> present =
        bundle.manifest().targets().stream()
            .map(TargetSpec::name)
            .filter(name -> inputSchema.getField(name) != null)
            .toList();
    if (present.isEmpty()) {
      return;
    }
    spec.commandLine()
        .getErr()
        .println(
            "warning: "
                + input
                + (present.size() == 1 ? " has the target column " : " has the target columns ")
                + String.join(", ", present)
                + (present.size() == 1 ? ": its values are" : ": their values are")
                + " replaced by imputed ones (a model trained with"
                + " --missing-targets keeps the values a record has and imputes only missing"
                + " ones)");
  }

  /**
   * Warns when input columns are named like the household features or totals a household model
   * writes ({@code household_size}, {@code household_<target>_total}): their values are replaced (a
   * total's column also moves to the end of the output), which went unsaid.
   */
  private void warnOfReplacedHouseholdColumns(Manifest manifest, Schema inputSchema) {
    List<String> present =
        computedColumns(manifest).stream().filter(n -> inputSchema.getField(n) != null).toList();
    ComputedFieldsWarning.print(spec.commandLine().getErr(), input.toString(), "column", present);
  }

  /** The columns a household model computes: its features and household totals. */
  private static List<String> computedColumns(Manifest manifest) {
    List<String> written = new ArrayList<>(manifest.household().featureNames());
    manifest.continuousTargets().stream()
        .map(target -> HouseholdTotals.fieldName(target.name()))
        .forEach(written::add);
    return written;
  }

  /**
   * Refuses a {@code --key-column} that a household model computes: the key was read from the
   * computed feature (household_size as the key made the rows of equal size "repeated keys") or
   * lost from the output (replaced by a household total).
   */
  private void requireKeyNotComputed(Manifest manifest) {
    if (keyColumn != null && computedColumns(manifest).contains(keyColumn)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--key-column "
              + keyColumn
              + ": the household model computes "
              + keyColumn
              + " and writes it in place of the input's column, so it cannot key the rows: name"
              + " another key column");
    }
  }

  /**
   * The input; from CSV its key column, {@code householdIdField} (null: none) and every column the
   * model does not read are read as text, and written to Avro or Parquet typed by their cells.
   */
  private TextColumnInput openInput(Manifest model, String householdIdField) {
    return TextColumnInput.of("--input", input, model, keyColumn, householdIdField);
  }

  private long generatePersons(ModelBundle bundle, InferenceOptions options) throws Exception {
    long rows = 0;
    TextColumnInput in = openInput(bundle.manifest(), null);
    try (PartialFile file = PartialFile.beside(output);
        RecordImputer imputer = RecordImputer.open(bundle, options);
        TableReader reader = in.open()) {
      Schema inputSchema = reader.schema();
      requireColumnsRead(bundle.manifest(), inputSchema);
      warnOfReplacedTargets(bundle, inputSchema);
      if (keyColumn != null) {
        MissingColumns.require(inputSchema, input, "key column", List.of(keyColumn));
      }
      Schema outputSchema = imputer.outputSchema(inputSchema);
      try (TableWriter writer = in.types().writer(file.path(), file.format(), outputSchema)) {
        List<GenericRecord> chunk = new ArrayList<>(CHUNK);
        List<String> keys = new ArrayList<>(CHUNK);
        List<String> refs = new ArrayList<>(CHUNK);
        KeyHashes seen = new KeyHashes();
        while (reader.hasNext()) {
          GenericRecord record = reader.next();
          rows++;
          noteRow(reader);
          String ref = rowRef(rows);
          chunk.add(record);
          refs.add(ref);
          String key = key(record, rows);
          if (keyColumn != null && !seen.add(key)) {
            try (TableReader again = in.open()) {
              requireUnique(key, rows, firstRowWithKey(again, key, rows));
            }
          }
          keys.add(key);
          if (chunk.size() == CHUNK) {
            flush(imputer, writer, chunk, keys, refs, outputSchema);
          }
        }
        flush(imputer, writer, chunk, keys, refs, outputSchema);
      } catch (TableException e) {
        throw file.namedAsTarget(e);
      }
      file.commit();
    }
    return rows;
  }

  private void flush(
      RecordImputer imputer,
      TableWriter writer,
      List<GenericRecord> chunk,
      List<String> keys,
      List<String> refs,
      Schema outputSchema) {
    if (chunk.isEmpty()) {
      return;
    }
    for (GenericRecord record : imputer.impute(chunk, keys, refs, seed, outputSchema)) {
      writer.write(record);
    }
    progress.add(chunk.size());
    for (int row = 0; row < chunk.size(); row++) {
      outOfRange.note(chunk.get(row), refs.get(row));
      unseenCategories.note(chunk.get(row), refs.get(row));
    }
    chunk.clear();
    keys.clear();
    refs.clear();
  }

  /** The noise key of {@code record}, the input's {@code row}th (1-based). */
  private String key(GenericRecord record, long row) {
    return keyColumn == null
        ? Long.toString(row)
        : FieldValues.recordKey(record.get(keyColumn), rowRef(row), keyColumn);
  }

  /**
   * The first row before {@code row} of {@code records} (the input from its start) whose key is
   * {@code key}; 0 if none (its hash only matched another key's).
   */
  private long firstRowWithKey(Iterator<? extends GenericRecord> records, String key, long row) {
    for (long r = 1; r < row && records.hasNext(); r++) {
      if (key.equals(key(records.next(), r))) {
        return r;
      }
    }
    return 0;
  }

  /**
   * Refuses a key that is also on an earlier row ({@code first} > 0): rows with one key get the
   * same noise, so the same quantiles (--key-column household_id gave a household's members the
   * same draws, silently).
   */
  private void requireUnique(String key, long row, long first) {
    if (first > 0) {
      throw new IllegalArgumentException(
          "--key-column "
              + keyColumn
              + ": the key '"
              + key
              + (rowNames == null
                  ? "' is on rows " + first + " and " + row + " of " + input
                  : "' is on " + rowRef(first) + " and " + rowRef(row))
              + "; rows with one key get the same noise, so the same draws: name a column that is"
              + " unique per row (a person id), or leave --key-column out to key rows by their"
              + " number");
    }
  }

  /** Notes the file and row of the record {@code reader} has just returned, for {@link #rowRef}. */
  private void noteRow(TableReader reader) {
    if (rowNames != null) {
      rowNames.add(reader);
    }
  }

  /**
   * How the input's {@code row}th record (1-based, one already read) is named in errors: the input
   * file as given (as the glob matched it, for an input of several files) and its row number in
   * that file, as the table reader names it in its own errors.
   */
  private String rowRef(long row) {
    return rowNames == null ? input + " row " + row : rowNames.of(row - 1);
  }
}
