package org.flowimpute.table;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.avro.Schema;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.FileMetaData;
import org.apache.parquet.io.LocalInputFile;

/**
 * The Avro schema of a Parquet file read from its footer, needed when the file has no rows to take
 * the schema from.
 */
final class ParquetSchemas {
  private static final String AVRO_SCHEMA_KEY = "parquet.avro.schema";

  private ParquetSchemas() {}

  static Schema avroSchema(Path path) {
    try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(path))) {
      FileMetaData metaData = reader.getFooter().getFileMetaData();
      String avroSchema = metaData.getKeyValueMetaData().get(AVRO_SCHEMA_KEY);
      if (avroSchema != null) {
        return new Schema.Parser().parse(avroSchema);
      }
      return new AvroSchemaConverter(new PlainParquetConfiguration()).convert(metaData.getSchema());
    } catch (IOException | RuntimeException e) {
      throw new TableException(path + ": cannot read Parquet schema: " + e.getMessage(), e);
    }
  }
}
