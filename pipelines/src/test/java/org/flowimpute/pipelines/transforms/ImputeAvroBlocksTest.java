package org.flowimpute.pipelines.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.extensions.avro.io.AvroIO;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.flowimpute.avro.DeadLetter;
import org.flowimpute.pipelines.JobCounts;
import org.flowimpute.pipelines.io.AvroBlock;
import org.flowimpute.pipelines.io.AvroBlockCoder;
import org.flowimpute.pipelines.io.FastDatumWriter;
import org.flowimpute.pipelines.io.ImputedBlockFiles;
import org.flowimpute.pipelines.io.ReadAvroBlocks;
import org.flowimpute.pipelines.io.ReadRecords;
import org.flowimpute.pipelines.testing.AvroFiles;
import org.flowimpute.pipelines.testing.FakeModelProvider;
import org.flowimpute.pipelines.testing.TestData;
import org.flowimpute.pipelines.values.ImputedBlock;
import org.flowimpute.pipelines.values.SourcedRecord;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Block-wise imputation against record-by-record imputation ({@link ImputeRecords} and {@code
 * AvroIO}) on the same files: one written with the input schema in blocks of a few records, with
 * invalid records among them (the model batch spans blocks, a block may lose all its records to
 * dead letters), and one written with another schema (other field order, one more field, an
 * optional weight) that is resolved to it, where the records with a null weight are decode dead
 * letters.
 */
@ExtendWith(TestPipelineExtension.class)
class ImputeAvroBlocksTest {

  private static final int BATCH_SIZE = 7;

  @TempDir Path dir;

  private final ModelProvider model = new FakeModelProvider(TestData.MODEL);
  private int validInput;
  private int invalidInput;

