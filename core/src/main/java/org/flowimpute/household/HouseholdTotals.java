package org.flowimpute.household;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.table.Float32Columns;

/**
 * Adds household totals of imputed amounts to every person of a household: {@code
 * household_<target>_total} = the sum of {@code <target>} over the household's imputed persons.
 *
 * <p>It exists so that household income and similar totals are consistent with the persons by
 * construction (exactly the sum, in the same double arithmetic everywhere), instead of being
 * imputed separately and disagreeing with them. Local generation and the Beam pipelines use it.
 */
public final class HouseholdTotals {

  private HouseholdTotals() {}

  /** The total field of {@code target}. */
  public static String fieldName(String target) {
    return "household_" + target + "_total";
  }

  /** {@code input} with one double total field per target (same-named input fields replaced). */
  public static Schema withTotals(Schema input, List<String> targets) {
    List<String> names = targets.stream().map(HouseholdTotals::fieldName).toList();
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field field : input.getFields()) {
      if (!names.contains(field.name())) {
        fields.add(new Schema.Field(field, field.schema()));
      }
    }
    for (String target : targets) {
      fields.add(
          new Schema.Field(
              fieldName(target),
              Schema.create(Schema.Type.DOUBLE),
              "Sum of " + target + " over the household's imputed persons.",
              (Object) null));
    }
    Schema output =
        Schema.createRecord(
            input.getName(), input.getDoc(), input.getNamespace(), input.isError(), fields);
    input.getObjectProps().forEach(output::addProp);
    return output;
  }

  /**
   * Copies of one household's imputed records with the totals: each the exact sum of the members'
   * values as written ({@link #asWritten}), rounded once to a double, so that it does not depend on
   * the order the members come in (a local run sums them in input order, a Beam job in whatever
   * order they were grouped).
   */
  public static List<GenericRecord> addTotals(
      List<? extends GenericRecord> members, List<String> targets, Schema output) {
    BigDecimal[] exact = new BigDecimal[targets.size()];
    Arrays.fill(exact, BigDecimal.ZERO);
    for (GenericRecord member : members) {
      for (int t = 0; t < exact.length; t++) {
        Object value = member.get(targets.get(t));
        if (!(value instanceof Number number)) {
          throw new IllegalStateException(
              "imputed record has no number in '" + targets.get(t) + "': " + member);
        }
        exact[t] =
            exact[t].add(
                asWritten(member.getSchema().getField(targets.get(t)), number.doubleValue()));
      }
    }
    double[] totals = new double[exact.length];
    for (int t = 0; t < exact.length; t++) {
      totals[t] = exact[t].doubleValue();
    }
    List<GenericRecord> out = new ArrayList<>(members.size());
    for (GenericRecord member : members) {
      GenericData.Record copy = new GenericData.Record(output);
      for (Schema.Field field : member.getSchema().getFields()) {
        if (output.getField(field.name()) != null) {
          copy.put(field.name(), member.get(field.name()));
        }
      }
      for (int t = 0; t < totals.length; t++) {
        copy.put(fieldName(targets.get(t)), totals[t]);
      }
      out.add(copy);
    }
    return out;
  }

  /**
   * A member's amount as its total counts it: a model's float32 amount (a {@link Float32Columns}
   * marked field) as the decimal a CSV file shows (32674.365, not the float32's exact
   * 32674.365234375), so that in CSV a household's total is the sum of its members' cells, and a
   * one-person household's total reads as its person's amount; any other amount exactly. The two
   * differ by less than half a float32 step, far below the model's own precision.
   */
  private static BigDecimal asWritten(Schema.Field field, double amount) {
    return field != null && Float32Columns.isMarked(field)
        ? new BigDecimal(Float32Columns.format(amount))
        : new BigDecimal(amount);
  }
}
