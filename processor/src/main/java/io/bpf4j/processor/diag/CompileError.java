package io.bpf4j.processor.diag;

/**
 * A problem in the user's BPF code, found while compiling a method: reported by javac on {@link
 * #line()} of the class's source file.
 */
public final class CompileError extends RuntimeException {
  private final int line;

  public CompileError(int line, String message) {
    super(message);
    this.line = line;
  }

  /** The Java source line, or 0 when unknown (the error then points at the method). */
  public int line() {
    return line;
  }
}
