package org.flowimpute.pipelines.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Create;
import org.flowimpute.avro.DeadLetter;
import org.flowimpute.pipelines.io.ReadAvroBlocks;
import org.flowimpute.pipelines.testing.AvroFiles;
import org.flowimpute.pipelines.testing.TestBundles;
import org.flowimpute.pipelines.testing.TestData;
import org.flowimpute.pipelines.values.PayloadFormat;
import org.flowimpute.pipelines.values.SourcedRecord;
import org.flowimpute.pipelines.values.SourcedRecordCoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A value validation accepts but the real model's encoder refuses (an age of 1e9, beyond the
 * standard deviations it encodes) is an {@code encode} dead letter with the reason code {@code
 * out_of_range}, the field and the record key, record by record and block by block alike: before,
 * its {@code error_class} was the Java class {@code org.flowimpute.encode.EncodingException}.
 */
@ExtendWith(TestPipelineExtension.class)
class EncoderRejectionReasonsTest {

  @TempDir Path directory;

  @Test
  void recordByRecord(TestPipeline pipeline) {
    BundleModelProvider provider = provider();
    List<SourcedRecord> sourced = new ArrayList<>();
    List<GenericRecord> records = people();
    for (int i = 0; i < records.size(); i++) {
      sourced.add(SourcedRecord.of("test:" + (i + 1), records.get(i), PayloadFormat.AVRO));
    }

    PAssert.thatSingleton(
            pipeline
                .apply(Create.of(sourced).withCoder(SourcedRecordCoder.of(TestData.PERSON)))
                .apply(ImputeRecords.with(provider).withKeyField("id"))
                .failures())
        .satisfies(
            letter -> {
              assertOutOfRange(letter, "test:2");
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  @Test
  void blockByBlock(TestPipeline pipeline) {
    BundleModelProvider provider = provider();
    Path file = directory.resolve("people.avro");
    AvroFiles.write(file, TestData.PERSON, people());
    String input = file.toString();

    PAssert.thatSingleton(
            pipeline
                .apply(ReadAvroBlocks.from(input).withoutRedistribution())
                .apply(ImputeAvroBlocks.with(provider, TestData.PERSON).withKeyField("id"))
                .failures())
        .satisfies(
            letter -> {
              assertOutOfRange(letter, input + ":2");
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  private BundleModelProvider provider() {
    TestBundles.writePeopleBundle(directory.resolve("bundle"));
    return BundleModelProvider.load(
        directory.resolve("bundle").toString(), "cpu", 1, 16, 0, "weight");
  }

  private static List<GenericRecord> people() {
    return List.of(
        TestData.person("p1", 30.0, "north", 1.0),
        TestData.person("p2", 1e9, "north", 1.0),
        TestData.person("p3", 50.0, "east", 1.0));
  }

  private static void assertOutOfRange(DeadLetter letter, String source) {
    assertEquals("encode", letter.getStage().toString());
    assertEquals("out_of_range", letter.getErrorClass().toString());
    assertEquals("age", letter.getField().toString());
    assertEquals("p2", letter.getRecordKey().toString());
    assertEquals(source, letter.getSource().toString());
    assertTrue(
        letter
            .getMessage()
            .toString()
            .startsWith(source + ": field 'age': value 1.0E9 is 6.67e+07 standard deviations"),
        letter.getMessage().toString());
  }
}
