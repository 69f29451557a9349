package org.flowimpute.cli;

import java.io.PrintStream;
import java.time.temporal.ChronoUnit;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows on a terminal how many rows {@code generate} has imputed and how fast, redrawn twice a
 * second, so that a run over millions of rows does not sit silent for minutes. Off a terminal (a
 * log, a pipe, CI) it shows nothing: the command's summary line gives the rows and seconds at the
 * end.
 */
final class RowsProgress implements AutoCloseable {

  private static final int REDRAW_MILLIS = 500;

  private final ProgressBar bar;

  private RowsProgress(ProgressBar bar) {
    this.bar = bar;
  }

  /** A progress for {@code task} on stderr when {@code shown} and the JVM has a terminal. */
  static RowsProgress open(String task, boolean shown) {
    return shown && System.console() != null
        ? onTerminal(task, System.err)
        : new RowsProgress(null);
  }

  /** A progress for {@code task} drawn on {@code terminal}. */
  static RowsProgress onTerminal(String task, PrintStream terminal) {
    return new RowsProgress(
        new ProgressBarBuilder()
            .setTaskName(task)
            .setInitialMax(-1)
            .setStyle(ProgressBarStyle.ASCII)
            .setUnit(" rows", 1)
            .showSpeed()
            .setSpeedUnit(ChronoUnit.SECONDS)
            .setUpdateIntervalMillis(REDRAW_MILLIS)
            .setConsumer(new ConsoleProgressBarConsumer(terminal))
            .build());
  }

  /** Counts {@code rows} more rows imputed. */
  void add(long rows) {
    if (bar != null) {
      bar.stepBy(rows);
    }
  }

  /** Draws the final count and ends the line. */
  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
