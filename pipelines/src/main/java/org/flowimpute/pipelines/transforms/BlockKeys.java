package org.flowimpute.pipelines.transforms;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.flowimpute.pipelines.io.AvroBlock;

/**
 * The record keys of an Avro block's records ({@link SharedKeys#keyOf}), the key field alone read
 * into the job's input schema's key field as imputation reads them (Avro's fast reader, the other
 * fields skipped; a file without the field gets the input field's default, as imputation's records
 * do). A record that cannot be read ends its block here, as it does in the imputation step, which
 * dead-letters it. Not serializable: one per step instance.
 */
final class BlockKeys {

  /** Receives the index of a record in its block and its key. */
  interface Receiver {
    void accept(int index, String key);
  }

  private final String keyField;
  private final Schema.Field inputField;
  private final Map<String, GenericDatumReader<GenericRecord>> readers = new HashMap<>();
  private BinaryDecoder decoder;

  /**
   * @param keyField the key field
   * @param inputSchema the job's input schema (the records' reader schema), which holds it
   */
  BlockKeys(String keyField, Schema inputSchema) {
    this.keyField = keyField;
    this.inputField = inputSchema.getField(keyField);
  }

  /** Gives {@code receiver} the index and key of each record of {@code block} that has a key. */
  void read(AvroBlock block, Receiver receiver) {
    if (block.unreadable() != null) {
      return;
    }
    GenericDatumReader<GenericRecord> reader =
        readers.computeIfAbsent(block.writerSchema(), this::keyReader);
    if (reader == null) {
      return;
    }
    decoder = DecoderFactory.get().binaryDecoder(block.data(), decoder);
    GenericRecord record = null;
    for (int index = 0; index < block.count(); index++) {
      try {
        record = reader.read(record, decoder);
      } catch (IOException | RuntimeException unreadable) {
        return;
      }
      String key = SharedKeys.keyOf(record, keyField, block.source(index));
      if (key != null) {
        receiver.accept(index, key);
      }
    }
  }

  /**
   * A reader of the key field alone from records of this writer schema into the input schema's key
   * field (its type and default); null when neither the writer has the field nor the input field a
   * default (imputation cannot read those records either).
   */
  private GenericDatumReader<GenericRecord> keyReader(String writerJson) {
    Schema writer = new Schema.Parser().parse(writerJson);
    if (writer.getType() != Schema.Type.RECORD
        || inputField == null
        || (writer.getField(keyField) == null && !inputField.hasDefaultValue())) {
      return null;
    }
    Schema projection =
        Schema.createRecord(
            writer.getName(),
            null,
            writer.getNamespace(),
            false,
            List.of(new Schema.Field(inputField, inputField.schema())));
    GenericData data = new GenericData();
    data.setFastReaderEnabled(true);
    return new GenericDatumReader<>(writer, projection, data);
  }
}
