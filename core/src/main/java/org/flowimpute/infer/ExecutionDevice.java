package org.flowimpute.infer;

import java.math.BigInteger;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where ONNX Runtime runs a model: the CPU (default), a given CUDA device (fails fast when CUDA is
 * not available), or "auto" (CUDA device 0 when available, otherwise the CPU with a warning).
 *
 * @param kind cpu, cuda or auto
 * @param cudaDevice CUDA device index (cuda and auto)
 */
public record ExecutionDevice(Kind kind, int cudaDevice) {

  private static final Pattern WHOLE_NUMBER = Pattern.compile("[+-]?[0-9]+");

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

  /**
   * Parses the value of {@code --device}: {@code cpu}, {@code cuda}, {@code cuda:N} or {@code auto}
   * (any case).
   *
   * @throws IllegalArgumentException naming {@code --device} and the value as given, e.g. {@code
   *     --device 'cuda:-1': the CUDA device index must be between 0 and 2147483647}
   */
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
      return new ExecutionDevice(Kind.CUDA, cudaIndex(text, value.substring(5)));
    }
    throw new IllegalArgumentException(
        "--device '" + text + "': expected cpu, cuda, cuda:<index> or auto");
  }

  private static int cudaIndex(String text, String index) {
    if (!WHOLE_NUMBER.matcher(index).matches()) {
      throw new IllegalArgumentException(
          "--device '" + text + "': expected cuda:<index> with a whole number index, e.g. cuda:0");
    }
    BigInteger number = new BigInteger(index);
    if (number.signum() < 0 || number.compareTo(BigInteger.valueOf(Integer.MAX_VALUE)) > 0) {
      throw new IllegalArgumentException(
          "--device '"
              + text
              + "': the CUDA device index must be between 0 and "
              + Integer.MAX_VALUE);
    }
    return number.intValueExact();
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
