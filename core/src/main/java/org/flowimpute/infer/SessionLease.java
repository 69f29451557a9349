package org.flowimpute.infer;

import ai.onnxruntime.OrtSession;

/**
 * One user's hold on a cached session; closing it releases the hold (the session itself is closed
 * when its last lease is). Closing twice is harmless.
 */
public final class SessionLease implements AutoCloseable {

  private final InferenceOptions.SessionKey key;
  private final OrtSession session;
  private boolean closed;

  SessionLease(InferenceOptions.SessionKey key, OrtSession session) {
    this.key = key;
    this.session = session;
  }

  /** The shared session (do not close it). */
  public OrtSession session() {
    if (closed) {
      throw new IllegalStateException("session lease already closed");
    }
    return session;
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      OrtSessions.release(key);
    }
  }
}