  @BeforeEach
  void writeInput() throws IOException {
    List<GenericRecord> small = new ArrayList<>();
    for (GenericRecord person : TestData.people(120)) {
      small.add(person);
      int number = small.size();
      if (number % 17 == 0) {
        small.add(TestData.person("null-" + number, null, "north", 1.0));
        small.add(TestData.person("nan-" + number, Double.NaN, "east", 1.0));
        small.add(TestData.person("unknown-" + number, 30.0, "west", 1.0));
        invalidInput += 3;
      }
    }
    writeInSmallBlocks(dir.resolve("in-1.avro"), small);
    Schema reordered =
        SchemaBuilder.record("Person")
            .namespace("org.flowimpute.test")
            .fields()
            .optionalDouble("weight")
            .requiredString("id")
            .optionalString("region")
            .optionalDouble("age")
            .optionalString("note")
            .endRecord();
    List<GenericRecord> other = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      GenericData.Record record = new GenericData.Record(reordered);
      record.put("weight", i % 10 == 4 ? null : 2.0 + i);
      record.put("id", "q" + i);
      record.put("region", TestData.REGIONS.get(i % 3));
      record.put("age", 60.0 - i);
      record.put("note", "n" + i);
      other.add(record);
    }
    AvroFiles.write(dir.resolve("in-2.avro"), reordered, other);
    invalidInput += 4;
    validInput = small.size() - invalidInput + other.size();
  }

  @Test
  void blocksGiveTheSameRecordsAndDeadLettersAsRecordByRecordImputation() {
    String input = dir.resolve("in-*.avro").toString();
    ReadRecords read = ReadRecords.from(input).withoutRedistribution();
    Schema inputSchema = read.schema();

    Pipeline byRecord = pipeline();
    WithFailures.Result<PCollection<SourcedRecord>, DeadLetter> records = byRecord.apply(read);
    ImputeRecords imputeRecords =
        ImputeRecords.with(model).withBatchSize(BATCH_SIZE).withKeyField("id");
    WithFailures.Result<PCollection<GenericRecord>, DeadLetter> recordOutputs =
        records.output().apply(imputeRecords);
    recordOutputs
        .output()
        .apply(
            AvroIO.writeGenericRecords(imputeRecords.outputSchema(inputSchema))
                .withDatumWriterFactory(FastDatumWriter.factory())
                .to(dir.resolve("by-record").resolve("imputed").toString())
                .withSuffix(".avro"));
    PCollectionList.of(records.failures())
        .and(recordOutputs.failures())
        .apply(Flatten.pCollections())
        .apply(
            AvroIO.write(DeadLetter.class)
                .to(dir.resolve("by-record").resolve("dead").toString())
                .withSuffix(".avro"));
    byRecord.run().waitUntilFinish();

    Pipeline byBlock = pipeline();
    ImputeAvroBlocks imputeBlocks =
        ImputeAvroBlocks.with(model, inputSchema).withBatchSize(BATCH_SIZE).withKeyField("id");
    WithFailures.Result<PCollection<ImputedBlock>, DeadLetter> blockOutputs =
        byBlock.apply(ReadAvroBlocks.from(input).withoutRedistribution()).apply(imputeBlocks);
    blockOutputs
        .output()
        .apply(
            ImputedBlockFiles.write(
                dir.resolve("by-block").resolve("imputed").toString(),
                imputeBlocks.outputSchema()));
    blockOutputs
        .failures()
        .apply(
            AvroIO.write(DeadLetter.class)
                .to(dir.resolve("by-block").resolve("dead").toString())
                .withSuffix(".avro"));
    PipelineResult result = byBlock.run();
    result.waitUntilFinish();

    Map<String, String> fromRecords = byKey(dir.resolve("by-record"));
    Map<String, String> fromBlocks = byKey(dir.resolve("by-block"));
    assertEquals(validInput, fromBlocks.size());
    assertEquals(fromRecords, fromBlocks);
    assertEquals(
        imputeRecords.outputSchema(inputSchema),
        AvroFiles.shardSchema(dir.resolve("by-block"), "imputed"));
    assertEquals(deadLetters(dir.resolve("by-record")), deadLetters(dir.resolve("by-block")));
    assertEquals(invalidInput, deadLetters(dir.resolve("by-block")).size());
    assertTrue(fromBlocks.get("q3").contains("\"weight\": 5.0"), fromBlocks.get("q3"));

    JobCounts counts = JobCounts.of(result);
    assertEquals(validInput + invalidInput, counts.read());
    assertEquals(fromBlocks.size(), counts.imputed());
    assertEquals(invalidInput, counts.deadLetters());
  }

  /**
   * A batch larger than the blocks is flushed at the end of the bundle, yet each block's imputed
   * records come out in the block's own window, and a block whose records were all rejected emits
   * nothing.
   */
  @Test
  void eachBlocksRecordsKeepTheBlocksWindow(TestPipeline pipeline) throws IOException {
    AvroBlock early = block("early.avro", TestData.people(5));
    AvroBlock late = block("late.avro", TestData.people(3));
    AvroBlock rejected =
        block("rejected.avro", List.of(TestData.person("nan", Double.NaN, "east", 1.0)));
    Instant start = new Instant(0);

    WithFailures.Result<PCollection<ImputedBlock>, DeadLetter> imputed =
        pipeline
            .apply(
                Create.timestamped(
                        TimestampedValue.of(early, start.plus(Duration.standardSeconds(10))),
                        TimestampedValue.of(late, start.plus(Duration.standardSeconds(70))),
                        TimestampedValue.of(rejected, start.plus(Duration.standardSeconds(80))))
                    .withCoder(AvroBlockCoder.of()))
            .apply(Window.into(FixedWindows.of(Duration.standardMinutes(1))))
            .apply(ImputeAvroBlocks.with(model, TestData.PERSON).withBatchSize(100));

    PCollection<Integer> counts =
        imputed
            .output()
            .apply("Counts", MapElements.into(TypeDescriptors.integers()).via(ImputedBlock::count));
    PAssert.that(counts)
        .inWindow(new IntervalWindow(start, Duration.standardMinutes(1)))
        .containsInAnyOrder(5);
    PAssert.that(counts)
        .inWindow(
            new IntervalWindow(
                start.plus(Duration.standardMinutes(1)), Duration.standardMinutes(1)))
        .containsInAnyOrder(3);
    PAssert.that(
            imputed
                .failures()
                .apply(
                    "Sources",
                    MapElements.into(TypeDescriptors.strings())
                        .via(deadLetter -> deadLetter.getSource().toString())))
        .inWindow(
            new IntervalWindow(
                start.plus(Duration.standardMinutes(1)), Duration.standardMinutes(1)))
        .containsInAnyOrder("rejected.avro:1");
    pipeline.run().waitUntilFinish();
  }

  private static AvroBlock block(String path, List<GenericRecord> records) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
    GenericDatumWriter<GenericRecord> writer = new GenericDatumWriter<>(TestData.PERSON);
    for (GenericRecord record : records) {
      writer.write(record, encoder);
    }
    encoder.flush();
    return new AvroBlock(path, 1, records.size(), TestData.PERSON.toString(), bytes.toByteArray());
  }

  private static Pipeline pipeline() {
    return Pipeline.create(PipelineOptionsFactory.create());
  }

  /** Blocks of about three records: the sync interval is the smallest Avro allows. */
  private static void writeInSmallBlocks(Path file, List<GenericRecord> records)
      throws IOException {
    try (DataFileWriter<GenericRecord> writer =
        new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(TestData.PERSON))) {
      writer.setSyncInterval(32);
      writer.create(TestData.PERSON, file.toFile());
      for (GenericRecord record : records) {
        writer.append(record);
      }
    }
  }

  private static Map<String, String> byKey(Path directory) {
    Map<String, String> records = new TreeMap<>();
    for (GenericRecord record : AvroFiles.readShards(directory, "imputed")) {
      records.put(record.get("record_key").toString(), record.toString());
    }
    return records;
  }

  private static Map<String, String> deadLetters(Path directory) {
    return AvroFiles.readShards(directory, "dead").stream()
        .collect(
            Collectors.toMap(
                d -> d.get("source").toString(),
                d -> d.get("stage") + " " + d.get("error_class") + " " + d.get("message"),
                (a, b) -> a + " | " + b,
                TreeMap::new));
  }
}
