package org.flowimpute.training.model;

import java.util.Arrays;

/**
 * A float tensor held on the Java heap (row-major): how trained weights travel from the training
 * engine to the exporter and to checkpoints, independent of any native memory.
 *
 * @param shape dimensions
 * @param data values, row-major
 */
public record Tensor(long[] shape, float[] data) {

  public Tensor {
    shape = shape.clone();
    data = data.clone();
    long size = 1;
    for (long dim : shape) {
      size *= dim;
    }
    if (size != data.length) {
      throw new IllegalArgumentException(
          "shape " + Arrays.toString(shape) + " does not hold " + data.length + " values");
    }
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  @Override
  public float[] data() {
    return data.clone();
  }

  /** Element (row, column) of a matrix. */
  public float at(int row, int column) {
    return data[row * (int) shape[1] + column];
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Tensor that
        && Arrays.equals(shape, that.shape)
        && Arrays.equals(data, that.data);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(shape) * 31 + Arrays.hashCode(data);
  }
}
