package org.flowimpute.pipelines.transforms;

import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The side input of the DirectRunner's key check: the counts of the repeated keys. */
@ExtendWith(TestPipelineExtension.class)
class RepeatedKeysTest {

  @Test
  void countsTheKeysHeldByMoreThanOneRecord(TestPipeline pipeline) {
    PCollection<KV<String, KV<String, String>>> keys =
        pipeline.apply(
            "Keys",
            Create.of(
                    KV.of("a", KV.of("f1", "f1:1")),
                    KV.of("b", KV.of("f1", "f1:2")),
                    KV.of("a", KV.of("f2", "f2:1")),
                    KV.of("c", KV.of("f2", "f2:2")),
                    KV.of("a", KV.of("f2", "f2:3")),
                    KV.of("c", KV.of("f2", "f2:4")))
                .withCoder(SharedKeys.coder()));

    PAssert.that(readEach(pipeline, keys.apply(new RepeatedKeys()), List.of("r")))
        .containsInAnyOrder("r a=3", "r c=2");
    pipeline.run().waitUntilFinish();
  }

  /**
   * No key at all: the counts are still one element, empty. (A side input that stays empty is never
   * written, and the DirectRunner does not wake the steps waiting on it; that hang depends on the
   * timing, so the test asserts the element instead.)
   */
  @Test
  void noKeysStillGiveOneEmptyCount(TestPipeline pipeline) {
    PCollection<KV<String, KV<String, String>>> keys =
        pipeline.apply("Keys", Create.empty(SharedKeys.coder()));

    PAssert.thatSingleton(RepeatedKeys.counts(keys)).isEqualTo(Map.of());
    pipeline.run().waitUntilFinish();
  }

  /** No key at all: the records reading the counts see none. */
  @Test
  void noKeysEmptyCounts(TestPipeline pipeline) {
    PCollection<KV<String, KV<String, String>>> keys =
        pipeline.apply("Keys", Create.empty(SharedKeys.coder()));

    PAssert.that(readEach(pipeline, keys.apply(new RepeatedKeys()), List.of("r1", "r2", "r3")))
        .containsInAnyOrder("r1 none", "r2 none", "r3 none");
    pipeline.run().waitUntilFinish();
  }

  /** Each of {@code records} with each entry of the counts, or "none". */
  private static PCollection<String> readEach(
      TestPipeline pipeline, PCollectionView<Map<String, Integer>> counts, List<String> records) {
    return pipeline
        .apply("Records", Create.of(records).withCoder(StringUtf8Coder.of()))
        .apply(
            "Read",
            ParDo.of(
                    new DoFn<String, String>() {
                      @ProcessElement
                      public void processElement(ProcessContext context) {
                        Map<String, Integer> repeated = context.sideInput(counts);
                        if (repeated.isEmpty()) {
                          context.output(context.element() + " none");
                        }
                        repeated.forEach(
                            (key, count) ->
                                context.output(context.element() + " " + key + "=" + count));
                      }
                    })
                .withSideInputs(counts));
  }
}
