package org.flowimpute.training.fit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A gradient cleared after a non-finite step stays zero after its Java handle is closed and the
 * garbage collector runs. With DJL's {@code set(Buffer)} (the code before) the parameter's gradient
 * then lay in freed memory: this test read values around -1.9e29 from it, and training runs that
 * skipped a step aborted the JVM with heap corruption.
 */
class GradientsTest {

  @Test
  void aClearedNonFiniteGradientStaysZeroAfterItsHandleIsClosedAndMemoryIsReused()
      throws InterruptedException {
    DjlSetup.applyDefaults();
    Engine engine = Engine.getEngine("PyTorch");
    try (NDManager manager = engine.newBaseManager()) {
      NDArray parameter = manager.ones(new Shape(64, 4));
      parameter.setRequiresGradient(true);
      try (GradientCollector collector = engine.newGradientCollector()) {
        collector.backward(parameter.mul(Float.NaN).sum());
      }

      NDArray gradient = parameter.getGradient();
      Gradients.clear(gradient);
      gradient.close();
      reuseFreedDirectMemory();

      assertArrayEquals(new float[64 * 4], parameter.getGradient().toFloatArray());
    }
  }

  /** Collects garbage and fills new direct buffers with 7s, several times over. */
  private static void reuseFreedDirectMemory() throws InterruptedException {
    List<ByteBuffer> filled = new ArrayList<>();
    for (int round = 0; round < 20; round++) {
      System.gc();
      Thread.sleep(20);
      for (int i = 0; i < 200; i++) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(1024).order(ByteOrder.nativeOrder());
        while (buffer.remaining() >= Float.BYTES) {
          buffer.putFloat(7f);
        }
        filled.add(buffer);
      }
    }
  }
}
