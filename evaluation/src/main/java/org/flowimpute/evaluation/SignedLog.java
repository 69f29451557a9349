package org.flowimpute.evaluation;

/**
 * The signed-log scale sign(x)·log1p|x| on which amounts that span orders of magnitude, are often
 * zero and sometimes negative are compared and plotted (zero stays zero, the sign is kept).
 */
public final class SignedLog {

  private SignedLog() {}

  /** sign(x)·log1p|x|. */
  public static double of(double x) {
    return Math.signum(x) * Math.log1p(Math.abs(x));
  }

  /** Elementwise {@link #of(double)}. */
  public static double[] of(double[] values) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = of(values[i]);
    }
    return out;
  }
}
