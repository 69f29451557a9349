package org.flowimpute.pipelines.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Relative local locations become absolute; everything else stays as given. */
class LocalLocationsTest {

  private static final String WORKING_DIRECTORY = Path.of("").toAbsolutePath().toString();

  @Test
  void aRelativeGlobIsResolvedAgainstTheWorkingDirectoryWithItsWildcardsKept() {
    assertEquals(
        WORKING_DIRECTORY + "/in/part-[0-9]*.avro", LocalLocations.absolute("in/part-[0-9]*.avro"));
    assertEquals(WORKING_DIRECTORY + "/model.zip", LocalLocations.absolute("model.zip"));
    assertEquals(WORKING_DIRECTORY + "/./targets.yaml", LocalLocations.absolute("./targets.yaml"));
  }

  @Test
  void absolutePathsAndOtherFileSystemsAreLeftAsGiven() {
    assertEquals("/data/in/*.avro", LocalLocations.absolute("/data/in/*.avro"));
    assertEquals("gs://bucket/in/*.avro", LocalLocations.absolute("gs://bucket/in/*.avro"));
    assertEquals("file:///data/in.avro", LocalLocations.absolute("file:///data/in.avro"));
    assertEquals("", LocalLocations.absolute(""));
    assertNull(LocalLocations.absolute(null));
  }
}
