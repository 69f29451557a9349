package org.flowimpute.pipelines.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.flowimpute.encode.EncodingException;
import org.flowimpute.pipelines.testing.TestBundles;
import org.flowimpute.pipelines.testing.TestData;
import org.flowimpute.pipelines.values.PayloadFormat;
import org.flowimpute.pipelines.values.SourcedRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleModelProviderTest {

  @TempDir Path directory;

  /** A record the bundle's encoder refuses is named by its source, the field and the problem. */
  @Test
  void aRecordThatCannotBeEncodedIsNamedByItsSource() {
    TestBundles.writePeopleBundle(directory);
    BundleModelProvider provider =
        BundleModelProvider.load(directory.toString(), "cpu", 1, 16, 0, "weight");
    SourcedRecord record =
        SourcedRecord.of(
            index -> "people.avro:" + (index + 1),
            2,
            TestData.person("p3", 30.0, "west", 1.0),
            PayloadFormat.AVRO);

    try (ImputationModel model = provider.open()) {
      EncodingException refused = assertThrows(EncodingException.class, () -> model.encode(record));

      assertEquals("people.avro:3", refused.record());
      assertEquals("region", refused.field());
      assertEquals(
          "people.avro:3: field 'region': unknown category 'west' (known: 'north', 'south', 'east'; the"
              + " model was trained with --unknown-category error)",
          refused.getMessage());
    }
  }
}
