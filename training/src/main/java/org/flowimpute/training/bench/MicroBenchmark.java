package org.flowimpute.training.bench;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.bundle.MagnitudeTransform;
import org.flowimpute.encode.ConditionEncoder;
import org.flowimpute.encode.FieldValues;
import org.flowimpute.evaluation.Baselines;
import org.flowimpute.evaluation.CategoryErrorNoise;
import org.flowimpute.evaluation.CorrelationPairs;
import org.flowimpute.evaluation.ModelDraws;
import org.flowimpute.evaluation.TargetTable;
import org.flowimpute.infer.BatchImputer;
import org.flowimpute.infer.InferenceOptions;
import org.flowimpute.training.data.BundleTrainer;
import org.flowimpute.training.data.TrainingColumns;
import org.flowimpute.training.fit.TrainingListener;
import org.flowimpute.training.fit.TrainingSettings;
import org.flowimpute.training.model.Architecture;
import org.flowimpute.training.onnx.ReferenceMlp;

/**
 * The micro benchmark in one run: trains on a split, generates targets for the test conditions
 * through ONNX Runtime R times (draw d as {@code generate --seed seed+d}), and prints fidelity
 * metrics as mean ± sd over the draws for the model beside an unconditional resampling floor and a
 * hot-deck baseline (R draws each) computed in the same run, the sampling-noise level of the
 * per-category error, plus fit seconds per epoch and generation rows/s against micro's 21–47 k
 * rows/s.
 */
public final class MicroBenchmark {

  /** micro's generate speed on these machines (rows/s), from the benchmark README. */
  public static final double MICRO_ROWS_PER_SECOND_LOW = 21_000;

  public static final double MICRO_ROWS_PER_SECOND_HIGH = 47_000;

  /** Default number of generation draws the metrics are averaged over. */
  public static final int DEFAULT_DRAWS = 50;

  /** Resampled pairs behind the sampling-noise level of the per-category error. */
  static final int NOISE_PAIRS = 400;

  private final Architecture architecture;
  private final TrainingSettings settings;
  private final PrintWriter out;
  private final int draws;
  private final int aucDraws;
  private final double clipFactor;

  /**
   * The benchmark of {@code architecture} trained with {@code settings}, printed to {@code out}:
   * {@link #DEFAULT_DRAWS} draws, the AUC on the first, the default magnitude cap.
   */
  public MicroBenchmark(Architecture architecture, TrainingSettings settings, PrintWriter out) {
    this(architecture, settings, out, DEFAULT_DRAWS, 1, MagnitudeTransform.DEFAULT_CLIP_FACTOR);
  }

  private MicroBenchmark(
      Architecture architecture,
      TrainingSettings settings,
      PrintWriter out,
      int draws,
      int aucDraws,
      double clipFactor) {
    if (!(clipFactor >= 1) || Double.isInfinite(clipFactor)) {
      throw new IllegalArgumentException(
          "--clip-factor must be a finite number >= 1, got " + clipFactor);
    }
    if (draws < 1) {
      throw new IllegalArgumentException("--draws must be >= 1, got " + draws);
    }
    if (aucDraws < 0 || aucDraws > draws) {
      throw new IllegalArgumentException(
          "--auc-draws must be between 0 and --draws (" + draws + "), got " + aucDraws);
    }
    this.architecture = architecture;
    this.settings = settings;
    this.out = out;
    this.draws = draws;
    this.aucDraws = aucDraws;
    this.clipFactor = clipFactor;
  }

  /**
   * Metrics averaged over {@code value} generation draws (draw d = {@code generate --seed seed+d});
   * the floor and the hot-deck get as many draws.
   */
  public MicroBenchmark withDraws(int value) {
    return new MicroBenchmark(
        architecture, settings, out, value, Math.min(aucDraws, value), clipFactor);
  }

  /** Discriminator AUC on the first {@code value} draws only (it is the slow metric). */
  public MicroBenchmark withAucDraws(int value) {
    return new MicroBenchmark(architecture, settings, out, draws, value, clipFactor);
  }

  /** Trains with imputed magnitudes capped at {@code value} x the largest training magnitude. */
  public MicroBenchmark withClipFactor(double value) {
    return new MicroBenchmark(architecture, settings, out, draws, aucDraws, value);
  }

