package org.flowimpute.table;

/**
 * How Avro and Parquet files are compressed (CSV files are written uncompressed). Snappy is fast
 * and the usual default of Spark and Beam; deflate needs no native library.
 */
public enum TableCompression {
  /** No compression. */
  NONE,
  /** Snappy (native library bundled in snappy-java, unpacked to {@code java.io.tmpdir}). */
  SNAPPY,
  /** Deflate for Avro, gzip for Parquet (both pure Java). */
  DEFLATE
}
