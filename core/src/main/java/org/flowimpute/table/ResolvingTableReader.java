package org.flowimpute.table;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

/**
 * The records of a file of a table of several files resolved to the table's schema by Avro schema
 * resolution (promotions such as int → long → float → double, fields by name, fields the table's
 * schema lacks dropped), for a Parquet file whose schema resolves to the first file's without being
 * it. Each record is encoded with the file's schema and decoded with the table's.
 */
final class ResolvingTableReader implements TableReader {
  private final TableReader file;
  private final Schema schema;
  private final GenericDatumWriter<GenericRecord> writer;
  private final GenericDatumReader<GenericRecord> reader;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private BinaryEncoder encoder;
  private BinaryDecoder decoder;

  /** {@code file}'s records as records of {@code schema}, to which its schema must resolve. */
  ResolvingTableReader(TableReader file, Schema schema) {
    this.file = file;
    this.schema = schema;
    this.writer = new GenericDatumWriter<>(file.schema(), GenericData.get());
    this.reader = new GenericDatumReader<>(file.schema(), schema, GenericData.get());
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public Path path() {
    return file.path();
  }

  @Override
  public long rowNumber() {
    return file.rowNumber();
  }

  @Override
  public boolean hasNext() {
    return file.hasNext();
  }

  @Override
  public GenericRecord next() {
    GenericRecord written = file.next();
    try {
      buffer.reset();
      encoder = EncoderFactory.get().binaryEncoder(buffer, encoder);
      writer.write(written, encoder);
      encoder.flush();
      decoder = DecoderFactory.get().binaryDecoder(buffer.toByteArray(), decoder);
      return reader.read(null, decoder);
    } catch (IOException | AvroRuntimeException | ClassCastException e) {
      throw new TableException(
          String.format(
              "%s row %d: cannot read the record as the table's schema: %s",
              file.path(), file.rowNumber(), e.getMessage()),
          e);
    }
  }

  @Override
  public void close() {
    file.close();
  }
}
