package org.flowimpute.pipelines.io;

import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.flowimpute.avro.DeadLetter;
import org.flowimpute.pipelines.transforms.DeadLetters;
import org.flowimpute.pipelines.values.EncodedRecord;
import org.flowimpute.pipelines.values.PayloadFormat;
import org.flowimpute.pipelines.values.SourcedRecord;

/**
 * Decodes the records of {@link AvroBlock}s, resolving each file's writer schema to the input
 * schema, and tags every record with {@code path:number} (built when asked for). A record that the
 * input schema cannot hold (a null where it requires a value; a required field the file lacks; a
 * value of another logical type, such as timestamp-micros for timestamp-millis) is a dead letter
 * ({@link RecordResolver}); so is the rest of a block from a record that cannot be decoded, and the
 * rest of a file that could not be read ({@link AvroBlock#unreadable}).
 *
 * <p>Records are decoded by Avro's fast reader ({@link GenericData#setFastReaderEnabled}): the
 * resolution of a writer schema to the input schema is worked out once per writer schema instead of
 * being interpreted field by field for every record; the decoded records are the same. When a
 * file's writer schema is the input schema (and holds no map), each record is an {@link
 * EncodedRecord} that keeps the span of the block's bytes it was decoded from, so that the
 * imputed-file writer copies its leading fields instead of encoding them again. A record the input
 * schema cannot hold is a dead letter with the record key of its key field, read as written, when
 * the job has a key field. One instance per thread.
 */
public final class AvroBlockDecoder {

  private final Schema schema;
  private final String keyField;
  private final WeightColumn weight;
  private final ExtraColumns extras;
  private final Map<String, BlockReader> readers = new HashMap<>();
  private final GenericData data = new GenericData();
  private BinaryDecoder decoder;

  /**
   * A decoder of blocks into records of {@code schema}; dead letters carry the key of {@code
   * keyField} where it can be read (null: the job keys by content, they carry none). Every record
   * of a file whose writer schema and {@code schema} disagree about {@code weight}'s field is a
   * dead letter saying so ({@link WeightColumn#refusal}; null: no check), and so is every record of
   * a file whose writer schema has fields {@code schema}, taken from the job's first file, lacks
   * ({@link ExtraColumns#refusal}; null: no check, a given schema).
   */
  public AvroBlockDecoder(
      Schema schema, String keyField, WeightColumn weight, ExtraColumns extras) {
    this.schema = schema;
    this.keyField = keyField;
    this.weight = weight;
    this.extras = extras;
    data.setFastReaderEnabled(true);
  }

  /**
   * Decodes the records of {@code block} into {@code out}, in order. Goes to {@code rejected}
   * instead, as a {@code decode} dead letter: a record of a file with another writer schema that
   * the input schema cannot hold (naming the field); the rest of a block from a record that cannot
   * be decoded (one dead letter: the bytes after it cannot be told apart); an {@link
   * AvroBlock#unreadable} block (the rest of a damaged file).
   *
   * @return how many records and dead letters were handed on, for {@code records_read}
   * @throws IOException if the block holds more bytes than its records
   */
  public int decode(AvroBlock block, Consumer<SourcedRecord> out, Consumer<DeadLetter> rejected)
      throws IOException {
    if (block.unreadable() != null) {
      rejected.accept(restOf(block, 0, block.unreadable()));
      return 1;
    }
    BlockReader reader = readers.computeIfAbsent(block.writerSchema(), this::readerFor);
    IntFunction<String> sources = block::source;
    byte[] bytes = block.data();
    decoder = DecoderFactory.get().binaryDecoder(bytes, decoder);
    int start = 0;
    for (int index = 0; index < block.count(); index++) {
      if (reader.resolver() != null && reader.resolver().checksValues()) {
        // Avro's reader would take values of another logical type as they are
        start = resolveAlone(reader.resolver(), block, index, start, out, rejected);
        if (start < 0) {
          rejected.accept(restOf(block, index, "cannot decode the record in its file's schema"));
          return index + 1;
        }
        decoder = DecoderFactory.get().binaryDecoder(bytes, start, bytes.length - start, decoder);
        continue;
      }
      EncodedRecord encoded = reader.keepsEncoding() ? new EncodedRecord(schema) : null;
      GenericRecord record;
      try {
        record = reader.reader().read(encoded, decoder);
      } catch (IOException | RuntimeException e) {
        start =
            reader.resolver() == null
                ? -1
                : resolveAlone(reader.resolver(), block, index, start, out, rejected);
        if (start < 0) {
          rejected.accept(restOf(block, index, "cannot decode the record: " + e.getMessage()));
          return index + 1;
        }
        decoder = DecoderFactory.get().binaryDecoder(bytes, start, bytes.length - start, decoder);
        continue;
      }
      int end = bytes.length - decoder.inputStream().available();
      if (encoded != null && record == encoded) {
        encoded.setEncoding(bytes, start, end - start);
      }
      start = end;
      out.accept(SourcedRecord.of(sources, index, record, PayloadFormat.AVRO));
    }
    if (!decoder.isEnd()) {
      throw new IOException(
          block.source(Math.max(0, block.count() - 1))
              + ": cannot read as Avro with schema "
              + schema.getFullName()
              + ": the block holds more bytes than its "
              + block.count()
              + " records");
    }
    return block.count();
  }

