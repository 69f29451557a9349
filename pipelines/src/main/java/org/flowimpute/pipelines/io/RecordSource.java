package org.flowimpute.pipelines.io;

import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.flowimpute.avro.DeadLetter;
import org.flowimpute.pipelines.values.SourcedRecord;

/**
 * Where the streaming job's records come from: an unbounded read whose records carry their event
 * time as Beam timestamp and whose watermark follows {@link
 * org.flowimpute.pipelines.stream.EventTimePolicy}. Records that cannot be decoded, lack a usable
 * event time, or arrive after their window was calibrated (reason {@code late}) are dead letters,
 * so that {@code read = records + dead letters}.
 *
 * <p>The record output must be coded by a {@link
 * org.flowimpute.pipelines.values.SourcedRecordCoder} (it tells the pipeline the record schema).
 * Implementations: {@link DirectoryWatchSource} ({@code dir://}); Kafka ({@code kafka://}) is
 * resolved in {@link RecordSources#forOptions}.
 */
public abstract class RecordSource
    extends PTransform<PBegin, WithFailures.Result<PCollection<SourcedRecord>, DeadLetter>> {

  private static final long serialVersionUID = 1L;
}
