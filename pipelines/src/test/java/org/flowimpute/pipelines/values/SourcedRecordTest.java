package org.flowimpute.pipelines.values;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.util.CoderUtils;
import org.flowimpute.pipelines.testing.TestData;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

class SourcedRecordTest {

  /**
   * A record named by its position builds its source once, when first asked for, and is then the
   * same as a record given that source.
   */
  @Test
  void aRecordNamedByPositionBuildsItsSourceWhenAskedFor() {
    List<Integer> asked = new ArrayList<>();
    SourcedRecord record =
        SourcedRecord.of(
            index -> {
              asked.add(index);
              return "people.avro:" + (index + 1);
            },
            6,
            TestData.person("p7", 30.0, "north", 1.0),
            PayloadFormat.AVRO);

    assertEquals(List.of(), asked);
    assertEquals("people.avro:7", record.source());
    assertEquals("people.avro:7", record.source());
    assertEquals(List.of(6), asked);
    SourcedRecord named =
        SourcedRecord.of(
            "people.avro:7", TestData.person("p7", 30.0, "north", 1.0), PayloadFormat.AVRO);
    assertEquals(named, record);
    assertEquals(named.hashCode(), record.hashCode());
    assertEquals(named.toString(), record.toString());
  }

  /**
   * A file record's position is the file's name and record number, wherever the file is stored;
   * other sources (a Kafka topic/partition/offset) are their own position.
   */
  @Test
  void aFileRecordsPositionLeavesOutTheDirectory() {
    GenericRecord person = TestData.person("p7", 30.0, "north", 1.0);
    assertEquals("people.csv:12", position("people.csv:12", person));
    assertEquals("people.csv:12", position("/data/in/people.csv:12", person));
    assertEquals("people.csv:12", position("gs://bucket/in/people.csv:12", person));
    assertEquals("people.csv:12", position("C:\\data\\people.csv:12", person));
    assertEquals("people/0/12", position("people/0/12", person));
    assertEquals("in/people.csv:", position("in/people.csv:", person));
    assertEquals("in/people.csv:x1", position("in/people.csv:x1", person));
  }

  private static String position(String source, GenericRecord record) {
    return SourcedRecord.of(source, record, PayloadFormat.AVRO).position();
  }

  /**
   * A record's own event time (kept when a household's release re-stamps it) goes with it through
   * its coder, and through the records it is replaced by; a record without one decodes without one.
   */
  @Test
  void aRecordsOwnEventTimeSurvivesItsCoderAndItsReplacements() throws Exception {
    GenericRecord person = TestData.person("p7", 30.0, "north", 1.0);
    byte[] line = "p7,30,north,1".getBytes(StandardCharsets.UTF_8);
    SourcedRecord read = new SourcedRecord("people.csv:8", person, line, PayloadFormat.CSV);
    Instant own = new Instant(1_767_225_603_000L);
    SourcedRecord timed = read.at(own);
    SourcedRecordCoder coder = SourcedRecordCoder.of(person.getSchema());

    SourcedRecord decoded = CoderUtils.clone(coder, timed);
    SourcedRecord untimed = CoderUtils.clone(coder, read);

    assertEquals(timed, decoded);
    assertEquals(own, decoded.eventTime());
    assertEquals("people.csv:8", decoded.source());
    assertNull(untimed.eventTime());
    assertEquals(read, untimed);
    assertNotEquals(read, timed);
    GenericRecord aged = TestData.person("p7", 31.0, "north", 1.0);
    SourcedRecord replaced = timed.withRecord(aged);
    assertEquals(own, replaced.eventTime());
    assertEquals(PayloadFormat.CSV, replaced.payloadFormat());
    assertEquals("p7,30,north,1", new String(replaced.payload(), StandardCharsets.UTF_8));
    assertEquals(aged, replaced.record());
    assertEquals(own, timed.becoming(aged).eventTime());
  }
}
