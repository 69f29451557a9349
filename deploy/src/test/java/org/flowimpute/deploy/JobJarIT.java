package org.flowimpute.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.beans.Introspector;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.flowimpute.pipelines.options.ImputeOptions;
import org.flowimpute.pipelines.options.StreamOptions;
import org.flowimpute.pipelines.stream.DurationText;
import org.junit.jupiter.api.Test;

/**
 * Checks the shaded Flink job jar and the deployment files: the jar carries no Flink and no logging
 * backend (the cluster provides both), its service files are merged, and its Avro, Jackson,
 * protobuf and Kafka classes are exactly those of the versions the build pins (a second version
 * overwriting some classes would break at run time on the cluster, not in unit tests). The YAML and
 * JSON assets in deploy/ must parse.
 */
class JobJarIT {

  @Test
  void jobJarLeavesFlinkAndLoggingToTheCluster() throws IOException {
    try (ZipFile jar = new ZipFile(ClusterSubmitter.jobJar().toFile())) {
      List<String> forbidden =
          jar.stream()
              .map(ZipEntry::getName)
              .filter(name -> name.endsWith(".class"))
              .filter(
                  name ->
                      name.startsWith("org/apache/flink/")
                          || name.startsWith("org/slf4j/")
                          || name.startsWith("org/apache/logging/log4j/")
                          || name.startsWith("org/apache/log4j/")
                          || name.startsWith("ch/qos/logback/"))
              .limit(5)
              .toList();

      assertEquals(List.of(), forbidden);
    }
  }

  /**
   * Both product jobs and the streaming job's sources and sinks (watched directory, Kafka through
   * Beam's KafkaIO and kafka-clients) are in the jar: the cluster has only Flink in lib/.
   */
  @Test
  void jobJarHoldsBothProductJobsAndTheStreamingSourcesAndSinks() throws IOException {
    List<String> required =
        List.of(
            "org/flowimpute/pipelines/ImputePipeline.class",
            "org/flowimpute/pipelines/StreamPipeline.class",
            "org/flowimpute/pipelines/io/DirectoryWatchSource.class",
            "org/flowimpute/pipelines/io/kafka/ReadKafkaRecords.class",
            "org/flowimpute/pipelines/io/kafka/WriteKafkaRecords.class",
            "org/apache/beam/sdk/io/kafka/KafkaIO.class",
            "org/apache/kafka/clients/consumer/KafkaConsumer.class",
            "org/apache/kafka/clients/producer/KafkaProducer.class");
    try (ZipFile jar = new ZipFile(ClusterSubmitter.jobJar().toFile())) {
      assertEquals(
          List.of(), required.stream().filter(name -> jar.getEntry(name) == null).toList());
    }
  }

  @Test
  void serviceFilesOfAllDependenciesAreMerged() throws IOException {
    try (ZipFile jar = new ZipFile(ClusterSubmitter.jobJar().toFile())) {
      String runners =
          entryText(jar, "META-INF/services/org.apache.beam.sdk.runners.PipelineRunnerRegistrar");
      String fileSystems =
          entryText(jar, "META-INF/services/org.apache.beam.sdk.io.FileSystemRegistrar");

      assertTrue(
          runners.contains("org.apache.beam.runners.flink.FlinkRunnerRegistrar$Runner"), runners);
      assertTrue(
          runners.contains("org.apache.beam.runners.direct.DirectRegistrar$Runner"), runners);
      assertTrue(
          fileSystems.contains("org.apache.beam.sdk.io.LocalFileSystemRegistrar"), fileSystems);
      assertTrue(
          fileSystems.contains("org.apache.beam.sdk.extensions.gcp.storage.GcsFileSystemRegistrar"),
          fileSystems);
    }
  }

  @Test
  void avroJacksonProtobufAndKafkaClassesAreThePinnedVersions() throws IOException {
    List<String> mismatches = new ArrayList<>();
    try (ZipFile jar = new ZipFile(ClusterSubmitter.jobJar().toFile())) {
      for (String pinned : System.getProperty("flowimpute.pinnedJars").split(",")) {
        try (ZipFile library = new ZipFile(pinned)) {
          library.stream()
              .filter(entry -> entry.getName().endsWith(".class"))
              .filter(entry -> !entry.getName().startsWith("META-INF/"))
              .forEach(
                  entry -> {
                    ZipEntry shaded = jar.getEntry(entry.getName());
                    if (shaded == null || shaded.getCrc() != entry.getCrc()) {
                      mismatches.add(Path.of(pinned).getFileName() + " " + entry.getName());
                    }
                  });
        }
      }
    }

    assertEquals(List.of(), mismatches.stream().limit(10).toList());
  }

  @Test
  void deploymentYamlAndJsonFilesParse() throws IOException {
    Path deploy = Path.of(System.getProperty("flowimpute.deployDir"));
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    ObjectMapper json = new ObjectMapper();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(deploy)) {
      files =
          walk.filter(path -> !path.startsWith(deploy.resolve("target")))
              .filter(path -> !path.toString().contains("/target/"))
              .filter(path -> path.toString().matches(".*\\.(yaml|json)$"))
              .sorted()
              .toList();
    }

