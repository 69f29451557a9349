package org.flowimpute.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The CPU time the JIT compiler threads of this JVM have used so far, for the benchmarks. On Linux
 * it is read from {@code /proc/self/task/<tid>/stat} (threads named {@code C1 CompilerThre…} and
 * {@code C2 CompilerThre…}: user + system time, in clock ticks of 1/100 s); elsewhere it falls back
 * to {@code CompilationMXBean.getTotalCompilationTime()}, which sums each compilation's elapsed
 * wall time and so counts a compiler thread's waits for a core as well (on a loaded 2-core machine,
 * 14.3 s reported against 4.6 s of compiler CPU).
 */
final class CompilerThreadCpu {

  private static final Path TASKS = Path.of("/proc/self/task");

  /** USER_HZ, the unit of the times in {@code /proc/<pid>/task/<tid>/stat} on Linux. */
  private static final double TICKS_PER_SECOND = 100.0;

  private CompilerThreadCpu() {}

  /** Seconds of CPU the compiler threads have used, or compilation wall time without /proc. */
  static double seconds() {
    if (!Files.isDirectory(TASKS)) {
      return ManagementFactory.getCompilationMXBean().getTotalCompilationTime() / 1e3;
    }
    long ticks = 0;
    try (Stream<Path> tasks = Files.list(TASKS)) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        ticks += compilerTicks(task.resolve("stat"));
      }
    } catch (IOException e) {
      return ManagementFactory.getCompilationMXBean().getTotalCompilationTime() / 1e3;
    }
    return ticks / TICKS_PER_SECOND;
  }

  /** User + system ticks of the task if it is a compiler thread, else 0 (also if it has exited). */
  private static long compilerTicks(Path stat) {
    String line;
    try {
      line = Files.readString(stat);
    } catch (IOException exited) {
      return 0;
    }
    int open = line.indexOf('(');
    int close = line.lastIndexOf(')');
    if (open < 0 || close < open) {
      return 0;
    }
    String name = line.substring(open + 1, close);
    if (!name.startsWith("C1 CompilerThre") && !name.startsWith("C2 CompilerThre")) {
      return 0;
    }
    String[] fields = line.substring(close + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }
}
