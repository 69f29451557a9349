package org.flowimpute.pipelines.io;

import java.util.Objects;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;

/**
 * Reads the Avro files a glob matches as their data blocks ({@link AvroBlock}s: uncompressed,
 * records still encoded) and spreads the blocks over the workers, so that decoding, and whatever
 * follows it in the same step, runs everywhere while a redistribution costs one copy of a block's
 * bytes. A file that is not Avro, has a damaged block or is cut inside a block ends with an {@link
 * AvroBlock#unreadable} block, which the decoder turns into one dead letter.
 *
 * <p>Steps: {@code MatchFiles}, {@code SkipHiddenFiles} ({@link VisibleFiles}), {@code
 * ReadMatches}, {@code ReadFiles}, {@code RedistributeBlocks} (left out by {@link
 * #withoutRedistribution}). Immutable.
 */
public final class ReadAvroBlocks extends PTransform<PBegin, PCollection<AvroBlock>> {

  private final String glob;
  private final boolean redistribute;

  private ReadAvroBlocks(String glob, boolean redistribute) {
    this.glob = Objects.requireNonNull(glob, "glob");
    this.redistribute = redistribute;
  }

  /** Reads the blocks of the files {@code glob} matches. */
  public static ReadAvroBlocks from(String glob) {
    return new ReadAvroBlocks(glob, true);
  }

  /** Keeps each file's blocks on the worker that read it. */
  public ReadAvroBlocks withoutRedistribution() {
    return new ReadAvroBlocks(glob, false);
  }

  @Override
  public PCollection<AvroBlock> expand(PBegin begin) {
    PCollection<AvroBlock> blocks =
        begin
            .apply("MatchFiles", FileIO.match().filepattern(glob))
            .apply("SkipHiddenFiles", Filter.by(new VisibleFiles(glob)))
            .apply("ReadMatches", FileIO.readMatches())
            .apply("ReadFiles", ParDo.of(new ReadAvroBlocksFn()))
            .setCoder(AvroBlockCoder.of());
    if (!redistribute) {
      return blocks;
    }
    return blocks
        .apply("RedistributeBlocks", Reshuffle.viaRandomKey())
        .setCoder(AvroBlockCoder.of());
  }
}
