package org.flowimpute.pipelines.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.file.DataFileConstants;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.transforms.DoFn;
import org.flowimpute.table.AvroBlockMemory;
import org.flowimpute.table.AvroFileDamage;

/**
 * Splits Avro object container files of any record schema into their data blocks ({@link
 * AvroBlock}s, uncompressed, records still encoded), numbering records in file order. Records are
 * decoded by {@link DecodeAvroBlocksFn}, after the blocks have been spread over the workers. A file
 * that is not Avro, has a damaged block or ends inside a block (cut short: {@link AvroContainer})
 * ends with an {@link AvroBlock#unreadable} block for the rest of it, which becomes one dead
 * letter; the job goes on with its other files.
 */
final class ReadAvroBlocksFn extends DoFn<FileIO.ReadableFile, AvroBlock> {

  /** Splits one file. */
  @ProcessElement
  public void processElement(@Element FileIO.ReadableFile file, OutputReceiver<AvroBlock> out)
      throws IOException {
    String path = file.getMetadata().resourceId().toString();
    long firstRecord = 1;
    long blockNumber = 1;
    AvroContainer container;
    try {
      container = AvroContainer.open(open(file));
    } catch (IOException | RuntimeException e) {
      String why = AvroContainer.whyUnreadable(e, file.getMetadata().sizeBytes());
      out.output(AvroBlock.unreadable(path, firstRecord, why));
      return;
    }
    try (container) {
      DataFileStream<GenericRecord> stream = container.records();
      String writerSchema = stream.getSchema().toString();
      while (AvroBlockMemory.guard(stream::hasNext)) {
        int count = Math.toIntExact(stream.getBlockCount());
        ByteBuffer block = AvroBlockMemory.guardIo(stream::nextBlock);
        byte[] data = new byte[block.remaining()];
        block.duplicate().get(data);
        out.output(new AvroBlock(path, firstRecord, count, writerSchema, data));
        firstRecord += count;
        blockNumber++;
      }
      if (container.endedEarly()) {
        out.output(AvroBlock.unreadable(path, firstRecord, AvroContainer.ENDED_EARLY));
      }
    } catch (IOException | RuntimeException e) {
      String why =
          e instanceof AvroRuntimeException && e.getCause() instanceof IOException damage
              ? AvroFileDamage.damagedBlock(
                  blockNumber,
                  container.records().getMetaString(DataFileConstants.CODEC),
                  damage,
                  "records")
              : "cannot read as Avro: " + e.getMessage();
      out.output(AvroBlock.unreadable(path, firstRecord, why));
    }
  }

  /** The file's channel: seekable where the file system allows, so a cut file is noticed. */
  private static ReadableByteChannel open(FileIO.ReadableFile file) throws IOException {
    try {
      return file.openSeekable();
    } catch (UnsupportedOperationException | IllegalStateException notSeekable) {
      return file.open();
    }
  }
}
