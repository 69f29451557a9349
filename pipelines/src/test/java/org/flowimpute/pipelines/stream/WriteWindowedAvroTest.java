package org.flowimpute.pipelines.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.flowimpute.pipelines.values.FastAvroCoder;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code --numShards}: a window's records are spread over that many files. */
@ExtendWith(TestPipelineExtension.class)
class WriteWindowedAvroTest {

  private static final Schema SCHEMA =
      SchemaBuilder.record("Row").fields().requiredInt("id").endRecord();

  private static final Pattern SHARD =
      Pattern.compile("rows-(.+)-pane-.*-(\\d{5})-of-(\\d{5})\\.avro");

  @TempDir Path dir;

  @Test
  void aWindowsRecordsGoToEveryShardAndAWindowWithFewerRecordsToAsManyFiles(TestPipeline pipeline)
      throws IOException {
    pipeline
        .apply(Create.of(12))
        .apply("Rows", ParDo.of(new RowsFn()))
        .setCoder(FastAvroCoder.of(SCHEMA))
        .apply(Window.into(FixedWindows.of(Duration.standardHours(1))))
        .apply(WriteWindowedAvro.to(dir.resolve("rows").toString(), SCHEMA).withNumShards(3));
    pipeline.run().waitUntilFinish();

    Map<String, Map<Integer, List<Integer>>> byWindow = new TreeMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Matcher name = SHARD.matcher(file.getFileName().toString());
        assertEquals(true, name.matches(), file.toString());
        assertEquals("00003", name.group(3));
        byWindow
            .computeIfAbsent(name.group(1), w -> new TreeMap<>())
            .put(Integer.parseInt(name.group(2)), ids(file));
      }
    }

    List<String> windows = new ArrayList<>(byWindow.keySet());
    assertEquals(2, windows.size(), byWindow.toString());
    Map<Integer, List<Integer>> first = byWindow.get(windows.get(0));
    assertEquals(List.of(0, 1, 2), new ArrayList<>(first.keySet()), "three shards: " + first);
    assertEquals(
        List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
        first.values().stream().flatMap(List::stream).sorted().toList());
    first.values().forEach(ids -> assertEquals(false, ids.isEmpty(), first.toString()));
    Map<Integer, List<Integer>> second = byWindow.get(windows.get(1));
    assertEquals(2, second.size(), "two records, two files: " + second);
    assertEquals(List.of(10, 11), second.values().stream().flatMap(List::stream).sorted().toList());
  }

  /**
   * Rows 0–9 in the first hour and 10–11 in the second, all from one call, so that they reach the
   * writer in one bundle (as a stream's window usually does).
   */
  private static final class RowsFn extends DoFn<Integer, GenericRecord> {
    @ProcessElement
    public void processElement(@Element Integer count, OutputReceiver<GenericRecord> out) {
      for (int id = 0; id < count; id++) {
        out.outputWithTimestamp(row(id), new Instant(id < 10 ? id * 1_000L : 3_600_000L + id));
      }
    }
  }

  private static GenericRecord row(int id) {
    GenericRecord record = new GenericData.Record(SCHEMA);
    record.put("id", id);
    return record;
  }

  private static List<Integer> ids(Path file) throws IOException {
    List<Integer> ids = new ArrayList<>();
    try (DataFileReader<GenericRecord> reader =
        new DataFileReader<>(file.toFile(), new GenericDatumReader<>(SCHEMA))) {
      reader.forEach(record -> ids.add((Integer) record.get("id")));
    }
    return ids;
  }
}
