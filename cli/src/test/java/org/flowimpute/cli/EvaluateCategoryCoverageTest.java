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
 * {@code evaluate --by}: a real category without synthetic rows scored as synthetic mean 0,
 * silently; it is left out of the category error, and the command warns naming the column and the
 * category.
 */
class EvaluateCategoryCoverageTest {

  @TempDir Path dir;

  /** Real: a 10, b 20, island 100; synthetic: a 11, b 20. Category error (0.1 + 0) / 2. */
  @Test
  void aRealCategoryWithoutSyntheticRowsIsLeftOutAndWarnedOf() throws IOException {
    Path real =
        Files.writeString(
            dir.resolve("real.csv"), "region,x\na,10\na,10\nb,20\nb,20\nisland,100\n");
    Path synthetic =
        Files.writeString(dir.resolve("synthetic.csv"), "region,x\na,11\na,11\nb,20\nb,20\n");
    Path out = dir.resolve("report");

    CommandRun run =
        run(
                "evaluate",
                "--real",
                real.toString(),
                "--synthetic",
                synthetic.toString(),
                "--targets",
                "x",
                "--by",
                "region",
                "--train",
                synthetic.toString(),
                "--out",
                out.toString())
            .assertOk();

    assertTrue(
        run.err()
            .contains(
                "warning: column region: real categories without model rows: island (left out"
                    + " of the category errors)"),
        run.err());
    JsonNode model =
        new ObjectMapper().readTree(out.resolve("metrics.json").toFile()).get("methods").get(0);
    assertEquals(0.05, model.get("category_mean_error").get("region").doubleValue(), 1e-12);
    assertEquals(
        "island",
        model
            .get("category_coverage")
            .get("region")
            .get("categories_without_synthetic_rows")
            .get(0)
            .asText());
  }
}
