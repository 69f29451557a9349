package org.flowimpute.table;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * Why records written with one Avro schema cannot be read with another, field by field: Avro's own
 * compatibility report points at a JSON location ({@code /} for a field that became nullable), so a
 * user with a glob of files of two schemas could not tell which field to fix.
 */
final class SchemaMisfits {

  private SchemaMisfits() {}

  /**
   * What keeps records written with {@code writer} from being read as {@code reader}, such as
   * "field 'n' is nullable long, expected long; it lacks field 'id'"; null if they can be. Records
   * of another name also have the fields they lack (with a default or not) and the fields they have
   * besides listed, or "with the same fields".
   */
  static String describe(Schema reader, Schema writer) {
    if (compatible(reader, writer)) {
      return null;
    }
    if (reader.getType() != Schema.Type.RECORD || writer.getType() != Schema.Type.RECORD) {
      return "its records are " + typeName(writer) + ", expected " + typeName(reader);
    }
    boolean renamed = !SchemaCompatibility.schemaNameEquals(reader, writer);
    List<String> misfits = fieldMisfits(reader, writer, renamed);
    if (renamed) {
      List<String> extra = extraFields(reader, writer);
      if (!extra.isEmpty()) {
        misfits.add(
            (extra.size() == 1 ? "it has field " : "it has fields ")
                + String.join(", ", extra)
                + " besides");
      }
      String named =
          "its records are named " + writer.getFullName() + ", expected " + reader.getFullName();
      misfits.add(0, misfits.isEmpty() ? named + ", with the same fields" : named);
    } else if (misfits.isEmpty()) {
      misfits.add("Avro cannot resolve them: " + avroReport(reader, writer));
    }
    return String.join("; ", misfits);
  }

  /**
   * The fields of {@code reader} that {@code writer}'s records cannot fill: of another type, or
   * lacking. Records of another name are another kind of record, so every field they lack is
   * listed, defaulted or not: that tells the user which kind each file holds.
   */
  private static List<String> fieldMisfits(Schema reader, Schema writer, boolean renamed) {
    List<String> misfits = new ArrayList<>();
    List<String> lacking = new ArrayList<>();
    for (Schema.Field field : reader.getFields()) {
      Schema.Field written = writtenAs(writer, field);
      if (written == null) {
        if (renamed || !field.hasDefaultValue()) {
          lacking.add("'" + field.name() + "'");
        }
      } else if (!compatible(field.schema(), written.schema())) {
        misfits.add(
            "field '"
                + field.name()
                + "' is "
                + typeName(written.schema())
                + ", expected "
                + typeName(field.schema()));
      }
    }
    if (!lacking.isEmpty()) {
      misfits.add(
          (lacking.size() == 1 ? "it lacks field " : "it lacks fields ")
              + String.join(", ", lacking));
    }
    return misfits;
  }

  /** The fields of {@code writer} that no field of {@code reader} reads, quoted. */
  private static List<String> extraFields(Schema reader, Schema writer) {
    List<String> read = new ArrayList<>();
    for (Schema.Field field : reader.getFields()) {
      Schema.Field written = writtenAs(writer, field);
      if (written != null) {
        read.add(written.name());
      }
    }
    return writer.getFields().stream()
        .map(Schema.Field::name)
        .filter(name -> !read.contains(name))
        .map(name -> "'" + name + "'")
        .toList();
  }

  /** Avro's own account of the first incompatibility, with its JSON location. */
  private static String avroReport(Schema reader, Schema writer) {
    SchemaCompatibility.Incompatibility first =
        SchemaCompatibility.checkReaderWriterCompatibility(reader, writer)
            .getResult()
            .getIncompatibilities()
            .get(0);
    return first.getMessage() + " at " + first.getLocation();
  }

  private static boolean compatible(Schema reader, Schema writer) {
    return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getType()
        == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE;
  }

  /** The writer's field that {@code field} reads: the one of its name or one of its aliases. */
  private static Schema.Field writtenAs(Schema writer, Schema.Field field) {
    Schema.Field written = writer.getField(field.name());
    for (String alias : field.aliases()) {
      if (written == null) {
        written = writer.getField(alias);
      }
    }
    return written;
  }

  /** A short type name: {@code long}, {@code nullable string}, {@code record Row}. */
  private static String typeName(Schema schema) {
    return switch (schema.getType()) {
      case UNION -> unionName(schema.getTypes());
      case RECORD, ENUM, FIXED -> schema.getType().getName() + " " + schema.getName();
      case ARRAY -> "array of " + typeName(schema.getElementType());
      case MAP -> "map of " + typeName(schema.getValueType());
      default ->
          schema.getLogicalType() == null
              ? schema.getType().getName()
              : schema.getLogicalType().getName() + " " + schema.getType().getName();
    };
  }

  private static String unionName(List<Schema> types) {
    List<Schema> values = types.stream().filter(t -> t.getType() != Schema.Type.NULL).toList();
    String names =
        values.size() == 1
            ? typeName(values.get(0))
            : values.stream()
                .map(SchemaMisfits::typeName)
                .collect(Collectors.joining(" or ", "one of ", ""));
    return values.size() < types.size() ? "nullable " + names : names;
  }
}
