package org.flowimpute.evaluation;

import java.util.List;
import java.util.Map;

/**
 * Every metric of one method (the model or a baseline) against the real data: per target, averages
 * over targets, the joint metrics (correlation errors, pMSE) and the privacy check (DCR). Null
 * where a metric was not requested (CRPS without draws, DCR without holdout) or is not defined
 * (S_pMSE when no feature varies, so its null expectation is 0). {@code categoryCoverage} lists,
 * per group-by column, the categories of one table only, which the category errors leave out.
 */
public record MethodMetrics(
    String method,
    int rows,
    List<TargetMetrics> targets,
    double ks,
    Double ksNonzero,
    double zeroShareError,
    double negativeShareError,
    double wassersteinSignedLog,
    double correlationErrorPearson,
    double correlationErrorSpearman,
    Map<String, Double> categoryMeanError,
    Double crpsSignedLog,
    double pmse,
    double pmseNullExpectation,
    Double sPmse,
    DistanceToClosestRecord.Result dcr,
    Map<String, CategoryCoverage> categoryCoverage) {}
