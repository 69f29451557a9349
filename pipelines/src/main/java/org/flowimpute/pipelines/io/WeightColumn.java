package org.flowimpute.pipelines.io;

import java.io.Serializable;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;

/**
 * The job's weight field and where the job's record schema comes from, for reading input whose
 * columns or fields and that schema disagree about the weight: a weight column of a CSV header
 * ({@link CsvRowDecoder}) or a weight field of an Avro or Parquet file's schema ({@link #refusal})
 * that the job's schema lacks would be dropped (every record weighing 1), and a schema's weight
 * field that a header or a file's schema lacks leaves the weight absent.
 *
 * @param field the weight field ({@code --weightField})
 * @param schemaOrigin where the job's record schema comes from, as messages name it (e.g. "that of
 *     --recordSchema s.avsc")
 */
public record WeightColumn(String field, String schemaOrigin) implements Serializable {

  /**
   * Why every record of a file written with schema {@code file} (an Avro or Parquet file's own
   * schema) is refused when read as the job's record schema {@code job}, or null if none is: the
   * file has the weight field and {@code job} does not (Avro's resolution would drop it), or {@code
   * job} has it (by name or alias) and the file does not, and {@code job} gives it no default
   * weight (a null one would leave the weight absent). Decided once per file schema.
   */
  RecordResolver.Refusal refusal(Schema file, Schema job) {
    Schema.Field wanted = job.getField(field);
    if (wanted == null) {
      return file.getField(field) == null
          ? null
          : new RecordResolver.Refusal(
              field,
              "the file's schema has field '"
                  + field
                  + "', the weight field (--weightField), but the job's record schema, "
                  + schemaOrigin
                  + ", has no such field: the record's weight would be dropped (the record"
                  + " weighing 1); give --recordSchema a schema with that field");
    }
    boolean defaultWeight =
        wanted.hasDefaultValue() && wanted.defaultVal() != JsonProperties.NULL_VALUE;
    return RecordResolver.fieldOf(file, wanted) != null || defaultWeight
        ? null
        : new RecordResolver.Refusal(
            field,
            "the file's schema has no field '"
                + field
                + "', the weight field (--weightField) of the job's record schema, "
                + schemaOrigin
                + "; expected a weight");
  }
}
