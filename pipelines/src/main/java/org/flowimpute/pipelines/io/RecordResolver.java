package org.flowimpute.pipelines.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.JsonEncoder;

/**
 * Resolves records written with a file's own schema to the job's record schema one record at a
 * time, so that a record the job's record schema cannot hold (a null where it requires a value, a
 * field it requires that the file lacks, a value of a type it cannot promote to its own) is
 * rejected alone, naming the field, instead of failing its whole file. Avro resolves writer to
 * reader schema record by record, but a failure leaves a stream's position undefined, so the record
 * is read with its writer schema first and resolved on its own. One instance per writer schema and
 * thread.
 */
final class RecordResolver {

  private final Schema writer;
  private final Schema reader;
  private final DatumReader<GenericRecord> asWritten;
  private final DatumReader<GenericRecord> resolving;
  private final GenericDatumWriter<GenericRecord> encoder;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private BinaryEncoder binaryEncoder;
  private BinaryDecoder decoder;

  /**
   * @param writer the schema the file was written with
   * @param reader the job's record schema records are resolved to
   * @param data the data model (Avro's fast reader enabled or not)
   */
  RecordResolver(Schema writer, Schema reader, GenericData data) {
    this.writer = writer;
    this.reader = reader;
    this.asWritten = new GenericDatumReader<>(writer, writer, data);
    this.resolving = new GenericDatumReader<>(writer, reader, data);
    this.encoder = new GenericDatumWriter<>(writer, data);
  }

  /** Reads one record as written from {@code in}, leaving {@code in} after the record. */
  GenericRecord readAsWritten(BinaryDecoder in) throws IOException {
    return asWritten.read(null, in);
  }

  /**
   * {@code written} (a record of the writer schema, as a file reader gave it) resolved to the job's
   * record schema.
   *
   * @throws Unresolvable if the job's record schema cannot hold it
   */
  GenericRecord resolve(GenericRecord written) throws Unresolvable {
    buffer.reset();
    try {
      binaryEncoder = EncoderFactory.get().binaryEncoder(buffer, binaryEncoder);
      encoder.write(written, binaryEncoder);
      binaryEncoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode a record in its own schema", e);
    }
    byte[] bytes = buffer.toByteArray();
    decoder = DecoderFactory.get().binaryDecoder(bytes, decoder);
    try {
      return resolving.read(null, decoder);
    } catch (AvroRuntimeException | IOException e) {
      throw unresolvable(written, e);
    }
  }

  /**
   * {@code written} in Avro's JSON encoding of its own schema: the payload of its dead letter,
   * which can be read without the file's schema.
   */
  byte[] json(GenericRecord written) {
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    try {
      JsonEncoder out = EncoderFactory.get().jsonEncoder(writer, json);
      encoder.write(written, out);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode a record as JSON in its own schema", e);
    }
    return json.toByteArray();
  }

  private Unresolvable unresolvable(GenericRecord written, Exception cause) {
    for (Schema.Field field : reader.getFields()) {
      Schema.Field source = writtenField(field);
      if (source == null) {
        if (!field.hasDefaultValue()) {
          return new Unresolvable(
              field.name(),
              "field '"
                  + field.name()
                  + "' is missing from the file's schema and the job's record schema gives it no"
                  + " default",
              cause);
        }
        continue;
      }
      Object value = written.get(source.pos());
      Schema writtenType = branch(source.schema(), value);
      if (value == null && !acceptsNull(field.schema())) {
        return new Unresolvable(
            field.name(),
            "field '"
                + field.name()
                + "' is null, but the job's record schema requires "
                + typeName(field.schema()),
            cause);
      }
      if (SchemaCompatibility.checkReaderWriterCompatibility(field.schema(), writtenType).getType()
          == SchemaCompatibility.SchemaCompatibilityType.INCOMPATIBLE) {
        return new Unresolvable(
            field.name(),
            "field '"
                + field.name()
                + "' holds "
                + typeName(writtenType)
                + " in the file's schema, but the job's record schema requires "
                + typeName(field.schema()),
            cause);
      }
    }
    return new Unresolvable(
        null, "cannot resolve to the job's record schema: " + cause.getMessage(), cause);
  }

  /** The branch of {@code schema} that {@code value} was written with (itself if not a union). */
  private static Schema branch(Schema schema, Object value) {
    if (schema.getType() != Schema.Type.UNION) {
      return schema;
    }
    return schema.getTypes().get(GenericData.get().resolveUnion(schema, value));
  }

  /** {@code int}, {@code string or null}, {@code record Address}: for messages. */
  private static String typeName(Schema schema) {
    return switch (schema.getType()) {
      case UNION ->
          String.join(" or ", schema.getTypes().stream().map(RecordResolver::typeName).toList());
      case RECORD, ENUM, FIXED -> schema.getType().getName() + " " + schema.getName();
      default -> schema.getType().getName();
    };
  }

  /** The writer's field that Avro resolves {@code field} from: same name, else an alias. */
  private Schema.Field writtenField(Schema.Field field) {
    Schema.Field byName = writer.getField(field.name());
    if (byName != null) {
      return byName;
    }
    return field.aliases().stream()
        .map(writer::getField)
        .filter(f -> f != null)
        .findFirst()
        .orElse(null);
  }

  private static boolean acceptsNull(Schema schema) {
    return schema.getType() == Schema.Type.NULL
        || (schema.getType() == Schema.Type.UNION
            && schema.getTypes().stream().anyMatch(s -> s.getType() == Schema.Type.NULL));
  }

  /** A record the job's record schema cannot hold: the field at fault (or null) and why. */
  static final class Unresolvable extends Exception {
    private static final long serialVersionUID = 1L;
    private final String field;

    Unresolvable(String field, String message, Exception cause) {
      super(message, cause);
      this.field = field;
    }

    /** The input schema's field that could not be filled, or null when Avro did not say. */
    String field() {
      return field;
    }
  }
}
