package org.flowimpute.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.flowimpute.pipelines.options.ImputeOptions;
import org.flowimpute.pipelines.testing.AvroFiles;
import org.flowimpute.pipelines.testing.HouseholdFakeModel;
import org.flowimpute.pipelines.transforms.OutputSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A household job on embedded Flink (which runs it on the DataSet API, {@link FlinkJobSetup})
 * imputes the same records and dead-letters the same households as on the DirectRunner, with the
 * key check and a household with a rejected member.
 */
class ImputeHouseholdsOnFlinkTest {

  @TempDir Path dir;

  @Test
  void flinkImputesTheSameHouseholdsAsTheDirectRunner() throws IOException {
    StringBuilder csv = new StringBuilder("household_id,person_id,age,weight\n");
    for (int household = 1; household <= 40; household++) {
      for (int member = 1; member <= 1 + household % 4; member++) {
        csv.append(String.format("h%d,p%d-%d,%d,1%n", household, household, member, 20 + member));
      }
    }
    csv.append("h41,p41-1,35,NaN\nh41,p41-2,8,1\nh42,p1-1,50,1\n");
    Files.writeString(dir.resolve("people.csv"), csv);

    PipelineResult direct = ImputePipeline.run(options("direct"), new HouseholdFakeModel());
    direct.waitUntilFinish();
    ImputeOptions flink = options("flink");
    flink.setRunner(FlinkRunner.class);
    flink.as(FlinkPipelineOptions.class).setFlinkMaster("[local]");
    flink.as(FlinkPipelineOptions.class).setParallelism(2);
    PipelineResult onFlink = ImputePipeline.run(flink, new HouseholdFakeModel());
    onFlink.waitUntilFinish();

    // 100 members in 40 households; h1 (2 members, one sharing a key with h42) and h41 (a member
    // without a valid weight) are dead letters whole
    Map<String, String> expected = byKey(dir.resolve("direct"));
    assertEquals(98, expected.size(), expected.keySet().toString());
    assertEquals(expected, byKey(dir.resolve("flink")));
    assertEquals(
        AvroFiles.readShards(dir.resolve("direct"), "imputed-dead-letters").size(),
        AvroFiles.readShards(dir.resolve("flink"), "imputed-dead-letters").size());
    JobCounts directCounts = JobCounts.of(direct);
    JobCounts flinkCounts = JobCounts.of(onFlink);
    assertEquals(103, flinkCounts.read());
    assertEquals(directCounts.imputed(), flinkCounts.imputed());
    assertEquals(directCounts.deadLetters(), flinkCounts.deadLetters());
  }

  private ImputeOptions options(String outputDirectory) {
    ImputeOptions options = PipelineOptionsFactory.create().as(ImputeOptions.class);
    options.setModel("unused-by-the-fake-model");
    options.setInput(dir.resolve("people.csv").toString());
    options.setOutput(dir.resolve(outputDirectory).resolve("imputed").toString());
    options.setKeyField("person_id");
    options.setBatchSize(5);
    return options;
  }

  private static Map<String, String> byKey(Path directory) {
    Map<String, String> records = new TreeMap<>();
    for (GenericRecord record : AvroFiles.readShards(directory, "imputed-0")) {
      records.put(record.get(OutputSchema.RECORD_KEY).toString(), record.toString());
    }
    return records;
  }
}
