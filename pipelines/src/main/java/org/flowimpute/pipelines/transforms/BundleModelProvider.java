package org.flowimpute.pipelines.transforms;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.io.FileSystems;
import org.flowimpute.bundle.BundleException;
import org.flowimpute.bundle.Manifest;
import org.flowimpute.bundle.ManifestJson;
import org.flowimpute.bundle.ModelBundle;
import org.flowimpute.encode.ConditionEncoder;
import org.flowimpute.encode.EncodingException;
import org.flowimpute.encode.ObservedTargetEncoder;
import org.flowimpute.encode.OutOfRangeValues;
import org.flowimpute.encode.UnseenCategories;
import org.flowimpute.household.HouseholdContext;
import org.flowimpute.infer.BatchImputer;
import org.flowimpute.infer.ExecutionDevice;
import org.flowimpute.infer.ImputedBatch;
import org.flowimpute.infer.InferenceOptions;
import org.flowimpute.pipelines.io.LocalLocations;
import org.flowimpute.pipelines.values.ModelFields;
import org.flowimpute.pipelines.values.SourcedRecord;

/**
 * A model bundle on a path every worker can read (a local directory or .zip, or a bundle directory
 * on a Beam file system such as gs://), run with core's ONNX Runtime session cache. The bundle is
 * loaded and verified once when the pipeline is built (to fix its fields and fail fast) and again
 * on each worker in {@code @Setup}; the ONNX session is created once per process and (SHA-256 of
 * model.onnx, device, threads) and shared by all DoFn instances there.
 */
public final class BundleModelProvider implements ModelProvider {

  private static final long serialVersionUID = 1L;

  /** How a record is named to core's encoders until one refuses it (then by its source). */
  private static final String UNNAMED = "record";

  private final String bundlePath;
  private final String device;
  private final int intraOpThreads;
  private final int batchSize;
  private final long seed;
  private final ModelFields fields;
  private final HouseholdContext household;

  private BundleModelProvider(
      String bundlePath,
      String device,
      int intraOpThreads,
      int batchSize,
      long seed,
      ModelFields fields,
      HouseholdContext household) {
    this.household = household;
    this.bundlePath = bundlePath;
    this.device = device;
    this.intraOpThreads = intraOpThreads;
    this.batchSize = batchSize;
    this.seed = seed;
    this.fields = fields;
  }

  /**
   * Loads and verifies the bundle at {@code bundlePath} (directory or .zip).
   *
   * @param device cpu, cuda, cuda:N or auto (checked now, as are the threads and the batch size)
   * @param weightField the input field with survey weights, or {@code null}
   * @throws IllegalArgumentException naming the bundle and the problem if it cannot be used
   */
  public static BundleModelProvider load(
      String bundlePath,
      String device,
      int intraOpThreads,
      int batchSize,
      long seed,
      String weightField) {
    inferenceOptions(device, intraOpThreads, batchSize);
    Manifest manifest = bundle(bundlePath).manifest();
    return new BundleModelProvider(
        LocalLocations.absolute(bundlePath),
        device,
        intraOpThreads,
        batchSize,
        seed,
        ModelFields.of(manifest, weightField),
        manifest.household());
  }

  private static InferenceOptions inferenceOptions(
      String device, int intraOpThreads, int batchSize) {
    return InferenceOptions.defaults()
        .withDevice(ExecutionDevice.parse(device))
        .withIntraOpThreads(intraOpThreads)
        .withBatchSize(batchSize);
  }

  @Override
  public HouseholdContext household() {
    return household;
  }

  /**
   * The bundle at {@code otherPath} run with this provider's device, threads, batch size, seed and
   * weight field (a newer bundle picked up by a streaming job).
   *
   * @throws IllegalArgumentException if it cannot be loaded
   */
  public BundleModelProvider withBundle(String otherPath) {
    return load(otherPath, device, intraOpThreads, batchSize, seed, fields.weightField());
  }

  /** Where the bundle is. */
  public String bundlePath() {
    return bundlePath;
  }

  /**
   * Whether {@code other} reads and writes the same fields as this model (only the model id may
   * differ), so it can replace it without changing the output schema.
   */
  public boolean compatibleWith(ModelFields other) {
    return fields.conditions().equals(other.conditions())
        && fields.targets().equals(other.targets());
  }

  @Override
  public ModelFields fields() {
    return fields;
  }

