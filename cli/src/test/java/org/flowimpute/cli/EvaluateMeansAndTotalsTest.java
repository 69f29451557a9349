package org.flowimpute.cli;

import static org.flowimpute.cli.CommandRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code evaluate} reports each target's weighted mean and total against the real ones (a total 5 %
 * low showed only as a small KS). Real rows (w, wage, savings): (1, 10, −2), (2, 20, 0), (1, 30,
 * 2): wage mean 20, total 80; savings mean 0, standard deviation √2.
 */
class EvaluateMeansAndTotalsTest {

  private static final String REAL = "w,wage,savings\n1,10,-2\n2,20,0\n1,30,2\n";

  @TempDir Path dir;

  /** Synthetic (w, wage, savings): (2, 12, 1), (3, 18, 1): wage mean 15.6, total 78. */
  @Test
  void weightedTablesGetMeanAndTotalErrorsInMetricsAndTheSummary() throws IOException {
    Path out = dir.resolve("report");

    CommandRun run = evaluate("w,wage,savings\n2,12,1\n3,18,1\n", out);

    JsonNode targets = model(out).get("targets");
    JsonNode wage = targets.get(0).get("mean_and_total");
    assertEquals(20, wage.get("mean_real").doubleValue(), 1e-12);
    assertEquals(15.6, wage.get("mean_synthetic").doubleValue(), 1e-12);
    assertEquals(-0.22, wage.get("mean_relative_error").doubleValue(), 1e-12);
    assertEquals(80, wage.get("total_real").doubleValue(), 1e-12);
    assertEquals(78, wage.get("total_synthetic").doubleValue(), 1e-12);
    assertEquals(-0.025, wage.get("total_relative_error").doubleValue(), 1e-12);
    JsonNode savings = targets.get(1).get("mean_and_total");
    assertTrue(savings.get("mean_relative_error").isNull(), savings.toString());
    assertTrue(savings.get("total_relative_error").isNull(), savings.toString());
    assertEquals(
        1 / Math.sqrt(2), savings.get("standardized_mean_difference").doubleValue(), 1e-12);
    assertTrue(
        run.out().contains("per target (err: synthetic / real − 1, – where the real mean is 0):"),
        run.out());
    assertTrue(
        run.out()
            .lines()
            .anyMatch(
                l ->
                    l.matches("wage +model +20 +15\\.6 +-22\\.00 % +-0\\.6223 +80 +78 +-2\\.50 %")),
        run.out());
    assertTrue(
        run.out().lines().anyMatch(l -> l.matches("savings +model +0 +1 +– +\\+0\\.7071 +0 +5 +–")),
        run.out());
  }

  /**
   * A synthetic table without the weight column counts its rows once (wage mean 15): a sum of its
   * rows is no total, so the model has none; the baselines, drawn for the weighted real rows, do.
   */
  @Test
  void aSyntheticTableWithoutTheWeightColumnHasMeansButNoTotals() throws IOException {
    Path out = dir.resolve("report");

    CommandRun run = evaluate("wage,savings\n12,1\n18,1\n", out);

    JsonNode wage = model(out).get("targets").get(0).get("mean_and_total");
    assertEquals(-0.25, wage.get("mean_relative_error").doubleValue(), 1e-12);
    assertTrue(wage.get("total_synthetic").isNull(), wage.toString());
    assertTrue(wage.get("total_relative_error").isNull(), wage.toString());
    JsonNode hotDeck =
        methods(out).get(1).get("targets").get(0).get("mean_and_total").get("total_real");
    assertEquals(80, hotDeck.doubleValue(), 1e-12);
    assertTrue(
        run.out()
            .lines()
            .anyMatch(l -> l.matches("wage +model +20 +15 +-25\\.00 % +\\S+ +– +– +–")),
        run.out());
  }

  private CommandRun evaluate(String synthetic, Path out) throws IOException {
    Path real = Files.writeString(dir.resolve("real.csv"), REAL);
    Path syntheticFile = Files.writeString(dir.resolve("synthetic.csv"), synthetic);
    return run(
            "evaluate",
            "--real",
            real.toString(),
            "--synthetic",
            syntheticFile.toString(),
            "--targets",
            "wage,savings",
            "--weight",
            "w",
            "--out",
            out.toString())
        .assertOk();
  }

  private static JsonNode methods(Path out) throws IOException {
    return new ObjectMapper().readTree(out.resolve("metrics.json").toFile()).get("methods");
  }

  private static JsonNode model(Path out) throws IOException {
    return methods(out).get(0);
  }
}
