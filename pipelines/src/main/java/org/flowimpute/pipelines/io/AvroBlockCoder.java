package org.flowimpute.pipelines.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;

/** Beam coder of {@link AvroBlock}s: the block's bytes are copied as they are. */
public final class AvroBlockCoder extends CustomCoder<AvroBlock> {

  private static final AvroBlockCoder INSTANCE = new AvroBlockCoder();
  private static final StringUtf8Coder STRING = StringUtf8Coder.of();
  private static final VarLongCoder LONG = VarLongCoder.of();
  private static final VarIntCoder INT = VarIntCoder.of();
  private static final ByteArrayCoder BYTES = ByteArrayCoder.of();
  private static final NullableCoder<String> NULLABLE_STRING = NullableCoder.of(STRING);

  private AvroBlockCoder() {}

  /** The coder (stateless). */
  public static AvroBlockCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(AvroBlock block, OutputStream out) throws IOException {
    STRING.encode(block.path(), out);
    LONG.encode(block.firstRecord(), out);
    INT.encode(block.count(), out);
    STRING.encode(block.writerSchema(), out);
    BYTES.encode(block.data(), out);
    NULLABLE_STRING.encode(block.unreadable(), out);
  }

  @Override
  public AvroBlock decode(InputStream in) throws IOException {
    return new AvroBlock(
        STRING.decode(in),
        LONG.decode(in),
        INT.decode(in),
        STRING.decode(in),
        BYTES.decode(in),
        NULLABLE_STRING.decode(in));
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean equals(Object other) {
    return other instanceof AvroBlockCoder;
  }

  @Override
  public int hashCode() {
    return AvroBlockCoder.class.hashCode();
  }
}
