package org.flowimpute.pipelines.transforms;

import java.io.Serializable;
import org.flowimpute.household.HouseholdContext;
import org.flowimpute.pipelines.values.ModelFields;

/**
 * Serializable recipe for a model: shipped to workers with the pipeline graph and opened there in
 * {@code @Setup}. {@link #fields()} is known when the pipeline is built, so the output schema and
 * validation rules are fixed before any record is read.
 */
public interface ModelProvider extends Serializable {

  /** The fields the model reads and writes. */
  ModelFields fields();

  /**
   * The household context of a household-aware model ({@link HouseholdContext#none()} otherwise):
   * pipelines then impute with {@link ImputeHouseholds}.
   */
  default HouseholdContext household() {
    return HouseholdContext.none();
  }

  /** Opens the model for one DoFn instance; the caller closes it in {@code @Teardown}. */
  ImputationModel open();
}
