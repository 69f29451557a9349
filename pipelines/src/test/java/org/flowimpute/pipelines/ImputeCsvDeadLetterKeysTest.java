package org.flowimpute.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.flowimpute.pipelines.options.ImputeOptions;
import org.flowimpute.pipelines.testing.AvroFiles;
import org.flowimpute.pipelines.testing.FakeModelProvider;
import org.flowimpute.pipelines.testing.TestData;
import org.flowimpute.pipelines.transforms.OutputSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CSV row that cannot be decoded (a cell that does not read as its column's type, too many cells)
 * is a {@code decode} dead letter carrying the record key its key cell gives: the key a good row
 * with that value is imputed under, so the two are found by the same key.
 */
class ImputeCsvDeadLetterKeysTest {

  @TempDir Path dir;

  @Test
  void decodeDeadLettersCarryTheKeyAGoodRowWithTheSameKeyValueGets() throws IOException {
    Files.writeString(
        dir.resolve("a.csv"),
        String.join(
            "\n",
            "person_id,age,region,weight",
            "p7,30,north,1",
            "12.0,40,south,1",
            "p9,50,east,2",
            ""),
        StandardCharsets.UTF_8);
    Files.writeString(
        dir.resolve("b.csv"),
        String.join(
            "\n",
            "person_id,age,region,weight",
            "p7,forty,north,1",
            "12.0,thirty,south,1",
            "p9,50,east,2,extra",
            ",forty,west,1",
            ""),
        StandardCharsets.UTF_8);
    ImputeOptions options = PipelineOptionsFactory.create().as(ImputeOptions.class);
    options.setModel("unused-by-the-fake-model");
    options.setInput(dir.resolve("*.csv").toString());
    options.setOutput(dir.resolve("out").resolve("imputed").toString());
    options.setKeyField("person_id");
    Pipeline pipeline = Pipeline.create(options);
    ImputePipeline.build(pipeline, options, new FakeModelProvider(TestData.MODEL));

    pipeline.run().waitUntilFinish();

    Map<String, String> imputedKeys = new TreeMap<>();
    for (GenericRecord record : AvroFiles.readShards(dir.resolve("out"), "imputed-0")) {
      imputedKeys.put(
          record.get("person_id").toString(), record.get(OutputSchema.RECORD_KEY).toString());
    }
    assertEquals(Map.of("p7", "p7", "12.0", "12", "p9", "p9"), imputedKeys);
    Map<String, String> deadLetterKeys = new TreeMap<>();
    for (GenericRecord letter : AvroFiles.readShards(dir.resolve("out"), "imputed-dead-letters")) {
      assertEquals("decode", letter.get("stage").toString(), letter.toString());
      deadLetterKeys.put(
          letter.get("source").toString().replace(dir.resolve("b.csv") + ":", "row "),
          String.valueOf(letter.get("record_key")));
    }
    assertEquals(
        Map.of(
            "row 1", imputedKeys.get("p7"),
            "row 2", imputedKeys.get("12.0"),
            "row 3", imputedKeys.get("p9"),
            "row 4", "null"),
        deadLetterKeys);
  }
}
