package org.flowimpute.pipelines.values;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.VarIntCoder;

/**
 * Beam coder of {@link ImputedBlock}s: the record count, each record's length, then the records'
 * bytes as they are (length-prefixed, as {@link ByteArrayCoder} writes an array; unused bytes after
 * the last record are left out).
 */
public final class ImputedBlockCoder extends CustomCoder<ImputedBlock> {

  private static final ImputedBlockCoder INSTANCE = new ImputedBlockCoder();
  private static final VarIntCoder INT = VarIntCoder.of();
  private static final ByteArrayCoder BYTES = ByteArrayCoder.of();

  private ImputedBlockCoder() {}

  /** The coder (stateless). */
  public static ImputedBlockCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(ImputedBlock block, OutputStream out) throws IOException {
    INT.encode(block.count(), out);
    for (int i = 0; i < block.count(); i++) {
      INT.encode(block.length(i), out);
    }
    INT.encode(block.size(), out);
    out.write(block.data(), 0, block.size());
  }

  @Override
  public ImputedBlock decode(InputStream in) throws IOException {
    int[] ends = new int[INT.decode(in)];
    int end = 0;
    for (int i = 0; i < ends.length; i++) {
      end += INT.decode(in);
      ends[i] = end;
    }
    return new ImputedBlock(BYTES.decode(in), ends);
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean equals(Object other) {
    return other instanceof ImputedBlockCoder;
  }

  @Override
  public int hashCode() {
    return ImputedBlockCoder.class.hashCode();
  }
}
