package org.flowimpute.pipelines.values;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.util.SerializableUtils;
import org.junit.jupiter.api.Test;

class FastAvroCoderTest {

  private static final Schema SCHEMA =
      SchemaBuilder.record("Person")
          .namespace("org.flowimpute.test")
          .fields()
          .requiredString("id")
          .optionalString("region")
          .optionalDouble("income")
          .requiredLong("event_time")
          .endRecord();

  @Test
  void encodesLikeBeamsAvroCoderAndDecodesTheSameRecord() throws Exception {
    AvroCoder<GenericRecord> fast = FastAvroCoder.of(SCHEMA);
    AvroCoder<GenericRecord> beam = AvroCoder.of(SCHEMA);
    for (GenericRecord record :
        new GenericRecord[] {
          person("p-1", "north", 1234.5), person("p-2", null, null), person("p-ü", "süd", -0.0)
        }) {
      byte[] fastBytes = CoderUtils.encodeToByteArray(fast, record);
      assertArrayEquals(CoderUtils.encodeToByteArray(beam, record), fastBytes);
      GenericRecord decoded = CoderUtils.decodeFromByteArray(fast, fastBytes);
      assertEquals(CoderUtils.decodeFromByteArray(beam, fastBytes), decoded);
      assertEquals(record.get("id").toString(), decoded.get("id").toString());
    }
  }

  @Test
  void survivesJavaSerializationAsRunnersShipIt() throws Exception {
    AvroCoder<GenericRecord> copy = SerializableUtils.clone(FastAvroCoder.of(SCHEMA));
    GenericRecord record = person("p-3", "east", 7.0);
    assertEquals(
        record.toString(),
        CoderUtils.decodeFromByteArray(copy, CoderUtils.encodeToByteArray(copy, record))
            .toString());
  }

  private static GenericRecord person(String id, String region, Double income) {
    GenericData.Record record = new GenericData.Record(SCHEMA);
    record.put("id", id);
    record.put("region", region);
    record.put("income", income);
    record.put("event_time", 1_767_225_600_000L);
    return record;
  }
}
