package org.flowimpute.evaluation;

import java.util.Map;

/**
 * The metrics of one target for one method (model or baseline) against the real data; fields are
 * documented in docs/evaluation.md (metrics.json). Null where a metric does not apply (KS on
 * nonzero values when one side has none, category errors when every real category mean is 0, CRPS
 * without draws). {@code meanAndTotal} compares the target's level: weighted means and totals.
 */
public record TargetMetrics(
    String target,
    double ks,
    Double ksNonzero,
    double zeroShareReal,
    double zeroShareSynthetic,
    double zeroShareError,
    double negativeShareReal,
    double negativeShareSynthetic,
    double negativeShareError,
    double wassersteinSignedLog,
    Map<String, Double> categoryMeanError,
    Map<String, Double> pooledCategoryMeanError,
    Double crpsSignedLog,
    MeanAndTotal meanAndTotal) {}
