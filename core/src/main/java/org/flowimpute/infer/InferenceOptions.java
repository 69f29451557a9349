package org.flowimpute.infer;

/**
 * How a model is run: device, ONNX Runtime intra-op threads (1 by default: on few cores let the
 * runner's parallelism use them, see STACK.md) and rows per session call.
 *
 * @param device where to run
 * @param intraOpThreads ONNX Runtime intra-op threads
 * @param batchSize rows per session call
 */
public record InferenceOptions(ExecutionDevice device, int intraOpThreads, int batchSize) {

  /**
   * Most rows per session call, so that a batch's buffers (rows × columns floats) stay far within a
   * Java array's and the heap's limits.
   */
  public static final int MAX_BATCH_SIZE = 1 << 20;

  public InferenceOptions {
    if (intraOpThreads < 1) {
      throw new IllegalArgumentException(
          "intra-op threads must be at least 1, got " + intraOpThreads);
    }
    if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
      throw new IllegalArgumentException(
          "batch size must be between 1 and " + MAX_BATCH_SIZE + ", got " + batchSize);
    }
  }

  /** CPU, 1 thread, batch 256. */
  public static InferenceOptions defaults() {
    return new InferenceOptions(ExecutionDevice.cpu(), 1, 256);
  }

  public InferenceOptions withDevice(ExecutionDevice value) {
    return new InferenceOptions(value, intraOpThreads, batchSize);
  }

  public InferenceOptions withIntraOpThreads(int value) {
    return new InferenceOptions(device, value, batchSize);
  }

  public InferenceOptions withBatchSize(int value) {
    return new InferenceOptions(device, intraOpThreads, value);
  }

  /**
   * The cache key of a session of the graph whose SHA-256 is {@code modelSha256} with these options
   * (the batch size does not make sessions different).
   */
  SessionKey sessionKey(String modelSha256) {
    return new SessionKey(modelSha256, device, intraOpThreads);
  }

  /** Cache key of a session: the graph's bytes, not its model id, name it. */
  record SessionKey(String modelSha256, ExecutionDevice device, int intraOpThreads) {}
}
