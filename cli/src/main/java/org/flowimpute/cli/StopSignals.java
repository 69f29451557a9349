package org.flowimpute.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Turns the first SIGTERM or SIGINT (Ctrl-C) during a streaming job into a request to stop the job
 * the way {@code --run-for} does, so that a scheduler's stop (Kubernetes, systemd, docker stop)
 * ends with the counts printed and, on Flink, the open windows written or kept in a savepoint: the
 * JVM's own handling ended the process at once, with no counts and the open windows lost. A second
 * signal is handed to the handler that was there before (the JVM's: the process ends at once).
 *
 * <p>The signal is caught before the JVM starts shutting down, so no shutdown hook (Flink's, which
 * delete its working directories; the temporary-file clean-ups) runs while the job is being
 * stopped. A signal the JVM does not handle (SIGINT of a process started in the background, which
 * ignores it, or a JVM run with {@code -Xrs}) is left as it is.
 */
final class StopSignals implements AutoCloseable {

  private static final int SIGNAL_EXIT_BASE = 128;

  private final CompletableFuture<Signal> requested = new CompletableFuture<>();
  private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();
  private final PrintWriter err;
  private final String stopping;

  private StopSignals(PrintWriter err, String stopping) {
    this.err = err;
    this.stopping = stopping;
  }

  /**
   * Catches SIGTERM and SIGINT until {@link #close()}; {@code stopping} says on stderr what the
   * first signal does, e.g. "stopping the job as --run-for would".
   */
  static StopSignals install(PrintWriter err, String stopping) {
    StopSignals signals = new StopSignals(err, stopping);
    for (String name : new String[] {"TERM", "INT"}) {
      Signal signal = new Signal(name);
      SignalHandler before;
      try {
        before = Signal.handle(signal, signals::received);
      } catch (IllegalArgumentException reservedByVm) {
        // -Xrs: the JVM leaves the signal to the operating system, which ends the process
        continue;
      }
      if (before == SignalHandler.SIG_IGN || before == SignalHandler.SIG_DFL) {
        Signal.handle(signal, before);
      } else {
        signals.previous.put(signal, before);
      }
    }
    return signals;
  }

  /** Completes with the first signal received. */
  CompletableFuture<Signal> requested() {
    return requested;
  }

  /** Completes with the name of the first signal received, e.g. "SIGTERM". */
  CompletableFuture<String> requestedBy() {
    return requested.thenApply(signal -> "SIG" + signal.getName());
  }

  /** The exit code of a process ended by the signal received (128 + its number: 143, 130). */
  int exitCode() {
    return SIGNAL_EXIT_BASE + requested.join().getNumber();
  }

  private void received(Signal signal) {
    if (requested.complete(signal)) {
      err.printf(
          "note: SIG%s received: %s (a second SIGTERM or Ctrl-C ends the process at once)%n",
          signal.getName(), stopping);
      err.flush();
    } else {
      previous.get(signal).handle(signal);
    }
  }

  /** Gives the signals back to the handlers that were there before. */
  @Override
  public void close() {
    previous.forEach(Signal::handle);
  }
}
