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
 *
 * <p>The bar is drawn on standard output, which {@link System#console()} being there says is the
 * terminal (Java 17 cannot tell whether standard error is one: a bar on it went into the file of
 * {@code 2>log}), and only from the first rows imputed, after the warnings about the input, which
 * would otherwise be glued to the bar's line.
 */
final class RowsProgress implements AutoCloseable {

  private static final int REDRAW_MILLIS = 500;

  private final String task;
  private final PrintStream terminal;
  private ProgressBar bar;

  private RowsProgress(String task, PrintStream terminal) {
    this.task = task;
    this.terminal = terminal;
  }

  /** A progress for {@code task} on the terminal when {@code shown} and the JVM has one. */
  static RowsProgress open(String task, boolean shown) {
    return new RowsProgress(task, shown && System.console() != null ? System.out : null);
  }

  /** A progress for {@code task} drawn on {@code terminal}. */
  static RowsProgress onTerminal(String task, PrintStream terminal) {
    return new RowsProgress(task, terminal);
  }

  /** Counts {@code rows} more rows imputed. */
  void add(long rows) {
    if (terminal == null) {
      return;
    }
    if (bar == null) {
      bar =
          new ProgressBarBuilder()
              .setTaskName(task)
              .setInitialMax(-1)
              .setStyle(ProgressBarStyle.ASCII)
              .setUnit(" rows", 1)
              .showSpeed()
              .setSpeedUnit(ChronoUnit.SECONDS)
              .setUpdateIntervalMillis(REDRAW_MILLIS)
              .setConsumer(new ConsoleProgressBarConsumer(terminal))
              .build();
    }
    bar.stepBy(rows);
  }

  /** Draws the final count and ends the line. */
  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
