package org.flowimpute.pipelines.values;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.flowimpute.pipelines.testing.TestData;
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
}
