package org.flowimpute.cli;

import static org.flowimpute.cli.CommandRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench stream} on a tiny input (a small demo-trained bundle, 1,000 timed records on
 * embedded Flink): every printed field is there and the counts balance. Timings are not asserted.
 */
class BenchStreamCommandTest {

  @TempDir Path temp;

  @Test
  void printsRateLatencyBaselineAndBalancedCounts() {
    Path bundle = CliFixtures.trainOnDemoData(temp, 1, 8, 1);

    CommandRun result =
        run(
            "bench",
            "stream",
            "--model",
            bundle.toString(),
            "--records",
            "1000",
            "--rate",
            "2000",
            "--file-records",
            "250",
            "--window",
            "2s",
            "--timeout",
            "3m",
            "--work-dir",
            temp.resolve("bench").toString());

    result.assertOk();
    String out = result.out();
    Matcher counts =
        Pattern.compile(
                "records: (\\d+) written, (\\d+) imputed, (\\d+) calibrated \\+ (\\d+) dead")
            .matcher(out);
    assertTrue(counts.find(), out);
    assertEquals(1000, Long.parseLong(counts.group(1)));
    assertEquals(1000, Long.parseLong(counts.group(2)), "every timed record imputed once");
    long calibrated = Long.parseLong(counts.group(3));
    long deadLetters = Long.parseLong(counts.group(4));
    assertEquals(0, deadLetters, "demo records are all valid");
    assertEquals(
        1000 + BenchStreamCommand.WARM_UP_RECORDS,
        calibrated + deadLetters,
        "timed and warm-up records each end once in the output");
    Matcher latency = Pattern.compile("p50 (\\d+) ms, p99 (\\d+) ms, max (\\d+) ms").matcher(out);
    assertTrue(latency.find(), out);
    long p50 = Long.parseLong(latency.group(1));
    long p99 = Long.parseLong(latency.group(2));
    long max = Long.parseLong(latency.group(3));
    assertTrue(0 <= p50 && p50 <= p99 && p99 <= max, out);
    assertTrue(out.matches("(?s).*seconds: \\d+\\.\\d+ .*"), out);
    assertTrue(out.matches("(?s).*sustained: [\\d,]+ records/s.*"), out);
    assertTrue(out.matches("(?s).*baseline raw ONNX Runtime .*: [\\d,]+ rows/s.*"), out);
    assertTrue(out.matches("(?s).*ratio sustained / \\(raw x 2 cores\\): \\d+\\.\\d{3}.*"), out);
  }
}
