package org.flowimpute.pipelines.transforms;

import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Keys;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.flowimpute.pipelines.testing.TestData;
import org.flowimpute.pipelines.values.PayloadFormat;
import org.flowimpute.pipelines.values.SourcedRecord;
import org.flowimpute.pipelines.values.SourcedRecordCoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestPipelineExtension.class)
class KeyByHouseholdFnTest {

  private static final Schema PERSON =
      SchemaBuilder.record("Person")
          .namespace("org.flowimpute.test")
          .fields()
          .name("household_id")
          .type(TestData.ANY_ID)
          .noDefault()
          .endRecord();

  private static SourcedRecord person(int number, Object householdId) {
    GenericData.Record record = new GenericData.Record(PERSON);
    record.put("household_id", householdId);
    return SourcedRecord.of("test:" + number, record, PayloadFormat.AVRO);
  }

  @Test
  void householdIdsAreTheirCategoryTextAndOtherTypesAreDeadLetters(TestPipeline pipeline) {
    List<SourcedRecord> people =
        List.of(
            person(1, "h1"),
            person(2, 7.0),
            person(3, "7"),
            person(4, ByteBuffer.wrap(new byte[] {1, 2})),
            person(5, ByteBuffer.wrap(new byte[] {3, 4})),
            person(6, null));

    PCollectionTuple keyed =
        pipeline
            .apply(Create.of(people).withCoder(SourcedRecordCoder.of(PERSON)))
            .apply(
                ParDo.of(new KeyByHouseholdFn("household_id", null, null))
                    .withOutputTags(
                        KeyByHouseholdFn.KEYED, TupleTagList.of(KeyByHouseholdFn.FAILED)));

    PAssert.that(
            keyed
                .get(KeyByHouseholdFn.KEYED)
                .setCoder(KvCoder.of(StringUtf8Coder.of(), SourcedRecordCoder.of(PERSON)))
                .apply(Keys.create()))
        .containsInAnyOrder("h1", "7", "7");
    PAssert.that(
            keyed
                .get(KeyByHouseholdFn.FAILED)
                .setCoder(DeadLetters.coder())
                .apply(
                    MapElements.into(TypeDescriptors.strings())
                        .via(d -> d.getSource() + " " + d.getErrorClass())))
        .containsInAnyOrder("test:4 wrong_type", "test:5 wrong_type", "test:6 null_value");
    pipeline.run().waitUntilFinish();
  }
}
