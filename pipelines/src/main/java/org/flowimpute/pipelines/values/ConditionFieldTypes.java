package org.flowimpute.pipelines.values;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.flowimpute.encode.FieldValues;

/**
 * Whether the input records' schema types a condition so that some record could hold a value the
 * model reads. A {@code --recordSchema} typing a numeric condition as {@code boolean}, or a
 * categorical one as {@code long} when the model's categories are words, made every record a dead
 * letter (or, with the manifest's "other" policy, imputed every record as an unseen category), one
 * by one, where the job can say so before it starts.
 */
public final class ConditionFieldTypes {

  /** The Avro types a numeric condition is read from: numbers, and text holding one. */
  private static final Set<Schema.Type> NUMERIC =
      EnumSet.of(
          Schema.Type.INT,
          Schema.Type.LONG,
          Schema.Type.FLOAT,
          Schema.Type.DOUBLE,
          Schema.Type.STRING);

  private ConditionFieldTypes() {}

  /**
   * The reason no value of {@code field} can be read as {@code condition}, or null when some value
   * can: a numeric condition needs a number or text; a categorical one text, or a number, boolean
   * or enum symbol that is one of the model's categories (as the encoder finds them: {@code 3} is
   * the category {@code "3"}, a boolean {@code true} the category {@code TRUE}).
   */
  public static String mismatch(Schema.Field field, ConditionField condition) {
    List<Schema> branches =
        field.schema().getType() == Schema.Type.UNION
            ? field.schema().getTypes().stream()
                .filter(branch -> branch.getType() != Schema.Type.NULL)
                .toList()
            : List.of(field.schema());
    String types =
        branches.stream()
            .map(branch -> branch.getType().getName())
            .collect(Collectors.joining("|"));
    if (condition.numeric()) {
      return branches.stream().anyMatch(branch -> NUMERIC.contains(branch.getType()))
          ? null
          : "the model reads it as a number (int, long, float, double, or numeric text as string),"
              + " and the schema types it as "
              + types;
    }
    Set<String> categories = Set.copyOf(condition.categories());
    return branches.stream().anyMatch(branch -> holdsACategory(branch, categories))
        ? null
        : "the schema types it as "
            + types
            + ", and no such value is one of the model's categories "
            + condition.categories();
  }

  private static boolean holdsACategory(Schema branch, Set<String> categories) {
    return switch (branch.getType()) {
      case STRING -> true;
      case INT, LONG, FLOAT, DOUBLE ->
          categories.stream().anyMatch(category -> FieldValues.asNumberCategory(category) != null);
      case BOOLEAN -> isKnown("true", categories) || isKnown("false", categories);
      case ENUM -> branch.getEnumSymbols().stream().anyMatch(symbol -> isKnown(symbol, categories));
      default -> false;
    };
  }

  /** Whether the encoder finds {@code text} among {@code categories}. */
  private static boolean isKnown(String text, Set<String> categories) {
    return categories.contains(FieldValues.knownCategory(text, categories::contains));
  }
}
