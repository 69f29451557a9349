package org.flowimpute.pipelines.io;

import java.nio.file.Path;

/**
 * Another run's process, for {@link LeftoverTempDirectoriesTest}: {@code hold DIR} locks the
 * temporary directory {@code DIR} ({@link TempDirectoryLock}), prints {@link #LOCKED} and waits to
 * be killed; {@code sweep DIR} deletes the leftovers in the output directory {@code DIR} ({@link
 * LeftoverTempDirectories}), printing its notes, then {@link #SWEPT}.
 */
public final class OtherRun {

  /** What {@code hold} prints once it holds the lock. */
  static final String LOCKED = "locked";

  /** What {@code sweep} prints last. */
  static final String SWEPT = "swept";

  private OtherRun() {}

  public static void main(String[] args) throws Exception {
    Path directory = Path.of(args[1]);
    if ("hold".equals(args[0])) {
      TempDirectoryLock.acquire(directory);
      System.out.println(LOCKED);
      System.out.flush();
      Thread.sleep(Long.MAX_VALUE);
    }
    LeftoverTempDirectories.delete(directory, System.out::println);
    System.out.println(SWEPT);
  }
}
