package org.flowimpute.training.data;

import java.util.Locale;
import java.util.Optional;
import org.flowimpute.training.fit.TrainingSettings;
import org.flowimpute.training.fit.TrainingSummary;

/**
 * A flow restored to one of the first epochs of a much longer run. The gates and the flow are
 * early-stopped separately, so the run goes on while the gates improve, and the flow kept can be
 * the one after epoch 1: on 640 training rows with weights from 1e-3 to 1e6 and a 50-category
 * condition, {@code train} printed "epochs 106 (best 91)" while the flow kept had taken two
 * optimizer steps, and a tenth of the imputed amounts sat exactly on the training extremes (the
 * cap). This is not an error (the validation NLL chose it), but the model is nearly untrained, so
 * training warns.
 */
final class EarlyFlowCheckpoint {

  /** A flow kept from one of this many first epochs is early... */
  static final int FIRST_EPOCHS = 5;

  /** ...when at least this many epochs ran after it, so that it had every chance to improve. */
  static final int EPOCHS_AFTER = 10;

  private EarlyFlowCheckpoint() {}

  /**
   * The warning for a fit whose flow was kept from epoch {@link #FIRST_EPOCHS} or earlier while
   * {@link #EPOCHS_AFTER} or more epochs ran after it; empty otherwise, and without a validation
   * split (the last epoch is kept then). It quotes epochs and optimizer steps, no record, so a
   * synthesis bundle stores it ({@link TrainingWarning#withoutData}); with {@code roundedRows} (a
   * synthesis bundle) the steps are counted from the training rows rounded as the bundle states
   * them ({@link OutwardRounding#count}) and said to be "about" so many: with a batch size of 1 the
   * exact steps would give the exact row count.
   */
  static Optional<TrainingWarning> warning(
      TrainingSummary fit, TrainingSettings settings, boolean roundedRows) {
    int best = fit.bestFlowEpoch();
    if (fit.validationRows() == 0 || best > FIRST_EPOCHS || fit.epochsRun() - best < EPOCHS_AFTER) {
      return Optional.empty();
    }
    long rows = roundedRows ? OutwardRounding.count(fit.trainRows()) : fit.trainRows();
    long steps = best * ((rows + settings.batchSize() - 1) / settings.batchSize());
    return Optional.of(
        TrainingWarning.withoutData(
            String.format(
                Locale.ROOT,
                "the flow's validation NLL never improved after epoch %d (%d epochs ran), so the"
                    + " flow kept is from epoch %d, %s%d optimizer %s into training, and nearly"
                    + " untrained: imputed amounts pile up at the training extremes (the cap);"
                    + " more training rows help; training without early stopping"
                    + " (--validation-fraction 0 with a fixed --epochs) may fit some targets better"
                    + " and overfit others: compare them with evaluate",
                best,
                fit.epochsRun(),
                best,
                roundedRows ? "about " : "",
                steps,
                steps == 1 ? "step" : "steps")));
  }
}
