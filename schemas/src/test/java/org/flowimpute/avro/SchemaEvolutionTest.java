package org.flowimpute.avro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Enforces the evolution rule of docs/schemas.md: every released schema (a snapshot under
 * src/test/resources/released/) stays readable by the current schema and the current schema stays
 * readable by released readers, which holds exactly when new fields carry defaults and no field
 * changes its type.
 */
class SchemaEvolutionTest {

  private static final Path CURRENT = Path.of("avro");
  private static final Path RELEASED = Path.of("src/test/resources/released");

  /** The one schema other schemas reference by name; it must be parsed first. */
  private static final String SHARED_DEPENDENCY = "CalibrationTarget.avsc";

  static Stream<Path> releasedSchemas() throws IOException {
    try (Stream<Path> files = Files.walk(RELEASED)) {
      List<Path> schemas = files.filter(p -> p.toString().endsWith(".avsc")).sorted().toList();
      if (schemas.isEmpty()) {
        throw new IllegalStateException("no released schema snapshots under " + RELEASED);
      }
      return schemas.stream();
    }
  }

  /**
   * A change to a schema is checked against later changes only once it is in a snapshot: a current
   * schema must equal (fields, types, defaults; documentation aside) its newest snapshot, else a
   * field added since the last snapshot could be removed or retyped unnoticed.
   */
  @Test
  void everyCurrentSchemaEqualsItsNewestSnapshot() throws IOException {
    try (Stream<Path> current = Files.list(CURRENT)) {
      for (Path schema : current.filter(p -> p.toString().endsWith(".avsc")).sorted().toList()) {
        Path snapshot = newestSnapshot(schema.getFileName().toString());
        assertTrue(
            snapshot != null,
            schema + " has no snapshot under " + RELEASED + ": copy it there when it is released");
        Schema released = parse(snapshot);
        assertTrue(
            released.equals(currentSchemaNamed(released.getFullName())),
            schema
                + " differs from its newest snapshot "
                + snapshot
                + ": copy the current schemas into a new "
                + RELEASED
                + "/vN+1/ in the same commit");
      }
    }
  }

  @ParameterizedTest
  @MethodSource("releasedSchemas")
  void currentSchemaReadsReleasedDataAndReleasedReadersReadCurrentData(Path released) {
    Schema old = parse(released);
    Schema current = currentSchemaNamed(old.getFullName());

    assertEquals(
        SchemaCompatibilityType.COMPATIBLE,
        SchemaCompatibility.checkReaderWriterCompatibility(current, old).getType(),
        "current " + old.getFullName() + " cannot read data written with " + released);
    assertEquals(
        SchemaCompatibilityType.COMPATIBLE,
        SchemaCompatibility.checkReaderWriterCompatibility(old, current).getType(),
        released + " readers cannot read data written with the current " + old.getFullName());
  }

  @Test
  void fieldAddedWithDefaultIsFilledWhenReadingOlderData() throws IOException {
    Schema older =
        new Schema.Parser()
            .parse(
                "{\"type\":\"record\",\"name\":\"DeadLetter\",\"namespace\":\"org.flowimpute.avro\","
                    + "\"fields\":["
                    + "{\"name\":\"original_payload\",\"type\":\"bytes\"},"
                    + "{\"name\":\"payload_format\",\"type\":\"string\"},"
                    + "{\"name\":\"source\",\"type\":\"string\"},"
                    + "{\"name\":\"stage\",\"type\":\"string\"},"
                    + "{\"name\":\"error_class\",\"type\":\"string\"},"
                    + "{\"name\":\"message\",\"type\":\"string\"},"
                    + "{\"name\":\"timestamp\",\"type\":{\"type\":\"long\","
                    + "\"logicalType\":\"timestamp-millis\"}}]}");
    GenericRecord written = new GenericData.Record(older);
    written.put("original_payload", java.nio.ByteBuffer.wrap(new byte[] {1, 2}));
    written.put("payload_format", "csv");
    written.put("source", "people.csv:3");
    written.put("stage", "validate");
    written.put("error_class", "MISSING_FIELD");
    written.put("message", "field 'age' is missing");
    written.put("timestamp", 1_700_000_000_000L);

    GenericRecord read = roundTrip(written, older, DeadLetter.getClassSchema());

    assertEquals("field 'age' is missing", read.get("message").toString());
    assertNull(read.get("record_key"));
    assertNull(read.get("field"));
  }

  @Test
  void fieldAddedWithoutDefaultIsDetectedAsBreaking() {
    Schema old = DeadLetter.getClassSchema();
    String json = old.toString().replace("]}", ",{\"name\":\"added\",\"type\":\"string\"}]}");
    Schema breaking = new Schema.Parser().parse(json);

    assertFalse(
        SchemaCompatibility.checkReaderWriterCompatibility(breaking, old).getType()
            == SchemaCompatibilityType.COMPATIBLE);
  }

  /** The snapshot of {@code fileName} in the highest {@code released/vN/} holding one, or null. */
  private static Path newestSnapshot(String fileName) throws IOException {
    try (Stream<Path> versions = Files.list(RELEASED)) {
      return versions
          .filter(v -> v.getFileName().toString().matches("v[0-9]+"))
          .sorted(
              Comparator.comparingInt(
                      (Path v) -> Integer.parseInt(v.getFileName().toString().substring(1)))
                  .reversed())
          .map(v -> v.resolve(fileName))
          .filter(Files::exists)
          .findFirst()
          .orElse(null);
    }
  }

  private static Schema currentSchemaNamed(String fullName) {
    Schema.Parser parser = new Schema.Parser();
    parseInto(parser, CURRENT.resolve(SHARED_DEPENDENCY));
    try (Stream<Path> files = Files.list(CURRENT)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".avsc")).sorted().toList()) {
        if (!file.getFileName().toString().equals(SHARED_DEPENDENCY)) {
          parseInto(parser, file);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Schema schema = parser.getTypes().get(fullName);
    if (schema == null) {
      throw new AssertionError("released schema " + fullName + " no longer exists in " + CURRENT);
    }
    return schema;
  }

  /** Parses a released schema, after the schema it references when that lies beside it. */
  private static Schema parse(Path file) {
    Schema.Parser parser = new Schema.Parser();
    Path dependency = file.resolveSibling(SHARED_DEPENDENCY);
    if (!file.equals(dependency) && Files.exists(dependency)) {
      parseInto(parser, dependency);
    }
    return parseInto(parser, file);
  }

  private static Schema parseInto(Schema.Parser parser, Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return parser.parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static GenericRecord roundTrip(GenericRecord record, Schema writer, Schema reader)
      throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
    new GenericDatumWriter<GenericRecord>(writer).write(record, encoder);
    encoder.flush();
    return new GenericDatumReader<GenericRecord>(writer, reader)
        .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
  }
}
