package org.flowimpute.pipelines.stream;

import java.util.function.Predicate;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.flowimpute.pipelines.transforms.BundleModelProvider;
import org.flowimpute.pipelines.transforms.DeadLetters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a bundle in the watched model directory can replace the job's model: it loads and
 * verifies, reads and writes the job model's fields, and opens, which checks its graph against its
 * manifest, so a bundle whose model.onnx does not belong to it is skipped (logged, metric {@code
 * model_bundles_rejected}) instead of failing the imputation step when it is swapped in.
 */
final class UsableBundle implements Predicate<String> {

  private static final Logger LOG = LoggerFactory.getLogger(UsableBundle.class);

  private final BundleModelProvider base;
  private final Counter rejected =
      Metrics.counter(DeadLetters.METRICS_NAMESPACE, "model_bundles_rejected");

  /** Checks bundles against the job's own model {@code base}. */
  UsableBundle(BundleModelProvider base) {
    this.base = base;
  }

  @Override
  public boolean test(String bundle) {
    BundleModelProvider candidate;
    try {
      candidate = base.withBundle(bundle);
    } catch (IllegalArgumentException e) {
      return reject(bundle, e.getMessage());
    }
    if (!base.compatibleWith(candidate.fields())) {
      return reject(
          bundle, "its conditions or targets differ from model " + base.fields().modelId());
    }
    try {
      candidate.open().close();
    } catch (IllegalArgumentException | IllegalStateException e) {
      return reject(bundle, e.getMessage());
    }
    return true;
  }

  private boolean reject(String bundle, String reason) {
    rejected.inc();
    LOG.warn("model bundle {} skipped: {}", bundle, reason);
    return false;
  }
}