    for (Path file : files) {
      ObjectMapper mapper = file.toString().endsWith(".json") ? json : yaml;
      try (var parser = mapper.getFactory().createParser(file.toFile())) {
        List<JsonNode> documents = mapper.readValues(parser, JsonNode.class).readAll();
        assertTrue(!documents.isEmpty() && documents.get(0).isObject(), file + " is not a mapping");
      }
    }
    assertTrue(files.size() >= 7, "deployment files found: " + files);
  }

  /**
   * The operator mounts its own Flink configuration over the image's, so the manifests must carry
   * the JVM options of the application configuration themselves: Flink's Java 17 flags (the
   * operator's defaults have them only from 1.11 on) and the Avro caps.
   */
  @Test
  void kubernetesManifestsCarryTheJvmOptionsOfTheApplicationConfiguration() throws IOException {
    Path deploy = Path.of(System.getProperty("flowimpute.deployDir"));
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    JsonNode java =
        yaml.readTree(deploy.resolve("flink/application/config.yaml").toFile())
            .path("env")
            .path("java");
    String defaultOpts = java.path("default-opts").path("all").asText();
    String opts = java.path("opts").path("all").asText();
    assertTrue(defaultOpts.contains("--add-opens=java.base/java.util=ALL-UNNAMED"), defaultOpts);
    assertTrue(opts.contains("-Dorg.apache.avro.limits.string.maxLength="), opts);

    for (String manifest : List.of("flowimpute-batch.yaml", "flowimpute-streaming.yaml")) {
      JsonNode spec = yaml.readTree(deploy.resolve("k8s").resolve(manifest).toFile()).path("spec");
      JsonNode flink = spec.path("flinkConfiguration");
      assertEquals(defaultOpts, flink.path("env.java.default-opts.all").asText(), manifest);
      assertEquals(opts, flink.path("env.java.opts.all").asText(), manifest);
      assertEquals(
          9999,
          spec.path("podTemplate").path("spec").path("securityContext").path("fsGroup").asInt(),
          manifest + ": the Flink image's group must be able to write the shared volumes");
    }
  }

  @Test
  void dataflowStreamTemplateTakesTheWindowsTheJobTakes() throws IOException {
    Path metadata =
        Path.of(System.getProperty("flowimpute.deployDir"), "dataflow", "stream-metadata.json");
    JsonNode window = null;
    for (JsonNode parameter : new ObjectMapper().readTree(metadata.toFile()).path("parameters")) {
      if (parameter.path("name").asText().equals("window")) {
        window = parameter;
      }
    }
    assertTrue(window != null, "no window parameter in " + metadata);
    Pattern pattern = Pattern.compile(window.path("regexes").get(0).asText());

    for (String length : List.of("500ms", "30s", "5m", "2h", "1d")) {
      assertTrue(pattern.matcher(length).matches(), "the template refuses " + length);
      assertTrue(DurationText.parse("window", length).getMillis() > 0, length);
    }
    assertFalse(pattern.matcher("5x").matches(), "the template takes 5x");
  }

  /**
   * Every option the Kubernetes manifests pass and every parameter the Dataflow templates declare
   * is an option the job reads (its own or Beam's Flink runner's), with a value Beam can parse: a
   * misspelt one fails the deployed job at its start, which nothing here runs.
   */
  @Test
  void deploymentFilesNameOnlyOptionsTheJobsRead() throws IOException {
    Path deploy = Path.of(System.getProperty("flowimpute.deployDir"));
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    Map<String, Class<? extends PipelineOptions>> jobs =
        Map.of(
            "flowimpute-batch.yaml", ImputeOptions.class,
            "flowimpute-streaming.yaml", StreamOptions.class);
    for (Map.Entry<String, Class<? extends PipelineOptions>> job : jobs.entrySet()) {
      JsonNode args =
          yaml.readTree(deploy.resolve("k8s").resolve(job.getKey()).toFile())
              .path("spec")
              .path("job")
              .path("args");
      List<String> arguments = new ArrayList<>();
      args.forEach(argument -> arguments.add(argument.asText()));
      assertFalse(arguments.isEmpty(), job.getKey());
      PipelineOptionsFactory.register(job.getValue());
      PipelineOptionsFactory.register(FlinkPipelineOptions.class);
      PipelineOptionsFactory.fromArgs(arguments.toArray(String[]::new)).as(job.getValue());
    }
    Map<String, Class<? extends PipelineOptions>> templates =
        Map.of(
            "impute-metadata.json", ImputeOptions.class,
            "stream-metadata.json", StreamOptions.class);
    for (Map.Entry<String, Class<? extends PipelineOptions>> template : templates.entrySet()) {
      Set<String> properties = new HashSet<>();
      for (Method getter : template.getValue().getMethods()) {
        if (getter.getName().startsWith("get") && getter.getParameterCount() == 0) {
          properties.add(Introspector.decapitalize(getter.getName().substring(3)));
        }
      }
      Path metadata = deploy.resolve("dataflow").resolve(template.getKey());
      for (JsonNode parameter : new ObjectMapper().readTree(metadata.toFile()).path("parameters")) {
        String name = parameter.path("name").asText();
        assertTrue(properties.contains(name), name + " in " + metadata + " is no job option");
      }
    }
  }

  private static String entryText(ZipFile jar, String name) throws IOException {
    ZipEntry entry = jar.getEntry(name);
    if (entry == null) {
      throw new AssertionError(name + " missing from the job jar");
    }
    try (InputStream in = jar.getInputStream(entry)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
