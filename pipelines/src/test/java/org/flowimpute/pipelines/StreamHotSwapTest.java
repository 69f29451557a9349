package org.flowimpute.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.flowimpute.bundle.ModelBundle;
import org.flowimpute.infer.OrtSessions;
import org.flowimpute.pipelines.options.StreamOptions;
import org.flowimpute.pipelines.testing.AvroFiles;
import org.flowimpute.pipelines.testing.Await;
import org.flowimpute.pipelines.testing.ContractModels;
import org.flowimpute.pipelines.testing.DirectStreamOptions;
import org.flowimpute.pipelines.testing.TestBundles;
import org.flowimpute.pipelines.testing.TestData;
import org.flowimpute.pipelines.transforms.BundleModelProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model hot swap in the streaming job: a newer bundle moved into the watched model directory while
 * the job runs imputes the records read after it, and every output record names its model.
 */
class StreamHotSwapTest {

  private static final long T0 = 1_767_225_600_000L;

  @TempDir Path dir;

  @Test
  void newerBundleInModelDirectoryImputesLaterRecords() throws Exception {
    Path models = Files.createDirectories(dir.resolve("models"));
    Path first = models.resolve("2026-01-people");
    String firstGraph =
        ContractModels.writeBundle(first, TestBundles.peopleManifest("people-v1"))
            .checksums()
            .get(ModelBundle.MODEL_FILE);
    Path in = Files.createDirectories(dir.resolve("in"));
    Path targets = dir.resolve("targets.yaml");
    Files.writeString(
        targets,
        "targets:\n  - name: people\n    statistic: count\n    by: [region]\n    cells:\n"
            + "      - {group: {region: north}, value: 100}\n"
            + "      - {group: {region: south}, value: 100}\n"
            + "      - {group: {region: east}, value: 100}\n");

    List<GenericRecord> early = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      early.add(event("a" + i, T0 + i * 400L));
    }
    early.add(event("a20", T0 + 15_000L));
    AvroFiles.write(in.resolve("01.avro"), TestData.TIMED_PERSON, early);

    StreamOptions options = options(in, targets, models);
    // One worker thread, so one instance of the imputation step sees both models (the DirectRunner
    // keeps an instance per thread; each closes the models it replaced).
    options.as(DirectOptions.class).setTargetParallelism(1);
    BundleModelProvider model =
        BundleModelProvider.load(first.toString(), "cpu", 1, 16, 0, "weight");
    Pipeline pipeline = Pipeline.create(options);
    StreamPipeline.build(
        pipeline, options, model, DirectStreamOptions.source(in, model.fields(), options));
    PipelineResult result = pipeline.run();
    try {
      Await.until(
          () -> Await.running(result) && output().size() == 20,
          60_000,
          () -> "records written: " + output().size() + ", " + JobCounts.of(result));

      Path staged = dir.resolve("staged");
      String secondGraph =
          ContractModels.writeBundle(staged, TestBundles.peopleManifest("people-v2"))
              .checksums()
              .get(ModelBundle.MODEL_FILE);
      Files.move(staged, models.resolve("2026-02-people"), StandardCopyOption.ATOMIC_MOVE);
      Thread.sleep(3_000);

      List<GenericRecord> late = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        late.add(event("b" + i, T0 + 20_000L + i * 400L));
      }
      late.add(event("flush", T0 + 40_000L));
      AvroFiles.write(in.resolve("02.avro"), TestData.TIMED_PERSON, late);
      Await.until(
          () -> Await.running(result) && output().size() == 41,
          60_000,
          () -> "records written: " + output().size() + ", " + JobCounts.of(result));
      assertTrue(OrtSessions.isOpen(secondGraph), "the new model's session is open");
      assertFalse(OrtSessions.isOpen(firstGraph), "the replaced model's session is closed");
    } finally {
      result.cancel();
    }

    Map<String, String> modelOf = new TreeMap<>();
    for (GenericRecord record : output()) {
      modelOf.put(record.get("id").toString(), record.get("model_id").toString());
    }
    for (int i = 0; i <= 20; i++) {
      assertEquals("people-v1", modelOf.get("a" + i), "a" + i + " was read before the swap");
    }
    for (int i = 0; i < 20; i++) {
      assertEquals("people-v2", modelOf.get("b" + i), "b" + i + " was read after the swap");
    }
  }

  private List<GenericRecord> output() {
    return AvroFiles.readShards(dir.resolve("out"), "part");
  }

  private StreamOptions options(Path in, Path targets, Path models) throws Exception {
    StreamOptions options = DirectStreamOptions.watching(in, targets, dir);
    options.setModel(models.resolve("2026-01-people").toString());
    options.setModelDirectory(models.toString());
    options.setModelRefresh("300ms");
    options.setIdleTimeout("0");
    options.setBatchSize(16);
    return options;
  }

  private static GenericRecord event(String id, long time) {
    int i = Math.floorMod(id.hashCode(), 1000);
    return TestData.timedPerson(id, 20.0 + i % 50, TestData.REGIONS.get(i % 3), 1.0 + i % 4, time);
  }
}
