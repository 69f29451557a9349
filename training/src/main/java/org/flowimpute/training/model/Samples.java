package org.flowimpute.training.model;

/**
 * Sampled outputs for a batch of rows, laid out like the ONNX outputs (row-major).
 *
 * @param rows number of rows
 * @param values [rows, T] values in original units
 * @param gateStates [rows, G] sampled gate states
 * @param gateProbabilities [rows, S] probabilities each gate was sampled from
 */
public record Samples(int rows, float[] values, long[] gateStates, float[] gateProbabilities) {}
