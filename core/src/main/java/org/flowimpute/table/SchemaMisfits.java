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
   * "field 'n' is nullable long, expected long; it lacks field 'id'"; null if they can be.
   */
  static String describe(Schema reader, Schema writer) {
    if (compatible(reader, writer)) {
      return null;
    }
    if (reader.getType() != Schema.Type.RECORD || writer.getType() != Schema.Type.RECORD) {
      return "its records are " + typeName(writer) + ", expected " + typeName(reader);
    }
    List<String> misfits = new ArrayList<>();
    List<String> lacking = new ArrayList<>();
    for (Schema.Field field : reader.getFields()) {
      Schema.Field written = writtenAs(writer, field);
      if (written == null) {
        if (!field.hasDefaultValue()) {
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
    if (misfits.isEmpty()) {
      misfits.add(
          "its records are named " + writer.getFullName() + ", expected " + reader.getFullName());
    }
    return String.join("; ", misfits);
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
