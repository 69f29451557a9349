package org.flowimpute.pipelines.io;

import java.util.Map;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.Hidden;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Where a job's directory sources leave their settings for their readers. A runner that restores a
 * job from a checkpoint or savepoint (Flink) restores the source object serialized in it, with the
 * settings of the run that wrote it; the pipeline options are the current run's. So {@link
 * DirectoryWatchSource} records the source it built here, and {@link DirectoryFileSource} creates
 * its readers with that one: a resumed job reads with the current command's idle timeout, poll
 * interval, out-of-orderness bound, lateness, windows and record schema, and only the checkpoint
 * mark (files read, position, watermark) comes from the checkpoint.
 */
@Hidden
public interface DirectorySourceOptions extends PipelineOptions {

  @Description(
      "Set by the directory sources while the pipeline is built: each source's settings by the"
          + " glob it reads (serialized). Not for the command line.")
  Map<String, String> getDirectorySources();

  void setDirectorySources(Map<String, String> sources);
}
