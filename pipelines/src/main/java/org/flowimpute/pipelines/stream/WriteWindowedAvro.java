package org.flowimpute.pipelines.stream;

import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.io.DynamicFileDestinations;
import org.apache.beam.sdk.io.FileBasedSink;
import org.apache.beam.sdk.io.WriteFiles;
import org.apache.beam.sdk.io.WriteFilesResult;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.options.ValueProvider.StaticValueProvider;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.util.MimeTypes;
import org.apache.beam.sdk.values.PCollection;
import org.flowimpute.pipelines.io.ShardFileNames;
import org.flowimpute.pipelines.values.FastAvroCoder;
import org.joda.time.Instant;

/**
 * Writes windowed records as Avro files exactly as {@code AvroIO.writeGenericRecords(schema)
 * .to(prefix).withShardNameTemplate(ShardFileNames.WINDOWED).withSuffix(".avro").withWindowedWrites()
 * .withNumShards(n)} does (same file names, snappy-compressed Avro container files of {@code
 * schema}, written through Beam's {@link WriteFiles}: temporary files renamed when the window's
 * pane is finalized), but hands the file writer one list of records per window and bundle instead
 * of one element per record.
 *
 * <p>Why: {@code WriteFiles} groups its input by shard in a {@code GroupByKey}, whose per-element
 * work (state append, timer, watermark hold, window key encoding) on one worker per shard was the
 * busiest thread of the streaming job under {@code bench stream} once the window grouping got
 * lists. Steps: {@code GatherRecords}, {@code WriteFiles}. Immutable.
 */
public final class WriteWindowedAvro
    extends PTransform<PCollection<GenericRecord>, WriteFilesResult<Void>> {

  private static final long serialVersionUID = 1L;

  private final String prefix;
  private final String schemaJson;
  private final int numShards;

  private WriteWindowedAvro(String prefix, String schemaJson, int numShards) {
    this.prefix = Objects.requireNonNull(prefix, "prefix");
    this.schemaJson = schemaJson;
    this.numShards = numShards;
  }

  /** Files named {@code <prefix>-<windowStart>-<windowEnd>-<pane>-SSSSS-of-NNNNN.avro}. */
  public static WriteWindowedAvro to(String prefix, Schema schema) {
    return new WriteWindowedAvro(prefix, schema.toString(), 1);
  }

  /**
   * Files per window and pane (at least 1): at most this many, fewer for a window with fewer
   * records (like Beam's windowed writes, no empty shard is written).
   */
  public WriteWindowedAvro withNumShards(int shards) {
    if (shards < 1) {
      throw new IllegalArgumentException("shards must be at least 1, got " + shards);
    }
    return new WriteWindowedAvro(prefix, schemaJson, shards);
  }

  @Override
  public WriteFilesResult<Void> expand(PCollection<GenericRecord> records) {
    Schema schema = new Schema.Parser().parse(schemaJson);
    ResourceId prefixResource = FileBasedSink.convertToFileResourceIfPossible(prefix);
    ShardFileNames names = ShardFileNames.of(prefixResource, ShardFileNames.WINDOWED, ".avro");
    RecordListSink sink =
        new RecordListSink(
            StaticValueProvider.of(prefixResource),
            DynamicFileDestinations.constant(names),
            schemaJson);
    return records
        .apply("GatherRecords", ParDo.of(new GatherRecordsFn(numShards)))
        .setCoder(ListCoder.of(FastAvroCoder.of(schema)))
        .apply("WriteFiles", WriteFiles.to(sink).withWindowedWrites().withNumShards(numShards));
  }

  /**
   * Per window of a bundle, its records in {@code shards} lists of consecutive records (fewer when
   * the window has fewer records), output when the bundle ends with the window's smallest timestamp
   * (safe for the reason given in {@link BatchByGroupFn}). {@code WriteFiles} gives an instance's
   * elements consecutive shards, so a bundle's lists of a window go to different shards, as single
   * records do with {@code AvroIO} (one list per window put every record of a bundle into one of
   * the shards: one file per window, named as one of N). The pane of the files is the one of {@code
   * WriteFiles}' own grouping, as with {@code AvroIO}.
   */
  private static final class GatherRecordsFn extends DoFn<GenericRecord, List<GenericRecord>> {

    private static final long serialVersionUID = 1L;

    private final int shards;
    private transient Map<BoundedWindow, GatheredRecords> gathered;

    GatherRecordsFn(int shards) {
      this.shards = shards;
    }

    @StartBundle
    public void startBundle() {
      gathered = new HashMap<>();
    }

    @ProcessElement
    public void processElement(
        @Element GenericRecord record, @Timestamp Instant timestamp, BoundedWindow window) {
      gathered.computeIfAbsent(window, w -> new GatheredRecords(timestamp)).add(record, timestamp);
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext context) {
      gathered.forEach(
          (window, list) -> {
            List<GenericRecord> records = list.records();
            int parts = Math.min(shards, records.size());
            for (int part = 0; part < parts; part++) {
              List<GenericRecord> slice =
                  records.subList(
                      (int) ((long) records.size() * part / parts),
                      (int) ((long) records.size() * (part + 1) / parts));
              context.output(new ArrayList<>(slice), list.earliest(), window);
            }
          });
      gathered = new HashMap<>();
    }
  }

  /** A {@link FileBasedSink} writing each list's records into one Avro container file. */
  private static final class RecordListSink
      extends FileBasedSink<List<GenericRecord>, Void, List<GenericRecord>> {

    private static final long serialVersionUID = 1L;

    private final String schemaJson;

    RecordListSink(
        StaticValueProvider<ResourceId> tempDirectory,
        DynamicDestinations<List<GenericRecord>, Void, List<GenericRecord>> destinations,
        String schemaJson) {
      super(tempDirectory, destinations);
      this.schemaJson = schemaJson;
    }

    @Override
    public WriteOperation<Void, List<GenericRecord>> createWriteOperation() {
      return new WriteOperation<>(this) {
        @Override
        public Writer<Void, List<GenericRecord>> createWriter() {
          return new RecordListWriter(this, new Schema.Parser().parse(schemaJson));
        }
      };
    }
  }

  /** Appends records to one Avro container file. */
  private static final class RecordListWriter
      extends FileBasedSink.Writer<Void, List<GenericRecord>> {

    private final Schema schema;
    private DataFileWriter<GenericRecord> file;

    RecordListWriter(
        FileBasedSink.WriteOperation<Void, List<GenericRecord>> operation, Schema schema) {
      super(operation, MimeTypes.BINARY);
      this.schema = schema;
    }

    @Override
    protected void prepareWrite(WritableByteChannel channel) throws Exception {
      file = new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(schema));
      file.setCodec(CodecFactory.snappyCodec());
      file.create(schema, Channels.newOutputStream(channel));
    }

    @Override
    public void write(List<GenericRecord> records) throws IOException {
      for (GenericRecord record : records) {
        file.append(record);
      }
    }

    @Override
    protected void finishWrite() throws Exception {
      file.flush();
    }
  }
}
