package org.flowimpute.pipelines.io;

import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.beam.sdk.io.DynamicFileDestinations;
import org.apache.beam.sdk.io.FileBasedSink;
import org.apache.beam.sdk.io.WriteFiles;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.options.ValueProvider.StaticValueProvider;
import org.apache.beam.sdk.util.MimeTypes;
import org.flowimpute.pipelines.values.ImputedBlock;

/**
 * Writes {@link ImputedBlock}s into Avro object container files of one schema exactly as {@code
 * AvroIO.write().to(prefix).withSuffix(".avro")} writes records: the same file names ({@code
 * prefix-SSSSS-of-NNNNN.avro}), snappy blocks, temporary files moved into place once every writer
 * has finished. Each record's bytes are appended as they are ({@link
 * DataFileWriter#appendEncoded}), not decoded and encoded again.
 *
 * <p>Built on Beam's {@link WriteFiles} with runner-determined sharding and unwindowed writes, as
 * AvroIO is: {@code FileIO.write()} always uses windowed writes, which on Flink may finalize the
 * temporary files of one job in several groups that then get the same shard names (observed: a
 * 2-worker job wrote {@code -00000-of-00001} twice and kept one worker's records). Without
 * spilling: a bundle writes a single destination, so Beam's spill steps would never carry data.
 *
 * <pre>{@code
 * blocks.apply("WriteImputed", ImputedBlockFiles.write(outputPrefix, schema));
 * }</pre>
 */
public final class ImputedBlockFiles extends FileBasedSink<ImputedBlock, Void, ImputedBlock> {

  private static final long serialVersionUID = 1L;

  /** The file name suffix. */
  public static final String SUFFIX = ".avro";

  private final String schemaJson;

  private ImputedBlockFiles(ResourceId prefix, ResourceId tempDirectory, Schema schema) {
    super(
        StaticValueProvider.of(tempDirectory),
        DynamicFileDestinations.constant(
            ShardFileNames.of(prefix, ShardFileNames.UNWINDOWED, SUFFIX)));
    this.schemaJson = schema.toString();
  }

  /**
   * Writes blocks whose records are encoded in {@code schema} to {@code
   * prefix-SSSSS-of-NNNNN.avro}, with the temporary files in the prefix's directory.
   */
  public static WriteFiles<ImputedBlock, Void, ImputedBlock> write(String prefix, Schema schema) {
    ResourceId output = FileBasedSink.convertToFileResourceIfPossible(prefix);
    return write(output, output.getCurrentDirectory(), schema);
  }

  /**
   * Writes blocks whose records are encoded in {@code schema} to {@code
   * prefix-SSSSS-of-NNNNN.avro}, with the temporary files in {@code tempDirectory}.
   */
  public static WriteFiles<ImputedBlock, Void, ImputedBlock> write(
      ResourceId prefix, ResourceId tempDirectory, Schema schema) {
    return WriteFiles.to(new ImputedBlockFiles(prefix, tempDirectory, schema)).withNoSpilling();
  }

  @Override
  public WriteOperation<Void, ImputedBlock> createWriteOperation() {
    return new BlockWriteOperation(this, schemaJson);
  }

  /** Creates one writer per temporary file. */
  private static final class BlockWriteOperation extends WriteOperation<Void, ImputedBlock> {

    private static final long serialVersionUID = 1L;

    private final String schemaJson;

    BlockWriteOperation(ImputedBlockFiles sink, String schemaJson) {
      super(sink);
      this.schemaJson = schemaJson;
    }

    @Override
    public Writer<Void, ImputedBlock> createWriter() {
      return new BlockWriter(this, new Schema.Parser().parse(schemaJson));
    }
  }

  /** Appends each block's encoded records to one Avro file. */
  private static final class BlockWriter extends Writer<Void, ImputedBlock> {

    private final Schema schema;
    private DataFileWriter<Object> file;

    BlockWriter(WriteOperation<Void, ImputedBlock> operation, Schema schema) {
      super(operation, MimeTypes.BINARY);
      this.schema = schema;
    }

    @Override
    protected void prepareWrite(WritableByteChannel channel) throws Exception {
      file =
          new DataFileWriter<>(new GenericDatumWriter<>()).setCodec(ReusingSnappyCodec.factory());
      file.create(schema, Channels.newOutputStream(channel));
    }

    @Override
    public void write(ImputedBlock block) throws Exception {
      byte[] data = block.data();
      for (int i = 0; i < block.count(); i++) {
        file.appendEncoded(ByteBuffer.wrap(data, block.start(i), block.length(i)));
      }
    }

    @Override
    protected void finishWrite() throws Exception {
      file.flush();
    }
  }
}