  /** The dead letter of {@code block}'s records from {@code index} on, which cannot be read. */
  private DeadLetter restOf(AvroBlock block, int index, String why) {
    int lost = block.count() - index;
    String which =
        block.unreadable() != null || lost == 1
            ? ""
            : " (this record and the " + (lost - 1) + " after it in its block)";
    String message = why + which;
    return block.unreadable() != null || lost > 1
        ? DeadLetters.unreadRest(block.source(index), PayloadFormat.AVRO, message)
        : DeadLetters.undecodable(
            block.source(index), new byte[0], PayloadFormat.AVRO, null, message);
  }

  /**
   * Reads the record at {@code start} as written, resolves it on its own and hands it to {@code
   * out} or its dead letter to {@code rejected}; returns where the next record starts, or -1 if the
   * record cannot be read even as written.
   */
  private int resolveAlone(
      RecordResolver resolver,
      AvroBlock block,
      int index,
      int start,
      Consumer<SourcedRecord> out,
      Consumer<DeadLetter> rejected) {
    byte[] bytes = block.data();
    BinaryDecoder alone =
        DecoderFactory.get().binaryDecoder(bytes, start, bytes.length - start, null);
    GenericRecord written;
    try {
      written = resolver.readAsWritten(alone);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    int end;
    try {
      end = bytes.length - alone.inputStream().available();
    } catch (IOException e) {
      return -1;
    }
    try {
      out.accept(
          SourcedRecord.of(block.source(index), resolver.resolve(written), PayloadFormat.AVRO));
    } catch (RecordResolver.Unresolvable e) {
      rejected.accept(resolver.deadLetter(block.source(index), written, e, keyField));
    }
    return end;
  }

  private BlockReader readerFor(String writerSchemaJson) {
    Schema writer = new Schema.Parser().parse(writerSchemaJson);
    if (writer.equals(schema)) {
      return new BlockReader(
          new GenericDatumReader<>(schema, schema, data), !hasMap(schema, new HashSet<>()), null);
    }
    return new BlockReader(
        new GenericDatumReader<>(writer, schema, data),
        false,
        new RecordResolver(
            writer, schema, data, RecordResolver.Refusal.of(writer, schema, weight, extras)));
  }

  /**
   * Whether records of {@code schema} may hold a map: a decoded map is re-encoded in hash order,
   * not the file's, so its bytes would not be the ones the record's values encode to.
   */
  private static boolean hasMap(Schema schema, Set<String> visited) {
    return switch (schema.getType()) {
      case MAP -> true;
      case ARRAY -> hasMap(schema.getElementType(), visited);
      case UNION -> schema.getTypes().stream().anyMatch(branch -> hasMap(branch, visited));
      case RECORD ->
          visited.add(schema.getFullName())
              && schema.getFields().stream().anyMatch(field -> hasMap(field.schema(), visited));
      default -> false;
    };
  }

  /**
   * The reader of one writer schema; whether records keep their encoding: only when the file was
   * written with the input schema itself, so that the bytes are the input schema's encoding, and
   * the schema holds no map; and, for another writer schema, the resolver of records that the input
   * schema cannot hold.
   */
  private record BlockReader(
      DatumReader<GenericRecord> reader, boolean keepsEncoding, RecordResolver resolver) {}
}
