package org.flowimpute.cli;

/** The process exit codes of every {@code flowimpute} subcommand, kept in one place for scripts. */
public final class ExitCodes {
  /** The command did what was asked. */
  public static final int OK = 0;

  /** The command was well formed but failed (bad data, corrupted bundle, I/O error, ...). */
  public static final int FAILURE = 1;

  /** The command line itself was wrong (unknown option, missing parameter). */
  public static final int USAGE = 2;

  private ExitCodes() {}
}
