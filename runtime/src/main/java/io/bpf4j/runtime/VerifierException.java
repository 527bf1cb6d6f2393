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

  public VerifierException(
      int errno, String program, String log, String summary, String sourceLocation) {
    super(errno, message(program, summary, sourceLocation));
    this.program = program;
    this.log = log;
    this.summary = summary;
    this.sourceLocation = sourceLocation;
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

  /** The verifier's complete log. */
  public String log() {
    return log;
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
