package org.flowimpute.pipelines.options;

/** All options of the batch imputation job ({@code flowimpute impute}). */
public interface ImputeOptions extends ModelOptions, BatchOptions, InputOptions, OutputOptions {}
