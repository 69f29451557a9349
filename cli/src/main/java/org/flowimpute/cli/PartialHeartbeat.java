package org.flowimpute.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.flowimpute.table.IoErrors;

/**
 * Keeps a partial file's modification time fresh while its run writes it, every minute. {@link
 * StalePartials} takes a partial unwritten for {@value StalePartials#QUIET_MINUTES} minutes, whose
 * process id no process here has, for one a killed run left; a run on another machine writing the
 * same output into a shared directory may hold its rows in memory for longer (a Parquet row group
 * of 128 MB), and its partial would have been taken for left behind.
 */
final class PartialHeartbeat {

  /** How often the modification time is set. */
  static final Duration PERIOD = Duration.ofMinutes(1);

  private static final ScheduledExecutorService TIMER =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "flowimpute-partial-heartbeat");
            thread.setDaemon(true);
            return thread;
          });

  private PartialHeartbeat() {}

  /**
   * Sets {@code partial}'s modification time every {@code period} until the result is cancelled.
   */
  static ScheduledFuture<?> start(Path partial, Duration period) {
    long millis = period.toMillis();
    return TIMER.scheduleAtFixedRate(() -> touch(partial), millis, millis, TimeUnit.MILLISECONDS);
  }

  /**
   * Sets the modification time to now; nothing when the file is not there (not yet opened, or
   * already moved to its target); a failure is a warning line, once per failure, and the run goes
   * on.
   */
  private static void touch(Path partial) {
    try {
      Files.setLastModifiedTime(partial, FileTime.from(Instant.now()));
    } catch (NoSuchFileException notThere) {
      // not yet created by the writer, or already committed: nothing to keep fresh
    } catch (IOException e) {
      System.err.println(
          "warning: cannot keep "
              + partial
              + " fresh ("
              + IoErrors.describe(e)
              + "): a run on another machine writing the same output could take it for left"
              + " behind after "
              + StalePartials.QUIET_MINUTES
              + " minutes");
    }
  }
}
