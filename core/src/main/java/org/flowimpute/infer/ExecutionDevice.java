package org.flowimpute.infer;

import java.util.Locale;

/**
 * Where ONNX Runtime runs a model: the CPU (default), a given CUDA device (fails fast when CUDA is
 * not available), or "auto" (CUDA device 0 when available, otherwise the CPU with a warning).
 *
 * @param kind cpu, cuda or auto
 * @param cudaDevice CUDA device index (cuda and auto)
 */
public record ExecutionDevice(Kind kind, int cudaDevice) {

  /** The device families. */
  public enum Kind {
    CPU,
    CUDA,
    AUTO
  }

  public ExecutionDevice {
    if (cudaDevice < 0) {
      throw new IllegalArgumentException("CUDA device index must be >= 0, got " + cudaDevice);
    }
  }

  /** The CPU. */
  public static ExecutionDevice cpu() {
    return new ExecutionDevice(Kind.CPU, 0);
  }

  /** Parses {@code cpu}, {@code cuda}, {@code cuda:N} or {@code auto}. */
  public static ExecutionDevice parse(String text) {
    String value = text.trim().toLowerCase(Locale.ROOT);
    if (value.equals("cpu")) {
      return cpu();
    }
    if (value.equals("auto")) {
      return new ExecutionDevice(Kind.AUTO, 0);
    }
    if (value.equals("cuda")) {
      return new ExecutionDevice(Kind.CUDA, 0);
    }
    if (value.startsWith("cuda:")) {
      try {
        return new ExecutionDevice(Kind.CUDA, Integer.parseInt(value.substring(5)));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("device '" + text + "': expected cuda:<index>", e);
      }
    }
    throw new IllegalArgumentException(
        "device '" + text + "': expected cpu, cuda, cuda:<index> or auto");
  }

  @Override
  public String toString() {
    return switch (kind) {
      case CPU -> "cpu";
      case AUTO -> "auto";
      case CUDA -> "cuda:" + cudaDevice;
    };
  }
}
