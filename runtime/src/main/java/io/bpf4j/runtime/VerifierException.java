package io.bpf4j.runtime;

/**
 * The kernel verifier rejected a program. Carries the verifier's whole log, a short summary (the
 * reason and the last instructions) and, when the object has line info, the Java (or C) source
 * location of the instruction the verifier stopped at.
 */
public final class VerifierException extends BpfException {
  private final String program;
  private final String log;
  private final String summary;
  private final String sourceLocation;
  private final long logTrueSize;

  public VerifierException(
      int errno, String program, String log, String summary, String sourceLocation) {
    this(errno, program, log, summary, sourceLocation, 0);
  }

  /**
   * As above; {@code logTrueSize} is the size the whole log had, as the kernel (6.4+) reports it, 0
   * when unknown.
   */
  public VerifierException(
      int errno,
      String program,
      String log,
      String summary,
      String sourceLocation,
      long logTrueSize) {
    super(errno, message(program, summary, sourceLocation));
    this.program = program;
    this.log = log;
    this.summary = summary;
    this.sourceLocation = sourceLocation;
    this.logTrueSize = logTrueSize;
  }

  private static String message(String program, String summary, String location) {
    return "the kernel verifier rejected program "
        + program
        + (location == null ? "" : " at " + location)
        + ": "
        + summary;
  }

  public String program() {
    return program;
  }

  /**
   * The verifier's log: all of it when it fits in 16 MiB, else its last 16 MiB, which hold the
   * reason (a program that runs the verifier through its million-instruction budget writes logs of
   * a hundred megabytes; see {@link #logTrueSize()}).
   */
  public String log() {
    return log;
  }

  /**
   * The size in bytes the whole verifier log had, as the kernel reports it (Linux 6.4+); 0 when the
   * kernel did not say.
   */
  public long logTrueSize() {
    return logTrueSize;
  }

  /** The reason, with the source line, in a few lines. */
  public String summary() {
    return summary;
  }

  /**
   * {@code File.java:line} of the failing instruction, or null when the object has no line info.
   */
  public String sourceLocation() {
    return sourceLocation;
  }
}
