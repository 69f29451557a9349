package org.flowimpute.pipelines.io;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.io.UnboundedSource;
import org.apache.beam.sdk.options.PipelineOptions;
import org.flowimpute.pipelines.stream.EventTimePolicy;
import org.joda.time.Duration;

/**
 * The unbounded Beam source behind {@link DirectoryWatchSource}: shard {@code shard} of {@code
 * shards} reads the {@code .avro} and {@code .csv} files of a glob whose path hashes to it, in name
 * order, each once, polling for new ones. See {@link DirectoryReader} for event time and watermark.
 */
final class DirectoryFileSource extends UnboundedSource<ReadOutcome, DirectoryCheckpoint> {

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

  @Override
  public List<DirectoryFileSource> split(int desiredNumSplits, PipelineOptions options) {
    int count = Math.max(1, desiredNumSplits);
    List<DirectoryFileSource> splits = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      splits.add(new DirectoryFileSource(glob, schema(), policy, pollInterval, i, count));
    }
    return splits;
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
  public Coder<ReadOutcome> getOutputCoder() {
    return new ReadOutcome.OutcomeCoder(schema());
  }
}
