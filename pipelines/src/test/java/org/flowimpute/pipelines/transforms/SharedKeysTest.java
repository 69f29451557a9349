package org.flowimpute.pipelines.transforms;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The keys grouped (Flink) and counted (the DirectRunner) give the same verdicts. */
@ExtendWith(TestPipelineExtension.class)
class SharedKeysTest {

  private static final List<KV<String, KV<String, String>>> KEYS =
      List.of(
          KV.of("a", KV.of("f1", "f1:1")),
          KV.of("b", KV.of("f1", "f1:2")),
          KV.of("a", KV.of("f1", "f1:3")),
          KV.of("c", KV.of("f2", "f2:1")),
          KV.of("a", KV.of("f2", "f2:2")),
          KV.of("c", KV.of("f2", "f2:3")));

  @Test
  void groupedAndCountedKeysGiveTheSameVerdicts(TestPipeline pipeline) {
    for (boolean counted : List.of(false, true)) {
      PCollection<KV<String, KV<String, String>>> keys =
          pipeline.apply("Keys" + counted, Create.of(KEYS).withCoder(SharedKeys.coder()));
      PAssert.that(SharedKeys.of(keys, "id", counted))
          .containsInAnyOrder(
              verdict("f1", "f1:1", "a", 3),
              verdict("f1", "f1:3", "a", 3),
              verdict("f2", "f2:2", "a", 3),
              verdict("f2", "f2:1", "c", 2),
              verdict("f2", "f2:3", "c", 2));
    }
    pipeline.run().waitUntilFinish();
  }

  @Test
  void noKeysNoVerdicts(TestPipeline pipeline) {
    for (boolean counted : List.of(false, true)) {
      PCollection<KV<String, KV<String, String>>> keys =
          pipeline.apply("Keys" + counted, Create.empty(SharedKeys.coder()));
      PAssert.that(SharedKeys.of(keys, "id", counted)).empty();
    }
    pipeline.run().waitUntilFinish();
  }

  @Test
  void everyKeyRepeatedEveryRecordIsAVerdict(TestPipeline pipeline) {
    List<KV<String, KV<String, String>>> twice = new ArrayList<>();
    List<KV<String, KV<String, String>>> expected = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      for (String file : List.of("a", "b")) {
        twice.add(KV.of("p" + i, KV.of(file, file + ":" + i)));
        expected.add(verdict(file, file + ":" + i, "p" + i, 2));
      }
    }
    PCollection<KV<String, KV<String, String>>> keys =
        pipeline.apply(Create.of(twice).withCoder(SharedKeys.coder()));
    PAssert.that(SharedKeys.of(keys, "id", true)).containsInAnyOrder(expected);
    pipeline.run().waitUntilFinish();
  }

  private static KV<String, KV<String, String>> verdict(
      String join, String source, String key, int holders) {
    return KV.of(join, KV.of(source, SharedKeys.message(key, "id", holders)));
  }
}
