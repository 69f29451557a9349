package org.flowimpute.pipelines.values;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DatumReader;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.extensions.avro.io.AvroDatumFactory;

/**
 * Beam's Avro coder for generic records, decoding with Avro's fast reader. Records cross a worker
 * boundary or enter state (redistribution, window grouping, file shards) many times in the
 * streaming job, and Beam's default reader looks up the Java string class of every string field of
 * every record in a concurrent map (about 8 % of the job's samples under {@code bench stream}); the
 * fast reader resolves that once per schema. Same bytes, same decoded records.
 */
public final class FastAvroCoder {

  private FastAvroCoder() {}

  /** The coder of records of {@code schema}. */
  public static AvroCoder<GenericRecord> of(Schema schema) {
    return AvroCoder.of(new FastGenericDatumFactory(), schema);
  }

  /** Beam's generic datum factory with the fast reader turned on. */
  private static final class FastGenericDatumFactory extends AvroDatumFactory.GenericDatumFactory {

    private static final long serialVersionUID = 1L;

    @Override
    public DatumReader<GenericRecord> apply(Schema writer, Schema reader) {
      GenericData data = new GenericData();
      data.setFastReaderEnabled(true);
      return new GenericDatumReader<>(writer, reader, data);
    }
  }
}
