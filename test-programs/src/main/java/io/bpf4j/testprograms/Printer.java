package io.bpf4j.testprograms;

import java.util.function.IntConsumer;

/**
 * Java source text with two-space indentation, one statement per line. It counts lines, so that a
 * test can tell on which line it printed something, and lets a test print into {@link Stmt.Hole}s.
 */
public final class Printer {
  private final StringBuilder out = new StringBuilder();
  private int indent;
  private boolean lineStarted;
  private int lines;
  private IntConsumer holes = id -> {};

  /** Calls {@code filler} with each hole's id where the hole is printed (nothing by default). */
  public Printer fillHoles(IntConsumer filler) {
    this.holes = filler;
    return this;
  }

  /** Continues the current line (starting it, indented, if needed). */
  public Printer text(String s) {
    if (!lineStarted) {
      out.append("  ".repeat(indent));
      lineStarted = true;
    }
    out.append(s);
    return this;
  }

  /** A whole line. */
  public Printer line(String s) {
    text(s);
    return end();
  }

  /** Ends the current line, if one is started. */
  public Printer end() {
    if (lineStarted) {
      out.append('\n');
      lineStarted = false;
      lines++;
    }
    return this;
  }

  /** {@code {} and a deeper indent. */
  public Printer open() {
    text("{");
    end();
    indent++;
    return this;
  }

  /** {@code }} at the outer indent, leaving the line open for {@code else}. */
  public Printer close() {
    end();
    indent--;
    text("}");
    return this;
  }

  public Printer indent(int delta) {
    indent += delta;
    return this;
  }

  /** The number of the line being printed, or of the next one (1-based). */
  public int lineNumber() {
    return lines + 1;
  }

  void hole(int id) {
    holes.accept(id);
  }

  @Override
  public String toString() {
    end();
    return out.toString();
  }
}
