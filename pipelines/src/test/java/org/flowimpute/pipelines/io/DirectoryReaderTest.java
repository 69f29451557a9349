package org.flowimpute.pipelines.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.flowimpute.avro.DeadLetter;
import org.flowimpute.pipelines.stream.EventTimePolicy;
import org.flowimpute.pipelines.stream.StreamWindows;
import org.flowimpute.pipelines.testing.AvroFiles;
import org.flowimpute.pipelines.testing.TestData;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryReaderTest {

  private static final long BASE = Instant.parse("2026-03-01T00:00:00Z").getMillis();

  /** One-hour windows: none of these records is late. */
  private static final EventTimePolicy POLICY =
      new EventTimePolicy(
          "event_time",
          Duration.standardSeconds(10),
          Duration.ZERO,
          Duration.standardMinutes(1),
          StreamWindows.fixed(Duration.standardHours(1)));

  @TempDir Path dir;

  /**
   * A watched file written with a schema whose weight is optional: its records with a null weight
   * cannot be held by the stream's schema (required weight) and are decode dead letters naming the
   * field, the others are read, and the stream goes on to the next file.
   */
  @Test
  void aRecordTheStreamSchemaCannotHoldIsADeadLetterAndTheStreamReadsOn() throws IOException {
    Schema optionalWeight = withOptionalWeight(TestData.TIMED_PERSON);
    List<GenericRecord> first = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      GenericData.Record record = new GenericData.Record(optionalWeight);
      record.put("id", "a" + i);
      record.put("age", 30.0 + i);
      record.put("region", "north");
      record.put("weight", i == 2 ? null : 1.0 + i);
      record.put("event_time", BASE + i);
      first.add(record);
    }
    AvroFiles.write(dir.resolve("a.avro"), optionalWeight, first);
    AvroFiles.write(
        dir.resolve("b.avro"),
        TestData.TIMED_PERSON,
        List.of(TestData.timedPerson("b0", 50.0, "south", 2.0, BASE + 10)));
    DirectoryFileSource source =
        new DirectoryFileSource(
            dir.resolve("*").toString(), TestData.TIMED_PERSON, POLICY, Duration.millis(1), 0, 1);

    List<String> records = new ArrayList<>();
    List<String> deadLetters = new ArrayList<>();
    try (DirectoryReader reader = source.createReader(PipelineOptionsFactory.create(), null)) {
      for (boolean more = reader.start(); more; more = reader.advance()) {
        for (ReadChunk.Timed timed : reader.getCurrent().outcomes()) {
          ReadOutcome outcome = timed.outcome();
          if (outcome.record() != null) {
            GenericRecord record = outcome.record().record();
            records.add(record.get("id") + " " + record.get("weight"));
          } else {
            DeadLetter deadLetter = outcome.deadLetter();
            deadLetters.add(
                deadLetter.getStage()
                    + " "
                    + deadLetter.getField()
                    + " "
                    + deadLetter.getMessage());
          }
        }
      }
    }

    assertEquals(List.of("a0 1.0", "a1 2.0", "a3 4.0", "a4 5.0", "b0 2.0"), records);
    assertEquals(
        List.of(
            "decode weight "
                + dir.resolve("a.avro")
                + ":3: field 'weight' is null, but the job's record schema requires"
                + " double"),
        deadLetters);
  }

  private static Schema withOptionalWeight(Schema schema) {
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field field : schema.getFields()) {
      Schema type =
          field.name().equals("weight")
              ? Schema.createUnion(Schema.create(Schema.Type.NULL), field.schema())
              : field.schema();
      fields.add(new Schema.Field(field.name(), type, null, (Object) null));
    }
    return Schema.createRecord(schema.getName(), null, schema.getNamespace(), false, fields);
  }
}