  /** Rows generated to measure speed (test contexts repeated, distinct keys). */
  static final int SPEED_ROWS = 200_000;

  /**
   * Timed generation calls of {@link #SPEED_ROWS} rows, after as many untimed ones; the median rate
   * counts. A single timed call after a short warm-up measured mostly how far the JIT had got (the
   * simple split's rate spread 2.5× between runs); micro's own benchmark also reports the median of
   * repeated calls after a warm-up.
   */
  static final int TIMED_CALLS = 3;

  /**
   * Generation rows/s with per-record noise, of the ONNX graph alone and of the yardstick MLP, each
   * per wall-clock second and per CPU second of the calling thread (with 1 intra-op thread ONNX
   * Runtime runs on the caller, so CPU time leaves out the time other processes held the core).
   */
  record Speed(Rate withNoise, Rate graphOnly, Rate referenceMlp) {}

  /** Rows per wall-clock second and per CPU second of the calling thread. */
  record Rate(double wall, double cpu) {

    /** Runs {@code work} (which processes {@code rows} rows) and times it. */
    static Rate of(int rows, Runnable work) {
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      long cpuStart = threads.getCurrentThreadCpuTime();
      long wallStart = System.nanoTime();
      work.run();
      long wall = System.nanoTime() - wallStart;
      long cpu = threads.getCurrentThreadCpuTime() - cpuStart;
      return new Rate(rows / (wall / 1e9), rows / (cpu / 1e9));
    }

    /**
     * Runs {@code work} {@link #TIMED_CALLS} times untimed, then as many times timed; the median
     * wall-clock and the median CPU rate of the timed runs.
     */
    static Rate medianOf(int rows, Runnable work) {
      for (int call = 0; call < TIMED_CALLS; call++) {
        work.run();
      }
      double[] wall = new double[TIMED_CALLS];
      double[] cpu = new double[TIMED_CALLS];
      for (int call = 0; call < TIMED_CALLS; call++) {
        Rate rate = of(rows, work);
        wall[call] = rate.wall();
        cpu[call] = rate.cpu();
      }
      Arrays.sort(wall);
      Arrays.sort(cpu);
      return new Rate(wall[TIMED_CALLS / 2], cpu[TIMED_CALLS / 2]);
    }
  }

  private Speed speed(BatchImputer imputer, float[] contexts, int rows, int width, int dims) {
    float[] tiled = new float[SPEED_ROWS * width];
    List<String> keys = new ArrayList<>(SPEED_ROWS);
    for (int r = 0; r < SPEED_ROWS; r++) {
      System.arraycopy(contexts, (r % rows) * width, tiled, r * width, width);
      keys.add("speed-" + r);
    }
    Rate withNoise = Rate.medianOf(SPEED_ROWS, () -> imputer.impute(tiled, keys, settings.seed()));
    float[] uniforms = new float[SPEED_ROWS * imputer.gates()];
    float[] normals = new float[SPEED_ROWS * dims];
    Arrays.fill(uniforms, 0.5f);
    Rate graphOnly =
        Rate.medianOf(
            SPEED_ROWS, () -> imputer.imputeWithNoise(tiled, uniforms, normals, SPEED_ROWS));
    return new Speed(withNoise, graphOnly, referenceMlpRate());
  }

  /** Rows/s of {@link ReferenceMlp} through ONNX Runtime, 1 thread, batch 256, right now. */
  private static Rate referenceMlpRate() {
    ai.onnxruntime.OrtEnvironment environment = ai.onnxruntime.OrtEnvironment.getEnvironment();
    float[] batch = new float[256 * ReferenceMlp.WIDTH];
    Arrays.fill(batch, 0.1f);
    int calls = 2_000;
    try (ai.onnxruntime.OrtSession.SessionOptions options =
            new ai.onnxruntime.OrtSession.SessionOptions();
        ai.onnxruntime.OrtSession session = createSession(environment, options)) {
      for (int call = 0; call < 200; call++) {
        runReferenceMlp(environment, session, batch);
      }
      return Rate.of(
          calls * 256,
          () -> {
            for (int call = 0; call < calls; call++) {
              runReferenceMlp(environment, session, batch);
            }
          });
    } catch (ai.onnxruntime.OrtException e) {
      throw new IllegalStateException("reference MLP failed: " + e.getMessage(), e);
    }
  }

