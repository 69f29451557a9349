package org.flowimpute.training.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Creates DJL arrays whose memory belongs to PyTorch's allocator rather than to a Java direct
 * buffer. DJL's {@code create(float[])} wraps a direct buffer whose address alignment depends on
 * the Java heap's history; MKL's kernels may pick a different summation order for differently
 * aligned data, which made training with the same seed differ between runs. A copy made by PyTorch
 * is always aligned the same way.
 */
public final class NativeArrays {

  private NativeArrays() {}

  /** A PyTorch-owned copy of {@code data} with {@code shape}, attached to {@code manager}. */
  public static NDArray of(NDManager manager, float[] data, Shape shape) {
    try (NDArray wrapped = manager.create(data, shape)) {
      return wrapped.duplicate();
    }
  }

  /** A PyTorch-owned copy of {@code tensor}. */
  public static NDArray of(NDManager manager, Tensor tensor) {
    return of(manager, tensor.data(), new Shape(tensor.shape()));
  }
}
