package org.flowimpute.pipelines.values;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

/**
 * Measures how many bytes the first fields of a record's Avro binary encoding take, so that a
 * writer can copy them ({@link EncodedRecord#writeLeadingFields}). Fields of a primitive type, an
 * enum, a fixed or a union of these are stepped over in the bytes themselves, reading only lengths
 * and union branches (the encoding is valid: the record was decoded from it); any other field type
 * is skipped by Avro's reader. Skipping with Avro's reader and a decoder set up for every record
 * took 1.8 % of the imputation threads' time. Kept by a writer from record to record: it remembers
 * the steps of the last schema and field count. Not thread-safe.
 */
public final class FieldSkipper {

  private Schema schema;
  private int fields;
  private Step[] steps;
  private BinaryDecoder decoder;

  /**
   * The byte length of the first {@code fields} fields of a record of {@code recordSchema} encoded
   * in {@code bytes[offset .. offset+length)}.
   */
  int leadingLength(Schema recordSchema, int fields, byte[] bytes, int offset, int length) {
    if (recordSchema != schema || fields != this.fields) {
      steps = steps(recordSchema.getFields(), fields);
      schema = recordSchema;
      this.fields = fields;
    }
    if (steps == null) {
      return skippedByAvro(bytes, offset, length);
    }
    int position = offset;
    for (Step step : steps) {
      position = step.skip(bytes, position);
    }
    return position - offset;
  }

  private int skippedByAvro(byte[] bytes, int offset, int length) {
    decoder = DecoderFactory.get().binaryDecoder(bytes, offset, length, decoder);
    List<Schema.Field> schemaFields = schema.getFields();
    try {
      for (int f = 0; f < fields; f++) {
        GenericDatumReader.skip(schemaFields.get(f).schema(), decoder);
      }
      return length - decoder.inputStream().available();
    } catch (IOException e) {
      throw new UncheckedIOException("the encoding of " + schema.getFullName() + " is cut", e);
    }
  }

  /** The steps over the first {@code count} fields, or null if one needs Avro's reader. */
  private static Step[] steps(List<Schema.Field> fields, int count) {
    Step[] steps = new Step[count];
    for (int f = 0; f < count; f++) {
      steps[f] = step(fields.get(f).schema());
      if (steps[f] == null) {
        return null;
      }
    }
    return steps;
  }

  /** The step over a value of {@code schema}, or null if it needs Avro's reader. */
  private static Step step(Schema schema) {
    return switch (schema.getType()) {
      case NULL -> Step.fixed(0);
      case BOOLEAN -> Step.fixed(1);
      case FLOAT -> Step.fixed(4);
      case DOUBLE -> Step.fixed(8);
      case FIXED -> Step.fixed(schema.getFixedSize());
      case INT, LONG, ENUM -> new Step(Kind.VARINT, 0, null);
      case STRING, BYTES -> new Step(Kind.PREFIXED, 0, null);
      case UNION -> {
        List<Schema> types = schema.getTypes();
        Step[] branches = new Step[types.size()];
        for (int b = 0; b < branches.length; b++) {
          branches[b] = step(types.get(b));
          if (branches[b] == null) {
            yield null;
          }
        }
        yield new Step(Kind.UNION, 0, branches);
      }
      default -> null;
    };
  }

  /** How a value's bytes are laid out (Avro's binary encoding). */
  private enum Kind {
    /** A fixed number of bytes. */
    FIXED,
    /** A variable-length zig-zag integer. */
    VARINT,
    /** A length as a variable-length integer, then that many bytes. */
    PREFIXED,
    /** A branch index as a variable-length integer, then that branch's value. */
    UNION
  }

  /** The step over one value. */
  private record Step(Kind kind, int size, Step[] branches) {

    static Step fixed(int size) {
      return new Step(Kind.FIXED, size, null);
    }

    /** Where the value starting at {@code position} ends. */
    int skip(byte[] bytes, int position) {
      return switch (kind) {
        case FIXED -> position + size;
        case VARINT -> endOfVarint(bytes, position);
        case PREFIXED -> endOfVarint(bytes, position) + (int) varint(bytes, position);
        case UNION ->
            branches[(int) varint(bytes, position)].skip(bytes, endOfVarint(bytes, position));
      };
    }

    /** Where the variable-length integer at {@code position} ends. */
    private static int endOfVarint(byte[] bytes, int position) {
      int p = position;
      while ((bytes[p] & 0x80) != 0) {
        p++;
      }
      return p + 1;
    }

    /** The zig-zag variable-length integer at {@code position}. */
    private static long varint(byte[] bytes, int position) {
      long raw = 0;
      int shift = 0;
      int p = position;
      byte b;
      do {
        b = bytes[p++];
        raw |= (long) (b & 0x7f) << shift;
        shift += 7;
      } while ((b & 0x80) != 0);
      return (raw >>> 1) ^ -(raw & 1);
    }
  }
}
