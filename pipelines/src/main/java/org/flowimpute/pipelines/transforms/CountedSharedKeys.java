package org.flowimpute.pipelines.transforms;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.MapCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Keys;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * The verdicts of {@link SharedKeys#of} for the DirectRunner, which runs the output of a grouping
 * one bundle per key (grouped, the keys of 20,000 Avro records took the job from 2.9 s to 10.7 s)
 * but a global combine in a few: the keys ({@code RecordKeys}) are counted in one {@code
 * Combine.globally} ({@code Counts}), whose result, the count of every key held more than once, is
 * a side input of {@code SharedOnly}, which turns each record of such a key into its verdict. The
 * counts hold every distinct key while counting and the repeated ones after, so at worst (every key
 * repeated) one entry per two records; the DirectRunner holds all the records in memory anyway. Not
 * for Flink, where one worker would hold them all.
 */
final class CountedSharedKeys
    extends PTransform<
        PCollection<KV<String, KV<String, String>>>, PCollection<KV<String, KV<String, String>>>> {

  private final String keyField;

  CountedSharedKeys(String keyField) {
    this.keyField = keyField;
  }

  @Override
  public PCollection<KV<String, KV<String, String>>> expand(
      PCollection<KV<String, KV<String, String>>> keys) {
    PCollectionView<Map<String, Integer>> repeated =
        keys.apply("RecordKeys", Keys.create())
            .setCoder(StringUtf8Coder.of())
            .apply("Counts", Combine.globally(new RepeatedKeysFn()).asSingletonView());
    return keys.apply(
            "SharedOnly", ParDo.of(new SharedOnlyFn(keyField, repeated)).withSideInputs(repeated))
        .setCoder(SharedKeys.coder());
  }

  /** key → count of the keys counted more than once. */
  private static final class RepeatedKeysFn
      extends Combine.CombineFn<String, Map<String, Integer>, Map<String, Integer>> {

    @Override
    public Map<String, Integer> createAccumulator() {
      return new HashMap<>();
    }

    @Override
    public Map<String, Integer> addInput(Map<String, Integer> counts, String key) {
      counts.merge(key, 1, Integer::sum);
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

  /**
   * (join key, (source, message)) of each record whose key is repeated; the counts read from the
   * side input once per instance (a batch job's one window).
   */
  private static final class SharedOnlyFn
      extends DoFn<KV<String, KV<String, String>>, KV<String, KV<String, String>>> {
    private final String keyField;
    private final PCollectionView<Map<String, Integer>> counts;
    private transient Map<String, Integer> repeated;

    SharedOnlyFn(String keyField, PCollectionView<Map<String, Integer>> counts) {
      this.keyField = keyField;
      this.counts = counts;
    }

    @ProcessElement
    public void processElement(ProcessContext context) {
      if (repeated == null) {
        repeated = context.sideInput(counts);
      }
      KV<String, KV<String, String>> holder = context.element();
      Integer holders = repeated.get(holder.getKey());
      if (holders != null) {
        KV<String, String> where = holder.getValue();
        context.output(
            KV.of(
                where.getKey(),
                KV.of(where.getValue(), SharedKeys.message(holder.getKey(), keyField, holders))));
      }
    }
  }
}
