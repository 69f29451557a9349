package org.flowimpute.pipelines.io;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.io.UnboundedSource;
import org.apache.beam.sdk.options.PipelineOptions;
import org.flowimpute.pipelines.stream.EventTimePolicy;
import org.joda.time.Duration;

/**
 * The unbounded Beam source behind {@link DirectoryWatchSource}: reads the {@code .avro} and {@code
 * .csv} files of a glob (those whose path hashes to shard {@code shard} of {@code shards}; the job
 * uses one shard), in name order, each once, polling for new ones. See {@link DirectoryReader} for
 * event time and watermark. Emits {@link ReadChunk}s.
 */
final class DirectoryFileSource extends UnboundedSource<ReadChunk, DirectoryCheckpoint> {

  private static final long serialVersionUID = 1L;

  private final String glob;
  private final String schemaJson;
  private final EventTimePolicy policy;
  private final Duration pollInterval;
  private final int shard;
  private final int shards;

  DirectoryFileSource(
      String glob,
      Schema schema,
      EventTimePolicy policy,
      Duration pollInterval,
      int shard,
      int shards) {
    this.glob = glob;
    this.schemaJson = schema.toString();
    this.policy = policy;
    this.pollInterval = pollInterval;
    this.shard = shard;
    this.shards = shards;
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

  @Override
  public DirectoryReader createReader(PipelineOptions options, DirectoryCheckpoint checkpoint) {
    return new DirectoryReader(this, checkpoint);
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
