package org.flowimpute.pipelines.io;

import java.nio.file.Path;

/**
 * A process that locks the temporary directory named by its argument ({@link TempDirectoryLock}),
 * prints {@link #LOCKED} and waits to be killed: another job's run, for {@link
 * LeftoverTempDirectoriesTest}.
 */
public final class HoldTempDirectoryLock {

  /** What the process prints once it holds the lock. */
  static final String LOCKED = "locked";

  private HoldTempDirectoryLock() {}

  public static void main(String[] args) throws Exception {
    TempDirectoryLock.acquire(Path.of(args[0]));
    System.out.println(LOCKED);
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
