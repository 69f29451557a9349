package org.flowimpute.cli;

import java.util.Locale;
import org.flowimpute.bundle.TrainingSummary;

/**
 * The epochs whose weights a model kept, as {@code train} and {@code inspect} print them. The gate
 * model and the flow are early-stopped separately, each restored to its own best epoch (the
 * settings {@code best_gate_epoch} and {@code best_flow_epoch}); the summary's single best epoch is
 * the later of the two, so printing only it hid a flow kept from epoch 1 behind "best 91".
 *
 * @param gates the epoch of the gate weights kept
 * @param flow the epoch of the flow weights kept
 */
record BestEpochs(int gates, int flow) {

  /**
   * The best epochs of {@code training}: from its settings, or its best epoch for both parts when
   * the settings do not name them (a manifest written by other code).
   */
  static BestEpochs of(TrainingSummary training) {
    return new BestEpochs(epoch(training, "best_gate_epoch"), epoch(training, "best_flow_epoch"));
  }

  private static int epoch(TrainingSummary training, String setting) {
    return training.settings().get(setting) instanceof Number epoch
        ? epoch.intValue()
        : training.bestEpoch();
  }

  /** For {@code train}'s summary line: {@code best 91}, or {@code best: gates 91, flow 1}. */
  String brief() {
    return gates == flow
        ? "best " + gates
        : String.format(Locale.ROOT, "best: gates %d, flow %d", gates, flow);
  }

  /**
   * For {@code inspect}'s training line: {@code best epoch 91 of 106}, or {@code best epochs 91
   * (gates) and 1 (flow) of 106}.
   */
  String of(int epochs) {
    return gates == flow
        ? String.format(Locale.ROOT, "best epoch %d of %d", gates, epochs)
        : String.format(
            Locale.ROOT, "best epochs %d (gates) and %d (flow) of %d", gates, flow, epochs);
  }
}
