package org.flowimpute.pipelines.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.pipelines.testing.AvroFiles;
import org.flowimpute.pipelines.testing.TestData;
import org.flowimpute.table.TableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opening a file as Avro looks at its first bytes first, on seekable channels (local files, GCS,
 * S3) and on others alike: those first bytes must still be read as the file's start.
 */
class AvroContainerTest {

  @TempDir Path dir;

  private static List<String> ids(AvroContainer container) {
    List<String> ids = new ArrayList<>();
    for (GenericRecord record : container.records()) {
      ids.add(record.get("id").toString());
    }
    return ids;
  }

  @Test
  void anAvroFileIsReadWholeFromASeekableChannelAndFromAStream() throws IOException {
    Path file = dir.resolve("a.avro");
    AvroFiles.write(file, TestData.PERSON, TestData.people(3));
    ReadableByteChannel stream =
        Channels.newChannel(new ByteArrayInputStream(Files.readAllBytes(file)));

    try (AvroContainer seekable = AvroContainer.open(FileChannel.open(file));
        AvroContainer streamed = AvroContainer.open(stream)) {
      assertEquals(List.of("p0", "p1", "p2"), ids(seekable));
      assertEquals(List.of("p0", "p1", "p2"), ids(streamed));
      assertFalse(streamed.endedEarly());
    }
  }

  @Test
  void textFromAStreamIsRefusedSayingWhatItHoldsAndTheChannelIsClosed() {
    ReadableByteChannel stream =
        Channels.newChannel(
            new ByteArrayInputStream("id,age\n1,2\n".getBytes(StandardCharsets.UTF_8)));

    TableException error = assertThrows(TableException.class, () -> AvroContainer.open(stream));

    assertEquals(
        "not an Avro data file: it holds text starting with 'id,age': if it is CSV, read it as CSV (.csv)",
        error.getMessage());
    assertEquals(error.getMessage(), AvroContainer.whyUnreadable(error, -1));
    assertFalse(stream.isOpen());
  }
}
