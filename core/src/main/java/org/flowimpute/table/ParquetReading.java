package org.flowimpute.table;

import java.io.IOException;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroReadSupport;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.InitContext;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * How every Parquet file is read, by local tables ({@code generate}, {@code train}, …) and Beam
 * jobs ({@code impute}) alike, so that both see a file the same way:
 *
 * <ul>
 *   <li>INT96 timestamps (Spark's default) are read as Avro {@code fixed(12)} (parquet-avro refuses
 *       the whole file otherwise);
 *   <li>a standard 3-level LIST column ({@code repeated group list { element }}, as Spark, pyarrow
 *       and parquet-avro's new list structure write it) is an Avro array of its elements, not of
 *       one-field {@code element} records; legacy 2-level lists ({@code repeated group array},
 *       {@code <name>_tuple}, repeated primitives) are read as before;
 *   <li>only the columns a job needs are read, in the file's own Parquet types: parquet-avro's Avro
 *       projection converts an Avro schema back to Parquet types, which need not match the file's
 *       (a UUID {@code fixed(16)} came back as a string, a 3-level list as a 2-level one), and the
 *       read then failed on the first row.
 * </ul>
 */
public final class ParquetReading {

  /** The key of {@code AvroReadSupport.setAvroReadSchema}, which needs a Hadoop configuration. */
  private static final String AVRO_READ_SCHEMA = "parquet.avro.read.schema";

  private ParquetReading() {}

  /** The configuration every Parquet reader and schema conversion uses. */
  public static PlainParquetConfiguration configuration() {
    PlainParquetConfiguration configuration = new PlainParquetConfiguration();
    configuration.set(AvroReadSupport.READ_INT96_AS_FIXED, "true");
    configuration.set(AvroSchemaConverter.ADD_LIST_ELEMENT_RECORDS, "false");
    return configuration;
  }

  /**
   * A reader of {@code file} giving records of {@code avroSchema} (null: the file's own Avro view)
   * from the columns named {@code columns} only (null: all), read in the file's own types.
   */
  public static ParquetReader<GenericRecord> reader(
      InputFile file, Schema avroSchema, Collection<String> columns) throws IOException {
    ParquetConfiguration configuration = configuration();
    // as AvroParquetReader's builder sets it: enums as enum symbols, not strings
    configuration.set(AvroReadSupport.AVRO_COMPATIBILITY, "false");
    if (avroSchema != null) {
      configuration.set(AVRO_READ_SCHEMA, avroSchema.toString());
    }
    Set<String> wanted = columns == null ? null : new HashSet<>(columns);
    return new ParquetReader.Builder<GenericRecord>(file, configuration) {
      @Override
      protected ReadSupport<GenericRecord> getReadSupport() {
        return new PrunedReadSupport(wanted);
      }
    }.build();
  }

  /**
   * {@code file} whose {@code toString} is {@code name}: parquet-hadoop names the file in its
   * errors by {@code toString} ({@code LocalInputFile@3738717d is not a Parquet file}).
   */
  public static InputFile named(InputFile file, String name) {
    return new InputFile() {
      @Override
      public long getLength() throws IOException {
        return file.getLength();
      }

      @Override
      public SeekableInputStream newStream() throws IOException {
        return file.newStream();
      }

      @Override
      public String toString() {
        return name;
      }
    };
  }

  /** {@code file}'s top-level columns named in {@code columns}, in the file's order and types. */
  static MessageType prune(MessageType file, Set<String> columns) {
    List<Type> kept = file.getFields().stream().filter(f -> columns.contains(f.getName())).toList();
    return new MessageType(file.getName(), kept);
  }

  /** parquet-avro's read support, requesting the wanted columns in the file's own types. */
  private static final class PrunedReadSupport extends AvroReadSupport<GenericRecord> {
    private final Set<String> columns;

    PrunedReadSupport(Set<String> columns) {
      this.columns = columns;
    }

    @Override
    public ReadContext init(InitContext context) {
      ReadContext avro = super.init(context);
      MessageType file = context.getFileSchema();
      return new ReadContext(
          columns == null ? file : prune(file, columns), avro.getReadSupportMetadata());
    }
  }
}
