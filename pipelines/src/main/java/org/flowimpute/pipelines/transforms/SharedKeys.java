package org.flowimpute.pipelines.transforms;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.flowimpute.avro.DeadLetter;
import org.flowimpute.encode.EncodingException;
import org.flowimpute.encode.FieldValues;
import org.flowimpute.pipelines.io.AvroBlock;
import org.flowimpute.pipelines.values.SourcedRecord;

/**
 * Finds the records of a batch job whose {@code --key-field} value (its category text, the record
 * key) another record has too. Records that share a key get the same noise, hence identical
 * imputations (given equal conditions), which is never what a unique id meant; {@code generate
 * --key-column} refuses such input. The batch job dead-letters every record of a shared key (stage
 * {@code validate}, reason {@code duplicate_key}, field = the key field), not all but the first:
 * which record came "first" depends on the file order and the runner, and all of them are suspect.
 * The check needs every key before any record is imputed: the keys (not the records) are grouped
 * ({@code GroupKeys}), or on the DirectRunner counted ({@code CountKeys}), and the records, or Avro
 * blocks, then meet the verdicts by their source or block.
 *
 * <p>Elements: (record key, (join key, source)), where the join key is what the verdict is joined
 * back on (the record's source, its Avro block or its household id). Records without a usable key
 * are left out: validation dead-letters them.
 */
public final class SharedKeys {

  private SharedKeys() {}

  /** The coder of (record key, (join key, source)) and of (join key, (source, message)). */
  public static KvCoder<String, KV<String, String>> coder() {
    return KvCoder.of(StringUtf8Coder.of(), KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()));
  }

  /**
   * (join key, (source, message)) for every record whose key other records share, from (record key,
   * (join key, source)) of all records. Steps: {@code GroupKeys}, {@code SharedOnly}; with {@code
   * counted} (for the DirectRunner) {@code CountKeys} instead ({@link CountedSharedKeys}).
   */
  public static PCollection<KV<String, KV<String, String>>> of(
      PCollection<KV<String, KV<String, String>>> keys, String keyField, boolean counted) {
    keys.setCoder(coder());
    if (counted) {
      return keys.apply("CountKeys", new CountedSharedKeys(keyField));
    }
    return keys.apply("GroupKeys", GroupByKey.create())
        .apply("SharedOnly", ParDo.of(new SharedOnlyFn(keyField)))
        .setCoder(coder());
  }

  /** The dead letter of {@code record}, whose key other records share ({@code message} says so). */
  static DeadLetter rejection(SourcedRecord record, String keyField, String message) {
    return DeadLetters.reject(
        record,
        Stage.VALIDATE,
        Reason.DUPLICATE_KEY,
        keyField,
        keyOf(record.record(), keyField, record.source()),
        message);
  }

  /**
   * The record key of a record for its dead letter: its {@code keyField} value's key, or null when
   * the job keys by content ({@code keyField} null) or the record has no usable key.
   */
  public static String knownKey(SourcedRecord record, String keyField) {
    return keyField == null ? null : keyOf(record.record(), keyField, record.source());
  }

  /** The key of a record, or null when it has none usable (validation will say why). */
  public static String keyOf(GenericRecord record, String keyField, String source) {
    if (record.getSchema().getField(keyField) == null || record.get(keyField) == null) {
      return null;
    }
    try {
      return FieldValues.recordKey(record.get(keyField), source, keyField);
    } catch (EncodingException notAKey) {
      return null;
    }
  }

  /** The message of a record whose key {@code holders} records hold. */
  static String message(String key, String keyField, int holders) {
    return "record key '"
        + key
        + "' ('"
        + keyField
        + "') is shared by "
        + holders
        + " records, each of them a dead letter: records with one key would get the"
        + " same noise (the key field must be unique per record)";
  }

  /** Emits the verdicts of the keys held by more than one record. */
  private static final class SharedOnlyFn
      extends DoFn<KV<String, Iterable<KV<String, String>>>, KV<String, KV<String, String>>> {
    private final String keyField;

    SharedOnlyFn(String keyField) {
      this.keyField = keyField;
    }

    @ProcessElement
    public void processElement(
        @Element KV<String, Iterable<KV<String, String>>> key,
        OutputReceiver<KV<String, KV<String, String>>> out) {
      List<KV<String, String>> holders = new ArrayList<>();
      key.getValue().forEach(holders::add);
      if (holders.size() < 2) {
        return;
      }
      String message = message(key.getKey(), keyField, holders.size());
      for (KV<String, String> holder : holders) {
        out.output(KV.of(holder.getKey(), KV.of(holder.getValue(), message)));
      }
    }
  }

  /**
   * (record key, (join key, source)) of a record; the join key is its source, or its household id
   * (category text) when {@code householdIdField} is given (a record without one is left out).
   */
  public static final class KeyOfRecordFn
      extends DoFn<SourcedRecord, KV<String, KV<String, String>>> {
    private final String keyField;
    private final String householdIdField;

    public KeyOfRecordFn(String keyField, String householdIdField) {
      this.keyField = keyField;
      this.householdIdField = householdIdField;
    }

    @ProcessElement
    public void processElement(
        @Element SourcedRecord element, OutputReceiver<KV<String, KV<String, String>>> out) {
      String key = keyOf(element.record(), keyField, element.source());
      if (key == null) {
        return;
      }
      String join = element.source();
      if (householdIdField != null) {
        join = keyOf(element.record(), householdIdField, element.source());
        if (join == null || join.isEmpty()) {
          return;
        }
      }
      out.output(KV.of(key, KV.of(join, element.source())));
    }
  }

  /**
   * (record key, (block id, record index)) of every record of an Avro block that has a key ({@link
   * BlockKeys}; {@link #blockId}: a short id, since every record carries it through the grouping).
   * No dead letter or metric here for a record that cannot be read, so nothing is counted twice.
   */
  public static final class KeyOfBlockRecordsFn
      extends DoFn<AvroBlock, KV<String, KV<String, String>>> {
    private final String keyField;
    private final String inputSchemaJson;
    private transient BlockKeys keys;

    /**
     * @param keyField the key field
     * @param inputSchema the job's input schema (the records' reader schema), which holds it
     */
    public KeyOfBlockRecordsFn(String keyField, Schema inputSchema) {
      this.keyField = keyField;
      this.inputSchemaJson = inputSchema.toString();
    }

    @Setup
    public void setup() {
      keys = new BlockKeys(keyField, new Schema.Parser().parse(inputSchemaJson));
    }

    @ProcessElement
    public void processElement(
        @Element AvroBlock block, OutputReceiver<KV<String, KV<String, String>>> out) {
      String id = blockId(block);
      keys.read(block, (index, key) -> out.output(KV.of(key, KV.of(id, Integer.toString(index)))));
    }
  }

  /** A short id of a block: its file and first record, hashed to 64 bits, in base 36. */
  public static String blockId(AvroBlock block) {
    long hash = 1125899906842597L;
    String path = block.path();
    for (int i = 0; i < path.length(); i++) {
      hash = 31 * hash + path.charAt(i);
    }
    hash = hash * 0x9E3779B97F4A7C15L + block.firstRecord();
    hash ^= hash >>> 31;
    hash *= 0xBF58476D1CE4E5B9L;
    hash ^= hash >>> 29;
    return Long.toString(hash, 36);
  }

  /** The verdicts of one join key as source → message. */
  static Map<String, String> bySource(Iterable<KV<String, String>> verdicts) {
    Map<String, String> out = new HashMap<>();
    for (KV<String, String> verdict : verdicts) {
      out.put(verdict.getKey(), verdict.getValue());
    }
    return out;
  }
}
