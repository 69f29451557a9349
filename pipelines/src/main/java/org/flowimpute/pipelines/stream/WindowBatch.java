package org.flowimpute.pipelines.stream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.flowimpute.pipelines.values.FastAvroCoder;

/**
 * The records of one event-time window (and group), carried out of the window into the global
 * window where the calibration keeps its warm-start state per group.
 *
 * @param startMillis window start (inclusive)
 * @param endMillis window end (exclusive)
 * @param records the window's imputed records
 */
public record WindowBatch(long startMillis, long endMillis, List<GenericRecord> records) {

  /** Coder of batches whose records have {@code schema}. */
  public static final class BatchCoder extends CustomCoder<WindowBatch> {
    private static final long serialVersionUID = 1L;
    private static final VarLongCoder LONG = VarLongCoder.of();
    private final ListCoder<GenericRecord> records;

    private BatchCoder(Schema schema) {
      this.records = ListCoder.of(FastAvroCoder.of(schema));
    }

    /** A coder for batches of records of {@code schema}. */
    public static BatchCoder of(Schema schema) {
      return new BatchCoder(schema);
    }

    @Override
    public void encode(WindowBatch value, OutputStream out) throws IOException {
      LONG.encode(value.startMillis(), out);
      LONG.encode(value.endMillis(), out);
      records.encode(value.records(), out);
    }

    @Override
    public WindowBatch decode(InputStream in) throws IOException {
      return new WindowBatch(LONG.decode(in), LONG.decode(in), records.decode(in));
    }

    @Override
    public List<? extends Coder<?>> getCoderArguments() {
      return List.of(records);
    }

    @Override
    public void verifyDeterministic() throws NonDeterministicException {
      records.verifyDeterministic();
    }
  }
}
