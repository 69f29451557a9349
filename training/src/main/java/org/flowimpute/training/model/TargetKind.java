package org.flowimpute.training.model;

/** Whether a target is a signed continuous amount (3-state sign gate + flow) or a category. */
public enum TargetKind {
  /** Continuous amount: gate negative / zero / positive, magnitude from the flow. */
  CONTINUOUS,
  /** Categorical: the gate state is the value (category index). */
  CATEGORICAL
}
