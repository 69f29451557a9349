package org.flowimpute.pipelines.transforms;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.MapCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.Keys;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * The key check of the DirectRunner: the count of every record key that more than one record holds,
 * as a side input, from (record key, (join key, source)) of all records ({@link SharedKeys}). The
 * DirectRunner runs the output of a grouping one bundle per key (grouped, the keys of 20,000 Avro
 * records took the job from 2.9 s to 10.7 s), but a global combine in a few: the keys ({@code
 * RecordKeys}) are counted in one {@code Combine.globally} ({@code Counts}). While counting, the
 * counts hold one entry per distinct key (at worst, all keys unique, one per record); after, one
 * per repeated key (at worst one per two records); the DirectRunner holds all the records in memory
 * anyway. Not for Flink, where one worker would hold every key.
 *
 * <p>One null joins the keys ({@code NoKey}), so that the counts are written even when no record
 * has a key: the DirectRunner retries the elements that wait for a side input when something is
 * written to it, not when it turns out empty at the end of its input (they can then wait forever).
 */
public final class RepeatedKeys
    extends PTransform<
        PCollection<KV<String, KV<String, String>>>, PCollectionView<Map<String, Integer>>> {

  @Override
  public PCollectionView<Map<String, Integer>> expand(
      PCollection<KV<String, KV<String, String>>> keys) {
    return counts(keys).apply("View", View.asSingleton());
  }

  /**
   * The counts as the one element of a collection, which holds it even when {@code keys} is empty
   * (the view's element).
   */
  static PCollection<Map<String, Integer>> counts(
      PCollection<KV<String, KV<String, String>>> keys) {
    Coder<String> keyCoder = NullableCoder.of(StringUtf8Coder.of());
    PCollection<String> recordKeys = keys.apply("RecordKeys", Keys.create()).setCoder(keyCoder);
    PCollection<String> noKey =
        keys.getPipeline().apply("NoKey", Create.of((String) null).withCoder(keyCoder));
    return PCollectionList.of(recordKeys)
        .and(noKey)
        .apply("WithNoKey", Flatten.pCollections())
        .setCoder(keyCoder)
        .apply("Counts", Combine.globally(new RepeatedKeysFn()).withoutDefaults());
  }

  /** key → count of the keys counted more than once; nulls are not counted. */
  private static final class RepeatedKeysFn
      extends Combine.CombineFn<String, Map<String, Integer>, Map<String, Integer>> {

    @Override
    public Map<String, Integer> createAccumulator() {
      return new HashMap<>();
    }

    @Override
    public Map<String, Integer> addInput(Map<String, Integer> counts, String key) {
      if (key != null) {
        counts.merge(key, 1, Integer::sum);
      }
      return counts;
    }

    @Override
    public Map<String, Integer> mergeAccumulators(Iterable<Map<String, Integer>> accumulators) {
      Iterator<Map<String, Integer>> each = accumulators.iterator();
      Map<String, Integer> merged = each.hasNext() ? each.next() : createAccumulator();
      while (each.hasNext()) {
        each.next().forEach((key, count) -> merged.merge(key, count, Integer::sum));
      }
      return merged;
    }

    @Override
    public Map<String, Integer> extractOutput(Map<String, Integer> counts) {
      Map<String, Integer> repeated = new HashMap<>();
      counts.forEach(
          (key, count) -> {
            if (count > 1) {
              repeated.put(key, count);
            }
          });
      return repeated;
    }

    @Override
    public Coder<Map<String, Integer>> getAccumulatorCoder(
        CoderRegistry registry, Coder<String> inputCoder) {
      return MapCoder.of(StringUtf8Coder.of(), VarIntCoder.of());
    }

    @Override
    public Coder<Map<String, Integer>> getDefaultOutputCoder(
        CoderRegistry registry, Coder<String> inputCoder) {
      return MapCoder.of(StringUtf8Coder.of(), VarIntCoder.of());
    }
  }
}
