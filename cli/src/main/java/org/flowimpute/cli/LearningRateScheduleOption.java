package org.flowimpute.cli;

import org.flowimpute.training.fit.LearningRateSchedule;
import picocli.CommandLine.Option;

/** The {@code --lr-schedule} option that {@code train} and {@code bench train} share. */
public final class LearningRateScheduleOption {
  @Option(
      names = "--lr-schedule",
      defaultValue = "gate-plateau",
      description =
          "gate-plateau: the gate model's rate x0.3 after patience/3 epochs without"
              + " validation improvement, the flow's fixed; plateau: both rates; fixed: neither"
              + " (default ${DEFAULT-VALUE}).")
  String schedule;

  /** The schedule named on the command line. */
  LearningRateSchedule schedule() {
    return LearningRateSchedule.parse(schedule);
  }
}