  private static void runReferenceMlp(
      ai.onnxruntime.OrtEnvironment environment, ai.onnxruntime.OrtSession session, float[] batch) {
    try (ai.onnxruntime.OnnxTensor x =
            ai.onnxruntime.OnnxTensor.createTensor(
                environment,
                java.nio.FloatBuffer.wrap(batch),
                new long[] {256, ReferenceMlp.WIDTH});
        ai.onnxruntime.OrtSession.Result result = session.run(Map.of(ReferenceMlp.INPUT, x))) {
      ((ai.onnxruntime.OnnxTensor) result.get(0)).getFloatBuffer();
    } catch (ai.onnxruntime.OrtException e) {
      throw new IllegalStateException("reference MLP failed: " + e.getMessage(), e);
    }
  }

  private static ai.onnxruntime.OrtSession createSession(
      ai.onnxruntime.OrtEnvironment environment, ai.onnxruntime.OrtSession.SessionOptions options)
      throws ai.onnxruntime.OrtException {
    options.setIntraOpNumThreads(1);
    return environment.createSession(ReferenceMlp.bytes(), options);
  }

  /** What one method produced for the test rows: {@code [draw][row][k]}. */
  record Method(String name, double[][][] draws) {}

  /** Runs one split and prints its report; returns the model's metrics. */
  public Report run(BenchmarkSplit split, TrainingListener listener) {
    TrainingColumns columns = split.columns();
    long fitStart = System.nanoTime();
    BundleTrainer.TrainedBundle bundle =
        split.trainBundle(architecture, settings, clipFactor, listener);
    double fitSeconds = (System.nanoTime() - fitStart) / 1e9;

    List<GenericRecord> test = split.test();
    int rows = test.size();
    int k = columns.targets().size();
    ConditionEncoder encoder = ConditionEncoder.of(bundle.manifest());
    float[] contexts = new float[rows * encoder.width()];
    for (int r = 0; r < rows; r++) {
      encoder.encode(test.get(r), "row " + (r + 1), contexts, r * encoder.width());
    }
    InferenceOptions options = InferenceOptions.defaults().withIntraOpThreads(1).withBatchSize(256);
    Speed speed;
    try (BatchImputer imputer = BatchImputer.open(bundle.manifest(), bundle::onnx, options)) {
      speed =
          speed(
              imputer,
              contexts,
              rows,
              encoder.width(),
              bundle.manifest().continuousTargets().size());
    }
    List<String> groupColumns =
        Stream.concat(split.cellColumns().stream(), Stream.of(split.categoryColumn()))
            .distinct()
            .toList();
    TargetTable testTable = TargetTable.of(test, columns.targets(), null, groupColumns, "test");
    Baselines baselines =
        Baselines.from(
            TargetTable.of(split.train(), columns.targets(), null, split.cellColumns(), "train"),
            split.cellColumns());
    double[][] real = testTable.values();
    double[][] conditions = new double[rows][];
    for (int r = 0; r < rows; r++) {
      conditions[r] = conditionFeatures(test.get(r), columns);
    }
    List<Method> methods =
        List.of(
            new Method(
                "model (" + architecture.flow().name().toLowerCase(Locale.ROOT) + ")",
                ModelDraws.of(
                    bundle.manifest(),
                    bundle::onnx,
                    test,
                    columns.targets(),
                    draws,
                    settings.seed())),
            new Method(
                "unconditional floor",
                baselines.unconditionalDraws(testTable, draws, settings.seed() + 1)),
            new Method("hot-deck", baselines.hotDeckDraws(testTable, draws, settings.seed() + 2)));
    String[] category = testTable.groups().get(split.categoryColumn());

    out.printf(
        Locale.ROOT,
        "%n== split %s: %d train rows, %d test rows, %d targets ==%n",
        split.name(),
        split.train().size(),
        rows,
        k);
    out.printf(
        Locale.ROOT,
        "fit: %.1f s, %d epochs (best %d), %.2f s/epoch%n",
        fitSeconds,
        bundle.summary().epochsRun(),
        Math.max(bundle.summary().bestGateEpoch(), bundle.summary().bestFlowEpoch()),
        bundle.summary().secondsPerEpoch());
    double rowsPerSecond = speed.withNoise().wall();
    out.printf(
        Locale.ROOT,
        "generate %d rows (ORT, 1 thread, batch 256): %.0f rows/s incl. per-record noise = %.1f-%.1fx"
            + " micro's 21-47 k rows/s; ONNX graph alone %.0f rows/s%n",
        SPEED_ROWS,
        rowsPerSecond,
        rowsPerSecond / MICRO_ROWS_PER_SECOND_HIGH,
        rowsPerSecond / MICRO_ROWS_PER_SECOND_LOW,
        speed.graphOnly().wall());
    out.printf(
        Locale.ROOT,
        "  machine yardstick in the same run: plain MLP 16-64-64-8 through ORT (1 thread, batch 256)"
            + " %.0f rows/s (STACK.md, idle machine: 1.4-2.0 M rows/s); model incl. noise = %.3f x"
            + " yardstick%n",
        speed.referenceMlp().wall(),
        rowsPerSecond / speed.referenceMlp().wall());
    out.printf(
        Locale.ROOT,
        "  per CPU second of the generating thread (what an idle core would give): %.0f rows/s incl."
            + " noise = %.1f-%.1fx micro, graph alone %.0f, yardstick %.0f%n",
        speed.withNoise().cpu(),
        speed.withNoise().cpu() / MICRO_ROWS_PER_SECOND_HIGH,
        speed.withNoise().cpu() / MICRO_ROWS_PER_SECOND_LOW,
        speed.graphOnly().cpu(),
        speed.referenceMlp().cpu());
    Map<String, DrawnFidelity> fidelity = new LinkedHashMap<>();
    for (Method method : methods) {
      fidelity.put(
          method.name(), DrawnFidelity.of(real, method.draws(), category, conditions, aucDraws));
    }
    CategoryErrorNoise.Level noise =
        CategoryErrorNoise.of(category, real, NOISE_PAIRS, settings.seed() + 3);
    double[] redraw = DrawnFidelity.redrawCategoryError(methods.get(0).draws(), category);
    FidelityTable table = new FidelityTable(out, draws, aucDraws, split.categoryColumn());
    table.print(columns.targets(), fidelity, noise, redraw);
    Map<String, CorrelationPairs> pairs = new LinkedHashMap<>();
    for (Method method : methods) {
      pairs.put(method.name(), CorrelationPairs.of(real, method.draws()));
    }
    table.printPairs(columns.targets(), pairs);
    DrawnFidelity model = fidelity.get(methods.get(0).name());
    return new Report(
        model.mean(DrawnFidelity.Metric.KS),
        model.mean(DrawnFidelity.Metric.ZERO),
        model.mean(DrawnFidelity.Metric.NEGATIVE),
        model.mean(DrawnFidelity.Metric.CORRELATION),
        model.mean(DrawnFidelity.Metric.CATEGORY),
        model.mean(DrawnFidelity.Metric.POOLED),
        model.mean(DrawnFidelity.Metric.AUC),
        noise.meanError(),
        bundle.summary().secondsPerEpoch(),
        rowsPerSecond);
  }

  /**
   * The model's metrics, means over the generation draws (AUC over the AUC draws), plus the
   * sampling-noise level of the per-category error and speed.
   */
  public record Report(
      double ks,
      double zeroError,
      double negativeError,
      double correlationError,
      double categoryError,
      double pooledCategoryError,
      double auc,
      double categoryErrorNoise,
      double secondsPerEpoch,
      double rowsPerSecond) {}

  /** Conditions as numbers for the discriminator (categories by their integer code or hash). */
  private static double[] conditionFeatures(GenericRecord record, TrainingColumns columns) {
    double[] out = new double[columns.conditions().size()];
    for (int c = 0; c < out.length; c++) {
      String name = columns.conditions().get(c);
      Object value = record.get(name);
      out[c] =
          value instanceof Number n
              ? n.doubleValue()
              : FieldValues.category(value, "row", name).hashCode();
    }
    return out;
  }
}
