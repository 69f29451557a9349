package org.flowimpute.infer;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process-wide ONNX Runtime state: one {@link OrtEnvironment} (never closed) and a cache of
 * sessions keyed by (model id, device, threads) with reference counting, so that every DoFn
 * instance or local imputer of the same model shares one session and the last user closes it.
 */
public final class OrtSessions {

  private static final Logger LOG = LoggerFactory.getLogger(OrtSessions.class);
  private static final Map<InferenceOptions.SessionKey, Entry> CACHE = new HashMap<>();

  private OrtSessions() {}

  /** The one environment of this process. */
  public static OrtEnvironment environment() {
    return OrtEnvironment.getEnvironment();
  }

  /**
   * A lease on the session of {@code modelId} with {@code options}; {@code modelBytes} is read only
   * when no session is cached. Close the lease when done.
   */
  public static SessionLease acquire(
      String modelId, Supplier<byte[]> modelBytes, InferenceOptions options) {
    InferenceOptions.SessionKey key = options.sessionKey(modelId);
    synchronized (CACHE) {
      Entry entry = CACHE.get(key);
      if (entry == null) {
        entry = new Entry(create(modelBytes.get(), options));
        CACHE.put(key, entry);
      }
      entry.users++;
      return new SessionLease(key, entry.session);
    }
  }

  /** Number of sessions currently open (for tests and diagnostics). */
  public static int openSessions() {
    synchronized (CACHE) {
      return CACHE.size();
    }
  }

  /** Whether a session of model {@code modelId} is open (for tests and diagnostics). */
  public static boolean isOpen(String modelId) {
    synchronized (CACHE) {
      return CACHE.keySet().stream().anyMatch(key -> key.modelId().equals(modelId));
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
            LOG.warn(
                "CUDA device {} unusable ({}); running on the CPU",
                device.cudaDevice(),
                e.getMessage());
            return;
          }
        }
        LOG.warn("no CUDA provider in this ONNX Runtime; running on the CPU");
      }
    }
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
