package org.flowimpute.training.fit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/**
 * Clears a parameter's gradient in place after a step whose loss was not finite, without handing
 * PyTorch Java memory. DJL's {@code NDArray.set(Buffer)} makes the tensor use the direct buffer it
 * copies the values into, and only the Java array object keeps that buffer alive: set on the handle
 * returned by {@code getGradient()} and closed, it left the parameter's gradient in memory the
 * garbage collector freed, so the next backward pass accumulated into freed memory (garbage
 * gradients, and heap corruption that aborted the JVM: {@code malloc_consolidate(): unaligned
 * fastbin chunk detected}). Writing a scalar through an index copies into the gradient's own
 * storage, and overwrites NaN and infinities (which {@code g - g} and {@code 0 * g} keep).
 */
final class Gradients {

  private static final NDIndex ALL = new NDIndex(":");

  private Gradients() {}

  /** Sets every entry of {@code gradient} (of at least one dimension) to 0, in its own storage. */
  static void clear(NDArray gradient) {
    gradient.set(ALL, 0f);
  }
}
