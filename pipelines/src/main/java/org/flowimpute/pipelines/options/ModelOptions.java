package org.flowimpute.pipelines.options;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.Validation;

/** Which model bundle to run, where, and with which seed: shared by batch and streaming jobs. */
public interface ModelOptions extends PipelineOptions {

  @Description("Model bundle: a directory or .zip holding model.onnx and manifest.json.")
  @Validation.Required
  String getModel();

  void setModel(String model);

  @Description(
      "Execution device: cpu, cuda, cuda:<id> (needs the build with -Pcuda and CUDA 12), or auto"
          + " (cuda if available, else cpu with a warning).")
  @Default.String("cpu")
  String getDevice();

  void setDevice(String device);

  @Description(
      "ONNX Runtime intra-op threads per session; 1 lets the runner's parallelism use the cores.")
  @Default.Integer(1)
  int getIntraOpThreads();

  void setIntraOpThreads(int threads);

  @Description("Global seed of the per-record noise: same record, model and seed, same values.")
  @Default.Long(0L)
  long getSeed();

  void setSeed(long seed);
}
