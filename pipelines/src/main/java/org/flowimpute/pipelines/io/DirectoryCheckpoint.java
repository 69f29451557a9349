package org.flowimpute.pipelines.io;

import java.io.Serializable;
import java.util.Set;
import org.apache.beam.sdk.io.UnboundedSource;
import org.joda.time.Instant;

/**
 * How far one shard of a watched directory has been read: the files read completely, the file being
 * read and how many of its rows or records were emitted, and the event-time state of the watermark.
 * Restoring it (from a Flink checkpoint or savepoint) resumes exactly after the last emitted
 * record, so no record is read twice or skipped.
 *
 * @param doneFiles paths of files read to the end
 * @param currentFile path of the file being read, or null
 * @param emitted rows or records of {@code currentFile} already emitted
 * @param maxEventTime largest event time seen, or null
 * @param watermark the watermark reported last
 */
record DirectoryCheckpoint(
    Set<String> doneFiles,
    String currentFile,
    long emitted,
    Instant maxEventTime,
    Instant watermark)
    implements UnboundedSource.CheckpointMark, Serializable {

  /** Nothing to acknowledge: files are not consumed or moved. */
  @Override
  public void finalizeCheckpoint() {}
}
