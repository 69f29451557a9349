package org.flowimpute.infer;

/**
 * ONNX Runtime could not load a model.onnx: told apart from the other failures of opening a model
 * (a CUDA device that is not there) so that {@link
 * BatchImputer#open(org.flowimpute.bundle.ModelBundle, InferenceOptions)} can name the bundle the
 * graph came from.
 */
final class GraphLoadException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  GraphLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
