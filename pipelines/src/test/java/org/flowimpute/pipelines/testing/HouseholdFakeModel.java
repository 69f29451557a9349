package org.flowimpute.pipelines.testing;

import java.util.List;
import java.util.stream.Stream;
import org.flowimpute.household.HouseholdContext;
import org.flowimpute.household.HouseholdTotals;
import org.flowimpute.pipelines.transforms.ImputationModel;
import org.flowimpute.pipelines.transforms.ModelProvider;
import org.flowimpute.pipelines.values.ConditionField;
import org.flowimpute.pipelines.values.ModelFields;
import org.flowimpute.pipelines.values.TargetField;

/**
 * {@link FakeModelProvider} over {@link #FIELDS} with the household context {@link #CONTEXT}, as a
 * bundle trained with households: the household tests' model, wage_income = household_size +
 * household_children + u(record key).
 */
public final class HouseholdFakeModel implements ModelProvider {

  /** Households by {@code household_id}, members' ages in {@code age}. */
  public static final HouseholdContext CONTEXT = HouseholdContext.standard("household_id", "age");

  /**
   * Conditions household_size and household_children (household features); target wage_income;
   * computed: the features of {@link #CONTEXT} and household_wage_income_total, as a bundle's.
   */
  public static final ModelFields FIELDS =
      new ModelFields(
          "household-model-1",
          List.of(
              ConditionField.numeric("household_size"),
              ConditionField.numeric("household_children")),
          List.of(TargetField.continuous("wage_income")),
          "weight",
          false,
          Stream.concat(
                  CONTEXT.featureNames().stream(),
                  Stream.of(HouseholdTotals.fieldName("wage_income")))
              .toList());

  private static final long serialVersionUID = 1L;

  private final FakeModelProvider model = new FakeModelProvider(FIELDS);

  @Override
  public ModelFields fields() {
    return model.fields();
  }

  @Override
  public HouseholdContext household() {
    return CONTEXT;
  }

  @Override
  public ImputationModel open() {
    return model.open();
  }
}
