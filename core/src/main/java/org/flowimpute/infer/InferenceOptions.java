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

  public InferenceOptions {
    if (intraOpThreads < 1 || batchSize < 1) {
      throw new IllegalArgumentException("threads and batch size must be positive");
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

  /** The part of the options that makes sessions different (batch size does not). */
  SessionKey sessionKey(String modelId) {
    return new SessionKey(modelId, device, intraOpThreads);
  }

  /** Cache key of a session. */
  record SessionKey(String modelId, ExecutionDevice device, int intraOpThreads) {}
}