  @Override
  public ImputationModel open() {
    ModelBundle bundle = bundle(bundlePath);
    Manifest manifest = bundle.manifest();
    ConditionEncoder encoder = ConditionEncoder.of(manifest);
    OutOfRangeValues ranges = OutOfRangeValues.of(manifest.conditions());
    UnseenCategories unseen = UnseenCategories.of(manifest.conditions());
    ObservedTargetEncoder observed =
        manifest.observedTargets() ? ObservedTargetEncoder.of(manifest.targets()) : null;
    InferenceOptions options = inferenceOptions(device, intraOpThreads, batchSize);
    BatchImputer imputer = BatchImputer.open(bundle, options);
    int contextWidth = encoder.width();
    int observedWidth = observed == null ? 0 : observed.width();
    int targets = manifest.targets().size();
    // The encoder checks the conditions as validation does when both read the same manifest
    // conditions (the bundle may have been replaced since the pipeline was built).
    boolean checksConditions =
        ModelFields.of(manifest, fields.weightField()).conditions().equals(fields.conditions());
    return new ImputationModel() {
      /**
       * The context, then for models with observed targets the {@code observed} and {@code
       * observed_values} inputs of this record (core's encoders, as the local {@code generate}).
       * The record's source is read only when it cannot be encoded, to name it.
       */
      @Override
      public float[] encode(SourcedRecord sourced) {
        GenericRecord record = sourced.record();
        float[] encoded =
            new float[contextWidth + (observed == null ? 0 : observedWidth + targets)];
        try {
          encoder.encode(record, UNNAMED, encoded, 0);
          if (observed != null) {
            observed.encode(
                record, UNNAMED, encoded, contextWidth, encoded, contextWidth + observedWidth);
          }
        } catch (EncodingException e) {
          throw new EncodingException(sourced.source(), e.field(), e.kind(), e.problem());
        }
        return encoded;
      }

      /** Core's condition encoder refuses what validation refuses, for the same conditions. */
      @Override
      public boolean checksConditions() {
        return checksConditions;
      }

      @Override
      public ImputedBatch impute(float[][] contexts, List<String> recordKeys) {
        int rows = contexts.length;
        float[] flat = new float[rows * contextWidth];
        for (int r = 0; r < rows; r++) {
          System.arraycopy(contexts[r], 0, flat, r * contextWidth, contextWidth);
        }
        if (observed == null) {
          return imputer.impute(flat, recordKeys, seed);
        }
        float[] observedInput = new float[rows * observedWidth];
        float[] observedValues = new float[rows * targets];
        for (int r = 0; r < rows; r++) {
          System.arraycopy(
              contexts[r], contextWidth, observedInput, r * observedWidth, observedWidth);
          System.arraycopy(
              contexts[r], contextWidth + observedWidth, observedValues, r * targets, targets);
        }
        return imputer.impute(flat, observedInput, observedValues, recordKeys, seed);
      }

      @Override
      public boolean outsideTrainingRange(GenericRecord record) {
        return ranges.anyOutside(record, UNNAMED);
      }

      @Override
      public boolean hasUnseenCategory(GenericRecord record) {
        return unseen.anyUnseen(record, UNNAMED);
      }

      @Override
      public Object presentTarget(GenericRecord record, int target, String recordRef) {
        return observed == null ? null : observed.presentValue(record, target, recordRef);
      }

      @Override
      public void close() {
        imputer.close();
      }
    };
  }

  /**
   * A local directory or .zip through core's loader; any other location (gs://, s3://, ...) as a
   * bundle directory read through Beam's file systems (the manifest, then every file it lists, such
   * as a {@code --synthesis} bundle's synthesis.json) and verified by {@link
   * ModelBundle#fromFiles}.
   */
  private static ModelBundle bundle(String location) {
    try {
      if (!location.contains("://")) {
        return ModelBundle.load(Path.of(location));
      }
      String directory = location.endsWith("/") ? location : location + "/";
      Map<String, byte[]> files = new HashMap<>();
      byte[] manifest = read(directory + ModelBundle.MANIFEST_FILE);
      files.put(ModelBundle.MANIFEST_FILE, manifest);
      for (String name :
          ManifestJson.fromBytes(directory + ModelBundle.MANIFEST_FILE, manifest)
              .checksums()
              .keySet()) {
        files.put(name, read(directory + name));
      }
      return ModelBundle.fromFiles(location, files);
    } catch (BundleException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private static byte[] read(String file) throws BundleException {
    try (InputStream in =
        Channels.newInputStream(
            FileSystems.open(FileSystems.matchSingleFileSpec(file).resourceId()))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new BundleException(file + ": cannot read: " + e.getMessage(), e);
    }
  }
}
