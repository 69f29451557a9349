package org.flowimpute.pipelines.testing;

import org.flowimpute.household.HouseholdContext;
import org.flowimpute.pipelines.transforms.ImputationModel;
import org.flowimpute.pipelines.transforms.ModelProvider;
import org.flowimpute.pipelines.values.ModelFields;

/** {@link FakeModelProvider} with a household context, as a bundle trained with households. */
public final class HouseholdFakeModel implements ModelProvider {

  private static final long serialVersionUID = 1L;

  private final FakeModelProvider model;
  private final HouseholdContext household;

  public HouseholdFakeModel(ModelFields fields, HouseholdContext household) {
    this.model = new FakeModelProvider(fields);
    this.household = household;
  }

  @Override
  public ModelFields fields() {
    return model.fields();
  }

  @Override
  public HouseholdContext household() {
    return household;
  }

  @Override
  public ImputationModel open() {
    return model.open();
  }
}
