package org.flowimpute.training.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.training.data.TrainingColumns;
import org.flowimpute.training.fit.TrainingListener;
import org.flowimpute.training.fit.TrainingSettings;
import org.flowimpute.training.model.Architecture;
import org.junit.jupiter.api.Test;

class MicroBenchmarkTest {

  private static final Schema SCHEMA =
      SchemaBuilder.record("Row")
          .fields()
          .requiredDouble("age")
          .requiredString("region")
          .requiredDouble("income")
          .requiredDouble("savings")
          .endRecord();

  private static List<GenericRecord> rows(int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<GenericRecord> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      GenericRecord record = new GenericData.Record(SCHEMA);
      double age = 20 + 50 * random.nextDouble();
      record.put("age", age);
      record.put("region", random.nextBoolean() ? "a" : "b");
      record.put(
          "income",
          random.nextDouble() < 0.3 ? 0.0 : Math.exp(8 + age / 50 + random.nextGaussian()));
      record.put(
          "savings", (random.nextDouble() < 0.2 ? -1 : 1) * Math.exp(6 + random.nextGaussian()));
      out.add(record);
    }
    return out;
  }

  @Test
  void printsModelFloorAndHotDeckSideBySide() {
    BenchmarkSplit split =
        new BenchmarkSplit(
            "tiny",
            rows(400, 1),
            rows(150, 2),
            new TrainingColumns(
                List.of("age", "region"), List.of("income", "savings"), Set.of("region"), null),
            "region",
            List.of("region"));
    StringWriter text = new StringWriter();

    MicroBenchmark.Report report =
        new MicroBenchmark(
                Architecture.defaults().withHidden(16).withFlowLayers(2),
                TrainingSettings.defaults().withEpochs(2).withBatchSize(128),
                new PrintWriter(text))
            .withDraws(3)
            .run(split, TrainingListener.none());

    String printed = text.toString();
    assertTrue(printed.contains("model (coupling)"), printed);
    assertTrue(printed.contains("unconditional floor"), printed);
    assertTrue(printed.contains("hot-deck"), printed);
    assertTrue(printed.contains("machine yardstick"), printed);
    assertTrue(printed.contains("mean +- sd over 3 generation draws"), printed);
    assertTrue(printed.contains("perfect model by region"), printed);
    assertTrue(printed.contains("model draw vs its next draw"), printed);
    assertTrue(printed.contains("correlation by pair"), printed);
    assertTrue(printed.contains("income - savings"), printed);
    // income's category means of ~75 log-normal rows: resampling noise of a few percent, not 0
    assertTrue(report.categoryErrorNoise() > 0.01 && report.categoryErrorNoise() < 0.5, printed);
    assertTrue(printed.contains("per CPU second of the generating thread"), printed);
    assertTrue(report.ks() >= 0 && report.ks() <= 1, printed);
    assertTrue(report.auc() > 0.2 && report.auc() < 1, printed);
    assertTrue(report.rowsPerSecond() > 0, printed);
  }
}
