package org.flowimpute.infer;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.flowimpute.bundle.Sha256;

/**
 * The process-wide ONNX Runtime state: one {@link OrtEnvironment} (never closed) and a cache of
 * sessions keyed by (SHA-256 of model.onnx, device, threads) with reference counting, so that every
 * DoFn instance or local imputer of the same graph shares one session and the last user closes it.
 * The graph's bytes name the session, not its model id: a retrained bundle that kept its model id
 * ran with the replaced graph's session while that was still open.
 */
public final class OrtSessions {

  private static final Map<InferenceOptions.SessionKey, Entry> CACHE = new HashMap<>();

  private OrtSessions() {}

  /** The one environment of this process. */
  public static OrtEnvironment environment() {
    return OrtEnvironment.getEnvironment();
  }

  /**
   * A lease on the session of the graph whose SHA-256 is {@code modelSha256} (e.g. the checksum a
   * verified bundle's manifest lists) with {@code options}; {@code modelBytes} is read only when no
   * session of it is cached, and must have that SHA-256. Close the lease when done.
   *
   * @throws IllegalArgumentException if the bytes read have another SHA-256
   */
  public static SessionLease acquire(
      String modelSha256, Supplier<byte[]> modelBytes, InferenceOptions options) {
    InferenceOptions.SessionKey key = options.sessionKey(modelSha256);
    synchronized (CACHE) {
      Entry entry = CACHE.get(key);
      if (entry == null) {
        entry = new Entry(create(checked(modelSha256, modelBytes.get()), options));
        CACHE.put(key, entry);
      }
      entry.users++;
      return new SessionLease(key, entry.session);
    }
  }

  /** A lease on the session of the graph {@code modelBytes} with {@code options}. */
  public static SessionLease acquire(byte[] modelBytes, InferenceOptions options) {
    return acquire(Sha256.of(modelBytes), () -> modelBytes, options);
  }

  private static byte[] checked(String modelSha256, byte[] modelBytes) {
    String actual = Sha256.of(modelBytes);
    if (!actual.equals(modelSha256)) {
      throw new IllegalArgumentException(
          "model.onnx has SHA-256 " + actual + ", the manifest says " + modelSha256);
    }
    return modelBytes;
  }

  /** Number of sessions currently open (for tests and diagnostics). */
  public static int openSessions() {
    synchronized (CACHE) {
      return CACHE.size();
    }
  }

  /**
   * Whether a session of the graph whose SHA-256 is {@code modelSha256} is open (for tests and
   * diagnostics).
   */
  public static boolean isOpen(String modelSha256) {
    synchronized (CACHE) {
      return CACHE.keySet().stream().anyMatch(key -> key.modelSha256().equals(modelSha256));
    }
  }

  static void release(InferenceOptions.SessionKey key) {
    synchronized (CACHE) {
      Entry entry = CACHE.get(key);
      if (entry == null) {
        return;
      }
      entry.users--;
      if (entry.users == 0) {
        CACHE.remove(key);
        try {
          entry.session.close();
        } catch (OrtException e) {
          throw new IllegalStateException("closing the ONNX Runtime session failed", e);
        }
      }
    }
  }

  private static OrtSession create(byte[] model, InferenceOptions options) {
    OrtEnvironment environment = environment();
    try (OrtSession.SessionOptions sessionOptions = new OrtSession.SessionOptions()) {
      sessionOptions.setIntraOpNumThreads(options.intraOpThreads());
      sessionOptions.setInterOpNumThreads(1);
      configureDevice(sessionOptions, options.device());
      return environment.createSession(model, sessionOptions);
    } catch (OrtException e) {
      throw new GraphLoadException("ONNX Runtime could not load the model: " + e.getMessage(), e);
    }
  }

  private static void configureDevice(OrtSession.SessionOptions options, ExecutionDevice device)
      throws OrtException {
    switch (device.kind()) {
      case CPU -> {}
      case CUDA -> {
        if (!cudaAvailable()) {
          throw new IllegalStateException(
              "device "
                  + device
                  + " requested but ONNX Runtime has no CUDA provider here (use the onnxruntime_gpu"
                  + " build with CUDA 12 libraries, or --device cpu)");
        }
        options.addCUDA(device.cudaDevice());
      }
      case AUTO -> {
        if (cudaAvailable()) {
          try {
            options.addCUDA(device.cudaDevice());
            return;
          } catch (OrtException e) {
            warn(
                "CUDA device "
                    + device.cudaDevice()
                    + " unusable ("
                    + e.getMessage()
                    + "); running on the CPU");
            return;
          }
        }
        warn("no CUDA provider in this ONNX Runtime; running on the CPU");
      }
    }
  }

  /**
   * Tells the user that {@code --device auto} fell back to the CPU, as a {@code warning: ...} line
   * on stderr like the command line's other warnings (it was a logger line, {@code [main] WARN
   * org.flowimpute.infer.OrtSessions - ...}).
   */
  private static void warn(String message) {
    System.err.println("warning: --device auto: " + message);
  }

  private static boolean cudaAvailable() {
    return OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA);
  }

  private static final class Entry {
    private final OrtSession session;
    private int users;

    Entry(OrtSession session) {
      this.session = session;
    }
  }
}
