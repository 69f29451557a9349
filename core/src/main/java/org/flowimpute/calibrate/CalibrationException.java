package org.flowimpute.calibrate;

/**
 * A calibration that did not produce trustworthy weights: the solver never returns such weights
 * silently, it throws this (or its subclass {@link InfeasibleTargetsException}).
 */
public class CalibrationException extends RuntimeException {

  public CalibrationException(String message) {
    super(message);
  }

  public CalibrationException(String message, Throwable cause) {
    super(message, cause);
  }
}
