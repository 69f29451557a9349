package org.flowimpute.encode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.bundle.CategoricalCondition;
import org.flowimpute.bundle.ConditionSpec;

/**
 * Finds records whose categorical conditions hold a category training never saw, which a model
 * trained with {@code --unknown-category other} encodes as its "other" level without a word (a
 * region code 99, an employment "maybe"): counts them per condition, remembers the first with its
 * value, and describes them in one warning line. Conditions under policy ERROR are not tallied:
 * encoding refuses such a record.
 */
public final class UnseenCategories {
  private final List<CategoricalCondition> withOther;
  private final FirstOccurrences<String> unseen = new FirstOccurrences<>();

  private UnseenCategories(List<CategoricalCondition> withOther) {
    this.withOther = withOther;
  }

  /** A tally for the categorical conditions among {@code conditions} that have an other level. */
  public static UnseenCategories of(List<ConditionSpec> conditions) {
    List<CategoricalCondition> withOther = new ArrayList<>();
    for (ConditionSpec condition : conditions) {
      if (condition instanceof CategoricalCondition categorical && categorical.hasOtherLevel()) {
        withOther.add(categorical);
      }
    }
    return new UnseenCategories(List.copyOf(withOther));
  }

  /**
   * Whether a condition of {@code record} holds a category the model did not see (not tallied): the
   * pipelines count such records. Costs nothing for a model without an "other" level.
   *
   * @param recordRef how to name the record in errors
   * @throws EncodingException if a condition value is not a category (as encoding would)
   */
  public boolean anyUnseen(GenericRecord record, String recordRef) {
    for (CategoricalCondition condition : withOther) {
      if (isUnseen(
          condition,
          FieldValues.category(record.get(condition.name()), recordRef, condition.name()))) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code category} is unseen; a missing-value marker is refused, not unseen. */
  private static boolean isUnseen(CategoricalCondition condition, String category) {
    List<String> known = condition.categories();
    return !known.contains(FieldValues.knownCategory(category, known::contains))
        && !MissingMarkers.isMarker(category);
  }

  /**
   * Tallies the conditions of {@code record} whose category the model did not see, matched as
   * encoding matches it ({@link FieldValues#knownCategory}).
   *
   * @param recordRef how to name the record in the warning ("in.csv row 5")
   * @throws EncodingException if a condition value is not a category (as encoding would)
   */
  public void note(GenericRecord record, String recordRef) {
    for (CategoricalCondition condition : withOther) {
      String name = condition.name();
      String category = FieldValues.category(record.get(name), recordRef, name);
      if (isUnseen(condition, category)) {
        unseen.note(name, recordRef, category);
      }
    }
  }

  /**
   * One line saying, per condition with categories the model did not see, on how many records, and
   * the first of them with its value; empty when there were none. A model whose rare categories
   * {@code train --synthesis} pooled into the "other" level says that such a category may be one.
   */
  public Optional<String> warning() {
    if (unseen.isEmpty()) {
      return Optional.empty();
    }
    String which =
        withOther.stream().anyMatch(CategoricalCondition::hasPooledCategories)
            ? "categories the model does not name (not seen in training, or pooled by train"
                + " --synthesis as seen in fewer than K rows), imputed as its \"other\" level: "
            : "categories the model did not see in training, imputed as its \"other\" level"
                + " (--unknown-category other): ";
    return Optional.of("warning: " + which + unseen.describe((name, category) -> category));
  }
}
