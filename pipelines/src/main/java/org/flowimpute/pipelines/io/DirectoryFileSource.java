package org.flowimpute.pipelines.io;

import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.io.UnboundedSource;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.util.SerializableUtils;
import org.flowimpute.pipelines.stream.EventTimePolicy;
import org.joda.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The unbounded Beam source behind {@link DirectoryWatchSource}: reads the {@code .avro} and {@code
 * .csv} files of a glob (those whose path hashes to shard {@code shard} of {@code shards}; the job
 * uses one shard), in name order, each once, polling for new ones. See {@link DirectoryReader} for
 * event time and watermark. Emits {@link ReadChunk}s.
 *
 * <p>Its readers read with the settings of the job that runs them ({@link #current}), not with
 * those of the source object they are created from: a runner restoring a job from a checkpoint or
 * savepoint (Flink) restores the source serialized in it, so a resumed job kept the idle timeout,
 * poll interval, out-of-orderness bound, lateness and windows of the run that wrote the checkpoint,
 * whatever the command said ({@code stream --resume --idle-timeout 5s} after a run with {@code 1h}
 * never wrote its last window). Only the checkpoint mark comes from the checkpoint.
 */
final class DirectoryFileSource extends UnboundedSource<ReadChunk, DirectoryCheckpoint> {

  private static final long serialVersionUID = 1L;

  private static final Logger LOG = LoggerFactory.getLogger(DirectoryFileSource.class);

  private final String glob;
  private final String schemaJson;
  private final EventTimePolicy policy;
  private final Duration pollInterval;
  private final int shard;
  private final int shards;
  private final String keyField;
  private final WeightColumn weight;
  private final ConditionColumns conditions;
  private final ObservedTargetColumns observedTargets;
  private final ExtraColumns extras;

  /**
   * @param weight the weight field each CSV file's header and Avro file's schema is checked for
   *     ({@link CsvRowDecoder}, {@link WeightColumn#refusal}), or null
   */
  DirectoryFileSource(
      String glob,
      Schema schema,
      EventTimePolicy policy,
      Duration pollInterval,
      int shard,
      int shards,
      String keyField,
      WeightColumn weight) {
    this(
        glob,
        schema,
        policy,
        pollInterval,
        shard,
        shards,
        keyField,
        weight,
        ConditionColumns.NONE,
        ObservedTargetColumns.NONE,
        null);
  }

  /**
   * @param weight the weight field each CSV file's header and Avro file's schema is checked for
   *     ({@link CsvRowDecoder}, {@link WeightColumn#refusal}), or null
   * @param conditions the model's condition columns each CSV file's header is checked for ({@link
   *     CsvRowDecoder})
   * @param observedTargets the model's target columns whose missing-value markers ({@code NA}) are
   *     empty cells ({@link CsvRowDecoder})
   * @param extras the check of columns (CSV) and fields (Avro) a schema taken from the directory's
   *     first file lacks ({@link ExtraColumns}); null: none (a given schema)
   */
  DirectoryFileSource(
      String glob,
      Schema schema,
      EventTimePolicy policy,
      Duration pollInterval,
      int shard,
      int shards,
      String keyField,
      WeightColumn weight,
      ConditionColumns conditions,
      ObservedTargetColumns observedTargets,
      ExtraColumns extras) {
    this.conditions = conditions;
    this.extras = extras;
    this.observedTargets = observedTargets;
    this.glob = glob;
    this.schemaJson = schema.toString();
    this.policy = policy;
    this.pollInterval = pollInterval;
    this.shard = shard;
    this.shards = shards;
    this.keyField = keyField;
    this.weight = weight;
  }

  String glob() {
    return glob;
  }

  Schema schema() {
    return new Schema.Parser().parse(schemaJson);
  }

  EventTimePolicy policy() {
    return policy;
  }

  Duration pollInterval() {
    return pollInterval;
  }

  /** The job's key field, whose value a CSV row's decode dead letter carries; null: none. */
  String keyField() {
    return keyField;
  }

  /** The weight field files are checked for; null: none. */
  WeightColumn weight() {
    return weight;
  }

  /** The model's condition columns CSV headers are checked for; empty: none. */
  ConditionColumns conditions() {
    // null when deserialized from a source serialized before the field existed
    return conditions == null ? ConditionColumns.NONE : conditions;
  }

  /** The model's target columns whose missing-value markers are empty cells; empty: none. */
  ObservedTargetColumns observedTargets() {
    // null when deserialized from a source serialized before the field existed
    return observedTargets == null ? ObservedTargetColumns.NONE : observedTargets;
  }

  /**
   * The check of columns and fields a schema taken from the directory's first file lacks; null:
   * none (a given schema, or a source serialized before the check existed).
   */
  ExtraColumns extras() {
    return extras;
  }

  /** Whether this shard reads {@code path}. */
  boolean owns(String path) {
    return Math.floorMod(path.hashCode(), shards) == shard;
  }

  /**
   * One reader for the whole directory, whatever the parallelism: a reader that owns no file would
   * have no event time to base its watermark on and would hold back the job's watermark (the
   * minimum over readers) until its idle timeout. Reading is cheap next to imputation; the records
   * are redistributed in chunks after the read (see {@link DirectoryWatchSource}).
   */
  @Override
  public List<DirectoryFileSource> split(int desiredNumSplits, PipelineOptions options) {
    return List.of(this);
  }

  /**
   * Records this source in {@code options} ({@link DirectorySourceOptions}) as the current job's
   * source of its glob, for {@link #current}. Called while the pipeline is built, before the runner
   * takes the options.
   */
  void register(PipelineOptions options) {
    DirectorySourceOptions sources = options.as(DirectorySourceOptions.class);
    Map<String, String> registered =
        sources.getDirectorySources() == null
            ? new HashMap<>()
            : new HashMap<>(sources.getDirectorySources());
    registered.put(
        glob, Base64.getEncoder().encodeToString(SerializableUtils.serializeToByteArray(this)));
    sources.setDirectorySources(registered);
  }

  /**
   * The source the job running with {@code options} built ({@link #register}): the one of this
   * glob, else, when the job has a single directory source, that one (the command names another
   * directory than the checkpoint's: the command's is read, the files of the old one are forgotten
   * once the next listing no longer shows them), else this source (options of a job not built by
   * {@link DirectoryWatchSource}).
   */
  DirectoryFileSource current(PipelineOptions options) {
    Map<String, String> registered = options.as(DirectorySourceOptions.class).getDirectorySources();
    if (registered == null || registered.isEmpty()) {
      return this;
    }
    String serialized = registered.get(glob);
    if (serialized == null && registered.size() == 1) {
      serialized = registered.values().iterator().next();
    }
    if (serialized == null) {
      return this;
    }
    return (DirectoryFileSource)
        SerializableUtils.deserializeFromByteArray(
            Base64.getDecoder().decode(serialized), "the job's directory source");
  }

  /**
   * A reader of the current job's source ({@link #current}), from {@code checkpoint} (null: from
   * the start): this source may have been restored from a checkpoint, with an earlier run's
   * settings.
   */
  @Override
  public DirectoryReader createReader(PipelineOptions options, DirectoryCheckpoint checkpoint) {
    DirectoryFileSource current = current(options);
    if (checkpoint != null
        && policy != null
        && current.policy != null
        && !policy.windows().equals(current.policy.windows())) {
      LOG.warn(
          "dir://{}: resumed with windows {} where the checkpoint's run had {}: the windows the"
              + " checkpoint holds open keep their bounds, records from now on go to the new"
              + " windows (docs/streaming.md, Delivery guarantees: resuming)",
          current.glob,
          current.policy.windows(),
          policy.windows());
    }
    return new DirectoryReader(current, checkpoint);
  }

  @Override
  public Coder<DirectoryCheckpoint> getCheckpointMarkCoder() {
    return SerializableCoder.of(DirectoryCheckpoint.class);
  }

  @Override
  public Coder<ReadChunk> getOutputCoder() {
    return new ReadChunk.ChunkCoder(schema());
  }
}
