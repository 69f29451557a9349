package org.flowimpute.pipelines.io;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;
import org.flowimpute.pipelines.transforms.OutputSchema;
import org.flowimpute.pipelines.values.ModelFields;
import org.flowimpute.table.LevelSpelling;

/**
 * The columns of a file (a CSV header's, or the fields of an Avro or Parquet file's schema) that
 * the job's record schema lacks, when that schema was taken from the job's first file: read as that
 * schema their values were dropped without a word (a later file with one more column than the first
 * lost it from every imputed record). Each record of such a file is refused as a {@code decode}
 * dead letter naming the columns ({@link CsvRowDecoder}, {@link #refusal}). A job given a schema
 * ({@code --recordSchema}) makes no such check: it reads the schema's fields, a projection. Columns
 * whose input value the job never writes (a target the model replaces, a gate, a household feature
 * or total the model computes, {@code weight}, {@code model_id}, {@code record_key}) are not lost,
 * and not counted.
 *
 * @param replaced the columns the job writes its own value of, whatever the file holds
 * @param schemaOrigin where the job's record schema comes from, as messages name it (e.g. "that of
 *     in/a.csv (the first file in name order that holds records)")
 */
public record ExtraColumns(List<String> replaced, String schemaOrigin) implements Serializable {

  private static final long serialVersionUID = 1L;

  /** How many columns a message lists before "and N more". */
  private static final int LISTED = 10;

  /** Copies the names. */
  public ExtraColumns {
    replaced = List.copyOf(replaced);
  }

  /** The check of files read as a schema from {@code origin} (a first file's) for {@code model}. */
  static ExtraColumns of(ModelFields model, String origin) {
    Set<String> replaced = new HashSet<>(OutputSchema.addedFieldNames(model));
    if (model.observedTargets()) {
      model.targets().forEach(target -> replaced.remove(target.name()));
    }
    replaced.addAll(model.computedFields());
    return new ExtraColumns(replaced.stream().sorted().toList(), origin);
  }

  /** This check with {@code column} replaced too (a stream's {@code calibrated_weight}). */
  ExtraColumns replacing(String column) {
    List<String> more = new ArrayList<>(replaced);
    more.add(column);
    return new ExtraColumns(more, schemaOrigin);
  }

  /** The columns of {@code columns} that {@code job} lacks and the job does not replace. */
  List<String> lacking(Collection<String> columns, Schema job) {
    List<String> lacking = new ArrayList<>();
    for (String column : columns) {
      if (job.getField(column) == null && !replaced.contains(column)) {
        lacking.add(column);
      }
    }
    return lacking;
  }

  /**
   * Why each row of a CSV file with {@code header} is refused when read as {@code job}, or null if
   * the job's schema has all its columns.
   */
  String headerProblem(List<String> header, Schema job) {
    List<String> lacking = lacking(header, job);
    return lacking.isEmpty()
        ? null
        : problem("the header of this file has", "column", "give all files one header", lacking);
  }

  /**
   * Why every record of a file written with schema {@code file} (an Avro or Parquet file's own) is
   * refused when read as {@code job}, or null if {@code job} reads each of its fields (by name or
   * alias). Decided once per file schema.
   */
  RecordResolver.Refusal refusal(Schema file, Schema job) {
    Set<String> read = new HashSet<>();
    for (Schema.Field field : job.getFields()) {
      Schema.Field source = RecordResolver.fieldOf(file, field);
      if (source != null) {
        read.add(source.name());
      }
    }
    List<String> unread =
        lacking(
            file.getFields().stream()
                .map(Schema.Field::name)
                .filter(n -> !read.contains(n))
                .toList(),
            job);
    return unread.isEmpty()
        ? null
        : new RecordResolver.Refusal(
            unread.get(0),
            problem("the file's schema has", "field", "write all files with one schema", unread));
  }

  private String problem(String holder, String noun, String remedy, List<String> lacking) {
    String columns = lacking.size() == 1 ? noun + " " : noun + "s ";
    String them = lacking.size() == 1 ? "it" : "them";
    return holder
        + " "
        + columns
        + LevelSpelling.quoted(lacking, LISTED)
        + " that the job's record schema, "
        + schemaOrigin
        + ", lacks: "
        + (lacking.size() == 1 ? "its values" : "their values")
        + " would be dropped; "
        + remedy
        + ", or give --recordSchema a schema with "
        + (lacking.size() == 1 ? "that field" : "those fields")
        + " to keep "
        + them
        + " (one without "
        + them
        + " drops "
        + them
        + " knowingly)";
  }
}
