package org.flowimpute.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.jobmanager.JobManagerProcessSpec;
import org.apache.flink.runtime.jobmanager.JobManagerProcessUtils;
import org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils;

/**
 * A real standalone Flink session cluster on 127.0.0.1: one JobManager ({@code
 * StandaloneSessionClusterEntrypoint}) and N TaskManagers ({@code TaskManagerRunner}), each a
 * separate JVM started from the {@code lib/} directory that the {@code flowimpute-flink-cluster}
 * module assembles from Flink's module jars (flink-dist is not on Maven Central).
 *
 * <p>It exists so that the Beam pipelines are tested the way they run in production: submitted
 * through the REST endpoint ({@code --flinkMaster=127.0.0.1:PORT}) with the shaded job jar, and
 * executed in other processes with Flink's own class loading, serialization, checkpoint storage and
 * failover. Everything it writes (configuration, logs, checkpoints, temporary files) stays under
 * one work directory; every process it starts is stopped by {@link #close()} and, should the test
 * JVM exit first, by a shutdown hook.
 *
 * <p>JVM flags follow Flink 1.19's scripts: the default Java 17 {@code --add-opens}/{@code
 * --add-exports} list ({@code env.java.default-opts.all}), and the heap/metaspace/direct-memory
 * flags plus dynamic memory properties that {@code bin/taskmanager.sh} derives with {@code
 * BashJavaUtils} (computed here with the same Flink utilities).
 */
public final class LocalFlinkCluster implements AutoCloseable {

  /** Flink 1.19's {@code env.java.default-opts.all}: what Flink needs on Java 17. */
  public static final String JAVA_17_DEFAULT_OPTS =
      "--add-exports=java.base/sun.net.util=ALL-UNNAMED"
          + " --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED"
          + " --add-exports=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED"
          + " --add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED"
          + " --add-exports=jdk.compiler/com.sun.tools.javac.parser=ALL-UNNAMED"
          + " --add-exports=jdk.compiler/com.sun.tools.javac.tree=ALL-UNNAMED"
          + " --add-exports=jdk.compiler/com.sun.tools.javac.util=ALL-UNNAMED"
          + " --add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED"
          + " --add-opens=java.base/java.lang=ALL-UNNAMED"
          + " --add-opens=java.base/java.net=ALL-UNNAMED"
          + " --add-opens=java.base/java.io=ALL-UNNAMED"
          + " --add-opens=java.base/java.nio=ALL-UNNAMED"
          + " --add-opens=java.base/sun.nio.ch=ALL-UNNAMED"
          + " --add-opens=java.base/java.lang.reflect=ALL-UNNAMED"
          + " --add-opens=java.base/java.text=ALL-UNNAMED"
          + " --add-opens=java.base/java.time=ALL-UNNAMED"
          + " --add-opens=java.base/java.util=ALL-UNNAMED"
          + " --add-opens=java.base/java.util.concurrent=ALL-UNNAMED"
          + " --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED"
          + " --add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED";

  private static final String JOB_MANAGER_MAIN =
      "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
  private static final String TASK_MANAGER_MAIN =
      "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";

  private final Path flinkLib;
  private final Path workDir;
  private final int taskManagerCount;
  private final int slotsPerTaskManager;
  private final Duration startupTimeout;
  private final Map<String, String> extraConfig;

  private final List<Process> processes = new ArrayList<>();
  private final List<Process> taskManagers = new ArrayList<>();
  private Process jobManager;
  private Thread shutdownHook;
  private int restPort;
  private FlinkRest rest;

  private LocalFlinkCluster(
      Path flinkLib,
      Path workDir,
      int taskManagerCount,
      int slotsPerTaskManager,
      Duration startupTimeout,
      Map<String, String> extraConfig) {
    this.flinkLib = flinkLib;
    this.workDir = workDir;
    this.taskManagerCount = taskManagerCount;
    this.slotsPerTaskManager = slotsPerTaskManager;
    this.startupTimeout = startupTimeout;
    this.extraConfig = extraConfig;
  }

  /** A cluster of 2 TaskManagers with 2 slots each, using {@code flinkLib} and {@code workDir}. */
  public static LocalFlinkCluster of(Path flinkLib, Path workDir) {
    return new LocalFlinkCluster(
        flinkLib, workDir, 2, 2, Duration.ofSeconds(150), new LinkedHashMap<>());
  }

  /** The same cluster with one more configuration entry (overrides the defaults). */
  public LocalFlinkCluster withConfig(String key, String value) {
    Map<String, String> config = new LinkedHashMap<>(extraConfig);
    config.put(key, value);
    return new LocalFlinkCluster(
        flinkLib, workDir, taskManagerCount, slotsPerTaskManager, startupTimeout, config);
  }

