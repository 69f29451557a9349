package org.flowimpute.pipelines.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.transforms.DoFn;

/**
 * Splits Avro object container files of any record schema into their data blocks ({@link
 * AvroBlock}s, uncompressed, records still encoded), numbering records in file order. Records are
 * decoded by {@link DecodeAvroBlocksFn}, after the blocks have been spread over the workers. A file
 * that is not Avro or whose blocks are corrupt fails the pipeline: that is a file problem, not a
 * record problem.
 */
final class ReadAvroBlocksFn extends DoFn<FileIO.ReadableFile, AvroBlock> {

  /** Splits one file. */
  @ProcessElement
  public void processElement(@Element FileIO.ReadableFile file, OutputReceiver<AvroBlock> out)
      throws IOException {
    String path = file.getMetadata().resourceId().toString();
    try (InputStream in = Channels.newInputStream(file.open());
        DataFileStream<GenericRecord> stream =
            new DataFileStream<>(in, new GenericDatumReader<>())) {
      String writerSchema = stream.getSchema().toString();
      long firstRecord = 1;
      while (stream.hasNext()) {
        int count = Math.toIntExact(stream.getBlockCount());
        ByteBuffer block = stream.nextBlock();
        byte[] data = new byte[block.remaining()];
        block.duplicate().get(data);
        out.output(new AvroBlock(path, firstRecord, count, writerSchema, data));
        firstRecord += count;
      }
    } catch (IOException | RuntimeException e) {
      throw new IOException(path + ": cannot read as Avro: " + e.getMessage(), e);
    }
  }
}
