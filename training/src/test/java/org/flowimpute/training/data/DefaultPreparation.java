package org.flowimpute.training.data;

import org.flowimpute.bundle.MagnitudeTransform;
import org.flowimpute.bundle.UnknownCategoryPolicy;
import org.flowimpute.encode.AtomPolicy;

/**
 * {@link PreparedData} of a table with {@code train}'s defaults (unknown categories an error, the
 * default point masses and clip factor): what the tests of the data checks prepare.
 */
final class DefaultPreparation {

  private DefaultPreparation() {}

  static PreparedData of(TrainingTable table) {
    return PreparedData.of(
        table,
        UnknownCategoryPolicy.ERROR,
        AtomPolicy.defaults(),
        MagnitudeTransform.DEFAULT_CLIP_FACTOR);
  }
}