  /**
   * Writes the configuration, starts the JobManager and the TaskManagers, and returns once the REST
   * endpoint reports all TaskManagers registered. On failure every started process is stopped.
   */
  public LocalFlinkCluster start() throws IOException, InterruptedException {
    if (!Files.isDirectory(flinkLib)) {
      throw new IllegalStateException(
          "Flink lib directory " + flinkLib + " is missing: build deploy/flink-cluster first");
    }
    Files.createDirectories(workDir);
    Path confDir = writeConfiguration();
    shutdownHook = new Thread(this::stopProcesses, "local-flink-cluster-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    try {
      Configuration config = readBack(confDir);
      jobManager = launch("jobmanager", JOB_MANAGER_MAIN, confDir, jobManagerMemoryArgs(config));
      rest = new FlinkRest(restPort);
      for (int i = 1; i <= taskManagerCount; i++) {
        taskManagers.add(
            launch("taskmanager-" + i, TASK_MANAGER_MAIN, confDir, taskManagerMemoryArgs(config)));
      }
      awaitStarted();
      return this;
    } catch (IOException | InterruptedException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /** The {@code --flinkMaster} value for Beam's FlinkRunner: {@code 127.0.0.1:restPort}. */
  public String flinkMaster() {
    return "127.0.0.1:" + restPort;
  }

  /** A client of this cluster's REST API. */
  public FlinkRest rest() {
    return rest;
  }

  /** The PIDs of the JobManager and TaskManager processes still alive. */
  public List<Long> livePids() {
    return processes.stream().filter(Process::isAlive).map(Process::pid).toList();
  }

  /** Kills TaskManager {@code index} (1-based) with SIGKILL, as a machine failure would. */
  public void killTaskManager(int index) throws InterruptedException {
    Process taskManager = taskManagers.get(index - 1);
    taskManager.destroyForcibly();
    if (!taskManager.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("TaskManager " + index + " survived SIGKILL");
    }
  }

  private void awaitStarted() throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(startupTimeout);
    while (rest.taskManagerCountOrMinusOne() != taskManagerCount) {
      failIfDead(jobManager, "jobmanager");
      for (int i = 0; i < taskManagers.size(); i++) {
        failIfDead(taskManagers.get(i), "taskmanager-" + (i + 1));
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(
            "the cluster did not start within "
                + startupTimeout
                + "; logs in "
                + workDir.resolve("log"));
      }
      Thread.sleep(500);
    }
  }

  @Override
  public void close() {
    stopProcesses();
    if (shutdownHook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException shuttingDown) {
        // The JVM is exiting: the hook runs anyway.
      }
      shutdownHook = null;
    }
  }

