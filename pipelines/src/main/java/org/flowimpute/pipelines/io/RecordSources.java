package org.flowimpute.pipelines.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.avro.Schema;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.io.FileSystems;
import org.flowimpute.pipelines.io.kafka.KafkaAddress;
import org.flowimpute.pipelines.io.kafka.KafkaOptions;
import org.flowimpute.pipelines.io.kafka.KafkaTopics;
import org.flowimpute.pipelines.io.kafka.OffsetCommits;
import org.flowimpute.pipelines.io.kafka.ReadKafkaRecords;
import org.flowimpute.pipelines.options.StreamOptions;
import org.flowimpute.pipelines.stream.DurationText;
import org.flowimpute.pipelines.stream.EventTimePolicy;
import org.flowimpute.pipelines.values.ModelFields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps the {@code --source} URI of the streaming job to a {@link RecordSource}: the one place where
 * source schemes are resolved ({@code dir://PATH}, {@code kafka://HOST:PORT/TOPIC}).
 */
public final class RecordSources {

  /** Scheme of a watched directory. */
  public static final String DIRECTORY = "dir";

  /** Scheme of a Kafka topic. */
  public static final String KAFKA = "kafka";

  private static final Logger LOG = LoggerFactory.getLogger(RecordSources.class);

  private RecordSources() {}

  /**
   * The source {@code options.getSource()} names, reading records of the model's fields with event
   * time and watermark by {@code policy}.
   *
   * @throws IllegalArgumentException for an unknown scheme or a source that cannot be used
   */
  public static RecordSource forOptions(
      StreamOptions options, ModelFields fields, EventTimePolicy policy) {
    String source = options.getSource();
    int separator = source.indexOf("://");
    if (separator < 0) {
      throw new IllegalArgumentException(
          "--source: expected dir://PATH or kafka://HOST:PORT/TOPIC, got '" + source + "'");
    }
    String scheme = source.substring(0, separator);
    String rest = source.substring(separator + 3);
    Schema schema =
        options.getRecordSchema() == null ? null : readSchema(options.getRecordSchema());
    return switch (scheme) {
      case DIRECTORY -> {
        requireDirectory(source, DirectoryWatchSource.watching(rest).watchedDirectory());
        DirectoryWatchSource directory =
            DirectoryWatchSource.watching(rest)
                .withModel(fields)
                .withSchema(schema)
                .withSchemaOrigin(
                    schema == null ? null : "that of --recordSchema " + options.getRecordSchema())
                .withPolicy(policy)
                .withPollInterval(DurationText.parse("pollInterval", options.getPollInterval()))
                .withKeyField(options.getKeyField());
        yield DirectRunner.class.equals(options.getRunner())
            ? directory.withoutRedistribution()
            : directory;
      }
      case KAFKA -> kafka(options, schema, policy);
      default ->
          throw new IllegalArgumentException(
              "--source: unknown scheme '"
                  + scheme
                  + "' in '"
                  + source
                  + "', expected dir:// or kafka://");
    };
  }

  /**
   * Refuses a watched local directory that does not exist: with {@code --recordSchema} the job
   * watched nothing until stopped, without it the error said the directory held no file "yet".
   * Locations of other file systems ({@code gs://...}) are left to Beam.
   */
  private static void requireDirectory(String source, String directory) {
    if (directory.contains("://")) {
      return;
    }
    Path path = Path.of(directory);
    if (!Files.isDirectory(path)) {
      throw new IllegalArgumentException(
          "--source "
              + source
              + ": directory "
              + directory
              + (Files.exists(path) ? " is not a directory" : " does not exist"));
    }
  }

  /** The Kafka source: values of {@code --recordSchema}, settings from {@link KafkaOptions}. */
  private static RecordSource kafka(StreamOptions options, Schema schema, EventTimePolicy policy) {
    KafkaAddress address = KafkaTopics.parse(options.getSource(), "--source");
    if (schema == null) {
      throw new IllegalArgumentException(
          "--source "
              + address
              + ": Kafka values are read with a schema file: give --recordSchema FILE.avsc");
    }
    KafkaTopics.requireExisting(address, "--source");
    KafkaOptions kafka = options.as(KafkaOptions.class);
    ReadKafkaRecords read =
        ReadKafkaRecords.from(address, schema)
            .withFormat(kafka.getKafkaFormat().payloadFormat())
            .withPolicy(policy)
            .withConsumerGroup(kafka.getKafkaGroup())
            .withStartOffset(kafka.getKafkaStartOffset());
    if (!OffsetCommits.allowed(options)) {
      LOG.warn(OffsetCommits.warning(kafka.getKafkaGroup(), kafka.getKafkaStartOffset()));
      read = read.withoutOffsetCommits();
    }
    return kafka.getKafkaTimestamps() ? read.withKafkaTimestamps() : read;
  }

  /**
   * The schema of the records {@link #forOptions} reads, found without reading them: {@code
   * --recordSchema}'s, else for {@code dir://} that of the watched directory's first file ({@link
   * DirectoryWatchSource#schema}); null when it is not known before the job runs.
   *
   * @throws IllegalArgumentException if the schema file or the directory cannot be read
   */
  public static Schema inputSchema(StreamOptions options, ModelFields fields) {
    if (options.getRecordSchema() != null) {
      return readSchema(options.getRecordSchema());
    }
    String source = options.getSource();
    String prefix = DIRECTORY + "://";
    if (source == null || !source.startsWith(prefix)) {
      return null;
    }
    return DirectoryWatchSource.watching(source.substring(prefix.length()))
        .withModel(fields)
        .schema();
  }

  /**
   * Reads an Avro record schema file from any Beam file system.
   *
   * @throws IllegalArgumentException naming the file if it holds no schema, or one of another type
   *     than a record (the records' fields are read by name)
   */
  public static Schema readSchema(String path) {
    try (InputStream in =
        Channels.newInputStream(
            FileSystems.open(FileSystems.matchSingleFileSpec(path).resourceId()))) {
      Schema schema = new Schema.Parser().parse(in);
      if (schema.getType() != Schema.Type.RECORD) {
        throw new IllegalArgumentException(
            "--recordSchema "
                + path
                + ": expected a record schema (\"type\": \"record\" with fields), got a "
                + schema.getType().getName()
                + " schema");
      }
      return schema;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "--recordSchema " + path + ": cannot read: " + e.getMessage(), e);
    } catch (org.apache.avro.SchemaParseException e) {
      throw new IllegalArgumentException(
          "--recordSchema " + path + ": not an Avro schema: " + e.getMessage(), e);
    }
  }
}
