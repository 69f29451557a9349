package org.flowimpute.pipelines.transforms;

import java.util.Map;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * The verdicts of {@link SharedKeys#of} on the DirectRunner: the keys counted ({@link
 * RepeatedKeys}), each record of a repeated key turned into its verdict ({@code SharedOnly}) with
 * the counts as a side input.
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
    PCollectionView<Map<String, Integer>> repeated = keys.apply("Repeated", new RepeatedKeys());
    return keys.apply(
            "SharedOnly", ParDo.of(new SharedOnlyFn(keyField, repeated)).withSideInputs(repeated))
        .setCoder(SharedKeys.coder());
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