  private synchronized void stopProcesses() {
    List<Process> reversed = new ArrayList<>(processes);
    java.util.Collections.reverse(reversed);
    for (Process process : reversed) {
      process.descendants().forEach(ProcessHandle::destroy);
      process.destroy();
    }
    for (Process process : reversed) {
      try {
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          process.waitFor(15, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  private void failIfDead(Process process, String name) throws IOException {
    if (process.isAlive()) {
      return;
    }
    Path out = workDir.resolve("log").resolve(name + ".out");
    List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
    String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    throw new IllegalStateException(
        name + " exited with code " + process.exitValue() + "; last output:\n" + tail);
  }

  private Path writeConfiguration() throws IOException {
    Path confDir = workDir.resolve("conf");
    Files.createDirectories(confDir);
    for (String dir : List.of("log", "tmp", "checkpoints", "savepoints", "web", "blobs")) {
      Files.createDirectories(workDir.resolve(dir));
    }
    restPort = freePort();
    Map<String, String> config = new LinkedHashMap<>();
    config.put("env.java.default-opts.all", JAVA_17_DEFAULT_OPTS);
    config.put("jobmanager.rpc.address", "127.0.0.1");
    config.put("jobmanager.rpc.port", Integer.toString(freePort()));
    config.put("jobmanager.bind-host", "127.0.0.1");
    config.put("jobmanager.memory.process.size", "1024m");
    config.put("jobmanager.execution.failover-strategy", "region");
    config.put("taskmanager.host", "127.0.0.1");
    config.put("taskmanager.bind-host", "127.0.0.1");
    config.put("taskmanager.numberOfTaskSlots", Integer.toString(slotsPerTaskManager));
    config.put("taskmanager.memory.process.size", "1280m");
    config.put("rest.address", "127.0.0.1");
    config.put("rest.bind-address", "127.0.0.1");
    config.put("rest.port", Integer.toString(restPort));
    config.put("parallelism.default", "2");
    config.put("cluster.evenly-spread-out-slots", "true");
    config.put("heartbeat.interval", "2000");
    config.put("heartbeat.timeout", "10000");
    config.put("restart-strategy.type", "fixed-delay");
    config.put("restart-strategy.fixed-delay.attempts", "30");
    config.put("restart-strategy.fixed-delay.delay", "2 s");
    config.put("state.backend.type", "hashmap");
    config.put("state.checkpoints.dir", workDir.resolve("checkpoints").toUri().toString());
    config.put("state.savepoints.dir", workDir.resolve("savepoints").toUri().toString());
    config.put("io.tmp.dirs", workDir.resolve("tmp").toString());
    config.put("web.tmpdir", workDir.resolve("web").toString());
    config.put("blob.storage.directory", workDir.resolve("blobs").toString());
    // ONNX Runtime is in lib/ (as in the Docker image): one native library per TaskManager JVM.
    config.put("classloader.parent-first-patterns.additional", "ai.onnxruntime.");
    config.putAll(extraConfig);
    StringBuilder yaml = new StringBuilder("# Generated by LocalFlinkCluster (Flink 1.19).\n");
    config.forEach((key, value) -> yaml.append(key).append(": \"").append(value).append("\"\n"));
    Files.writeString(confDir.resolve("config.yaml"), yaml.toString(), StandardCharsets.UTF_8);
    Files.writeString(confDir.resolve("log4j.properties"), log4jProperties());
    return confDir;
  }

  private static Configuration readBack(Path confDir) {
    return org.apache.flink.configuration.GlobalConfiguration.loadConfiguration(confDir.toString());
  }

  private static List<String> jobManagerMemoryArgs(Configuration config) {
    JobManagerProcessSpec spec =
        JobManagerProcessUtils.processSpecFromConfigWithNewOptionToInterpretLegacyHeap(
            config, JobManagerOptions.TOTAL_PROCESS_MEMORY);
    List<String> args = new ArrayList<>(split(ProcessMemoryUtils.generateJvmParametersStr(spec)));
    args.add("|");
    args.addAll(split(JobManagerProcessUtils.generateDynamicConfigsStr(spec)));
    return args;
  }

  private static List<String> taskManagerMemoryArgs(Configuration config) {
    TaskExecutorProcessSpec spec =
        TaskExecutorProcessUtils.processSpecFromConfig(
            TaskExecutorProcessUtils.getConfigurationMapLegacyTaskManagerHeapSizeToConfigOption(
                config, TaskManagerOptions.TOTAL_PROCESS_MEMORY));
    List<String> args = new ArrayList<>(split(ProcessMemoryUtils.generateJvmParametersStr(spec)));
    args.add("|");
    args.addAll(split(TaskExecutorProcessUtils.generateDynamicConfigsStr(spec)));
    return args;
  }

  /**
   * Starts one Flink process. {@code memoryArgs} holds JVM flags, a "|" separator, then the
   * program's dynamic properties ("-D", "key=value" pairs).
   */
  private Process launch(String name, String mainClass, Path confDir, List<String> memoryArgs)
      throws IOException {
    int separator = memoryArgs.indexOf("|");
    Path logDir = workDir.resolve("log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(memoryArgs.subList(0, separator));
    command.addAll(split(JAVA_17_DEFAULT_OPTS));
    command.addAll(split(extraConfig.getOrDefault("env.java.opts.all", "")));
    command.add("-Djava.io.tmpdir=" + workDir.resolve("tmp"));
    command.add("-Dlog.file=" + logDir.resolve(name + ".log"));
    command.add("-Dlog4j.configurationFile=" + confDir.resolve("log4j.properties").toUri());
    command.add("-classpath");
    command.add(flinkLib.toAbsolutePath() + "/*");
    command.add(mainClass);
    command.add("--configDir");
    command.add(confDir.toString());
    if (mainClass.equals(JOB_MANAGER_MAIN)) {
      command.add("--executionMode");
      command.add("cluster");
    }
    command.addAll(memoryArgs.subList(separator + 1, memoryArgs.size()));
    Files.writeString(logDir.resolve(name + ".cmd"), String.join(" ", command) + "\n");
    Process process =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(logDir.resolve(name + ".out").toFile())
            .start();
    processes.add(process);
    return process;
  }

  private static List<String> split(String flags) {
    return Arrays.stream(flags.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String log4jProperties() {
    return String.join(
        "\n",
        "rootLogger.level = INFO",
        "rootLogger.appenderRef.file.ref = MainAppender",
        "logger.pekko.name = org.apache.pekko",
        "logger.pekko.level = WARN",
        "logger.netty.name = org.apache.flink.shaded.netty4",
        "logger.netty.level = WARN",
        "appender.main.name = MainAppender",
        "appender.main.type = File",
        "appender.main.append = true",
        "appender.main.fileName = ${sys:log.file}",
        "appender.main.layout.type = PatternLayout",
        "appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n",
        "");
  }
}
