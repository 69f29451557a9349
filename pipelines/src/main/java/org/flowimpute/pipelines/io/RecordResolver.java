package org.flowimpute.pipelines.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
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
import org.flowimpute.avro.DeadLetter;
import org.flowimpute.pipelines.transforms.DeadLetters;
import org.flowimpute.pipelines.transforms.SharedKeys;
import org.flowimpute.pipelines.values.PayloadFormat;

/**
 * Resolves records written with a file's own schema to the job's record schema one record at a
 * time, so that a record the job's record schema cannot hold (a null where it requires a value, a
 * field it requires that the file lacks, a value of a type it cannot promote to its own) is
 * rejected alone, naming the field, instead of failing its whole file. Avro resolves writer to
 * reader schema record by record, but a failure leaves a stream's position undefined, so the record
 * is read with its writer schema first and resolved on its own. A value whose logical type the file
 * declares otherwise (timestamp-micros for timestamp-millis, a decimal of another scale), which
 * Avro would resolve by its underlying type and copy unchanged, is rejected too, naming both types.
 * A rejected record is blamed on the field whose value fails on its own (an enum symbol the job
 * lacks is named). A file whose schema and the job's disagree about the weight field ({@link
 * WeightColumn#refusal}) has every record rejected, naming that field. One instance per writer
 * schema and thread.
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

  /** The data model, for the probes of single fields. */
  private final GenericData data;

  /**
   * The job's fields whose logical type the file may write otherwise (timestamp-micros for
   * timestamp-millis, another decimal scale): Avro resolves them by their underlying types and
   * would copy the values unchanged, so each value is checked.
   */
  private final List<Schema.Field> logicalChecks = new ArrayList<>();

  /** For each job field, its value alone resolved to it: what exactly fails in a record. */
  private final Map<String, FieldProbe> probes = new HashMap<>();

  /** Why every record of the file is refused, or null. */
  private final Refusal refusal;

  /**
   * @param writer the schema the file was written with
   * @param reader the job's record schema records are resolved to
   * @param data the data model (Avro's fast reader enabled or not)
   * @param refusal why every record of the file is refused (its weight field and the job's
   *     disagree: {@link WeightColumn#refusal}), or null
   */
  RecordResolver(Schema writer, Schema reader, GenericData data, Refusal refusal) {
    this.refusal = refusal;
    this.writer = writer;
    this.reader = reader;
    this.asWritten = new GenericDatumReader<>(writer, writer, data);
    this.resolving = new GenericDatumReader<>(writer, reader, data);
    this.encoder = new GenericDatumWriter<>(writer, data);
    this.data = data;
    for (Schema.Field field : reader.getFields()) {
      Schema.Field source = writtenField(field);
      if (source != null
          && logicalMismatch(field.schema(), source.schema(), field.name(), new HashSet<>())
              != null) {
        logicalChecks.add(field);
      }
    }
  }

  /**
   * Whether some records may be resolved by Avro's reader without error and still be refused here
   * (a logical type the file writes otherwise): each record of such a file must go through {@link
   * #resolve}.
   */
  boolean checksValues() {
    return !logicalChecks.isEmpty() || refusal != null;
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
    if (refusal != null) {
      throw new Unresolvable(refusal.field(), refusal.message(), null);
    }
    refuseOtherLogicalTypes(written);
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
   * The {@code decode} dead letter of {@code written}, which {@code refusal} says the job's schema
   * cannot hold: the record in Avro's JSON encoding of its own schema (readable without the file's
   * schema), the field, and the record key of {@code keyField} as written (null: none).
   */
  DeadLetter deadLetter(
      String source, GenericRecord written, Unresolvable refusal, String keyField) {
    return DeadLetters.undecodable(
        source,
        json(written),
        PayloadFormat.JSON,
        refusal.field(),
        keyField == null ? null : SharedKeys.keyOf(written, keyField, source),
        refusal.getMessage());
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
      String why = problem(field, source, value, writtenType);
      if (why != null) {
        return new Unresolvable(field.name(), why, cause);
      }
    }
    return new Unresolvable(
        null, "cannot resolve to the job's record schema: " + cause.getMessage(), cause);
  }

  /**
   * Refuses {@code written} if a value of it has another logical type than the job's field: copied
   * unchanged, micros would be read as millis, a decimal of scale 3 as one of scale 2.
   */
  private void refuseOtherLogicalTypes(GenericRecord written) throws Unresolvable {
    for (Schema.Field field : logicalChecks) {
      Schema.Field source = writtenField(field);
      Object value = written.get(source.pos());
      if (value == null) {
        continue;
      }
      String why =
          logicalMismatch(
              field.schema(), branch(source.schema(), value), field.name(), new HashSet<>());
      if (why != null) {
        throw new Unresolvable(
            field.name(),
            "field "
                + why
                + ": copied unchanged, its value would mean something else; write the file with"
                + " the job's type",
            null);
      }
    }
  }

  /**
   * Why {@code value} of the file's field {@code source} cannot be resolved to the job's {@code
   * field}, or null if it can: Avro's resolution of that value alone, so that a record is blamed on
   * the field that actually fails (an enum with more symbols fails only for those symbols).
   */
  private String problem(Schema.Field field, Schema.Field source, Object value, Schema written) {
    FieldProbe probe =
        probes.computeIfAbsent(field.name(), name -> new FieldProbe(source, field, data));
    try {
      probe.resolve(value);
      return null;
    } catch (AvroRuntimeException | IOException e) {
      Schema target = resolvedBranch(field.schema(), written);
      if (written.getType() == Schema.Type.ENUM
          && target != null
          && target.getType() == Schema.Type.ENUM) {
        List<String> lacking =
            written.getEnumSymbols().stream().filter(s -> !target.hasEnumSymbol(s)).toList();
        return "field '"
            + field.name()
            + "' holds '"
            + value
            + "', which the job's enum "
            + target.getName()
            + " lacks (symbols of the file's enum it lacks: "
            + String.join(", ", lacking)
            + ")";
      }
      String detail =
          switch (written.getType()) {
            case RECORD, ARRAY, MAP -> ": " + e.getMessage();
            default -> "";
          };
      return "field '"
          + field.name()
          + "' holds "
          + typeName(written)
          + " in the file's schema, but the job's record schema requires "
          + typeName(field.schema())
          + detail;
    }
  }

  /**
   * Where {@code writer} (not a union) has a logical type that {@code reader} declares otherwise,
   * at {@code path} or inside it: {@code 'path' is timestamp-micros in the file's schema, but
   * timestamp-millis in the job's record schema}; null if none does. A type without a logical type
   * on either side is not compared (its values are what they were).
   */
  static String logicalMismatch(Schema reader, Schema writer, String path, Set<String> seen) {
    if (writer.getType() == Schema.Type.UNION) {
      for (Schema branch : writer.getTypes()) {
        String why = logicalMismatch(reader, branch, path, seen);
        if (why != null) {
          return why;
        }
      }
      return null;
    }
    Schema target = resolvedBranch(reader, writer);
    if (target == null || isComposite(writer) && target.getType() != writer.getType()) {
      return null; // Avro's resolution refuses it
    }
    String written = logicalName(writer);
    String wanted = logicalName(target);
    if (written != null && wanted != null && !sameMeaning(writer, target)) {
      return "'"
          + path
          + "' is "
          + written
          + " in the file's schema, but "
          + wanted
          + " in the job's record schema";
    }
    return switch (writer.getType()) {
      case RECORD -> {
        if (!seen.add(writer.getFullName() + ">" + target.getFullName())) {
          yield null;
        }
        for (Schema.Field field : target.getFields()) {
          Schema.Field source = fieldOf(writer, field);
          String why =
              source == null
                  ? null
                  : logicalMismatch(
                      field.schema(), source.schema(), path + "." + field.name(), seen);
          if (why != null) {
            yield why;
          }
        }
        yield null;
      }
      case ARRAY ->
          logicalMismatch(target.getElementType(), writer.getElementType(), path + "[]", seen);
      case MAP -> logicalMismatch(target.getValueType(), writer.getValueType(), path + "{}", seen);
      default -> null;
    };
  }

  /** Whether values of {@code schema} hold other values (record, array, map). */
  private static boolean isComposite(Schema schema) {
    return switch (schema.getType()) {
      case RECORD, ARRAY, MAP -> true;
      default -> false;
    };
  }

  /**
   * Whether values of logical type {@code writer} mean the same under {@code reader}'s: the same
   * logical type; for decimals the same scale (a value's digits are the same whatever the declared
   * precision, so a wider precision in a later file, ordinary schema evolution, is read as is).
   */
  private static boolean sameMeaning(Schema writer, Schema reader) {
    LogicalType written = writer.getLogicalType();
    LogicalType wanted = reader.getLogicalType();
    if (written instanceof LogicalTypes.Decimal w && wanted instanceof LogicalTypes.Decimal r) {
      return w.getScale() == r.getScale();
    }
    return written.getName().equals(wanted.getName());
  }

  /** {@code timestamp-millis}, {@code decimal(9,2)}; null without a logical type. */
  private static String logicalName(Schema schema) {
    LogicalType type = schema.getLogicalType();
    if (type == null) {
      return null;
    }
    if (type instanceof LogicalTypes.Decimal decimal) {
      return "decimal(" + decimal.getPrecision() + "," + decimal.getScale() + ")";
    }
    return type.getName();
  }

  /**
   * The branch of {@code reader} that Avro resolves a value of {@code writer} (not a union) to: the
   * same type (and name, for named types), else the first it promotes to; null if none.
   */
  private static Schema resolvedBranch(Schema reader, Schema writer) {
    if (reader.getType() != Schema.Type.UNION) {
      return reader;
    }
    for (Schema branch : reader.getTypes()) {
      if (branch.getType() == writer.getType()
          && (!isNamed(branch) || branch.getFullName().equals(writer.getFullName()))) {
        return branch;
      }
    }
    for (Schema branch : reader.getTypes()) {
      if (branch.getType() == writer.getType()
          && (!isNamed(branch) || branch.getName().equals(writer.getName()))) {
        return branch;
      }
    }
    for (Schema branch : reader.getTypes()) {
      if (promotes(writer.getType(), branch.getType())) {
        return branch;
      }
    }
    return null;
  }

  private static boolean isNamed(Schema schema) {
    return switch (schema.getType()) {
      case RECORD, ENUM, FIXED -> true;
      default -> false;
    };
  }

  /** Avro's promotions of a written type to a reader's. */
  private static boolean promotes(Schema.Type written, Schema.Type wanted) {
    return switch (written) {
      case INT ->
          wanted == Schema.Type.LONG || wanted == Schema.Type.FLOAT || wanted == Schema.Type.DOUBLE;
      case LONG -> wanted == Schema.Type.FLOAT || wanted == Schema.Type.DOUBLE;
      case FLOAT -> wanted == Schema.Type.DOUBLE;
      case STRING -> wanted == Schema.Type.BYTES;
      case BYTES -> wanted == Schema.Type.STRING;
      default -> false;
    };
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
    return fieldOf(writer, field);
  }

  /** The field of record {@code written} that Avro resolves {@code field} from, or null. */
  static Schema.Field fieldOf(Schema written, Schema.Field field) {
    Schema.Field byName = written.getField(field.name());
    if (byName != null) {
      return byName;
    }
    return field.aliases().stream()
        .map(written::getField)
        .filter(f -> f != null)
        .findFirst()
        .orElse(null);
  }

  /** One field's value alone, encoded as written and resolved to the job's field. */
  private static final class FieldProbe {
    private final Schema written;
    private final GenericDatumWriter<GenericRecord> encoder;
    private final DatumReader<GenericRecord> resolving;

    FieldProbe(Schema.Field source, Schema.Field field, GenericData data) {
      written =
          Schema.createRecord(
              "Probe",
              null,
              null,
              false,
              List.of(new Schema.Field(source.name(), source.schema())));
      Schema wanted =
          Schema.createRecord(
              "Probe", null, null, false, List.of(new Schema.Field(source.name(), field.schema())));
      encoder = new GenericDatumWriter<>(written, data);
      resolving = new GenericDatumReader<>(written, wanted, data);
    }

    void resolve(Object value) throws IOException {
      GenericData.Record record = new GenericData.Record(written);
      record.put(0, value);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      BinaryEncoder out = EncoderFactory.get().binaryEncoder(bytes, null);
      encoder.write(record, out);
      out.flush();
      resolving.read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
    }
  }

  private static boolean acceptsNull(Schema schema) {
    return schema.getType() == Schema.Type.NULL
        || (schema.getType() == Schema.Type.UNION
            && schema.getTypes().stream().anyMatch(s -> s.getType() == Schema.Type.NULL));
  }

  /**
   * Why every record of a file is refused, decided once for its schema: the field at fault and the
   * dead letters' message.
   */
  record Refusal(String field, String message) {

    /**
     * Why every record of a file written with schema {@code file} is refused when read as {@code
     * job}: the weight field's disagreement ({@link WeightColumn#refusal}) first, else the fields
     * {@code job} lacks ({@link ExtraColumns#refusal}); null if neither (a null check is none).
     */
    static Refusal of(Schema file, Schema job, WeightColumn weight, ExtraColumns extras) {
      Refusal refusal = weight == null ? null : weight.refusal(file, job);
      return refusal != null || extras == null ? refusal : extras.refusal(file, job);
    }
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
