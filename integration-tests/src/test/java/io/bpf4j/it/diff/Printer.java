package io.bpf4j.it.diff;

/** Java source text with two-space indentation, one statement per line. */
final class Printer {
  private final StringBuilder out = new StringBuilder();
  private int indent;
  private boolean lineStarted;

  /** Continues the current line (starting it, indented, if needed). */
  Printer text(String s) {
    if (!lineStarted) {
      out.append("  ".repeat(indent));
      lineStarted = true;
    }
    out.append(s);
    return this;
  }

  /** A whole line. */
  Printer line(String s) {
    text(s);
    return end();
  }

  /** Ends the current line, if one is started. */
  Printer end() {
    if (lineStarted) {
      out.append('\n');
      lineStarted = false;
    }
    return this;
  }

  /** {@code {} and a deeper indent. */
  Printer open() {
    text("{");
    end();
    indent++;
    return this;
  }

  /** {@code }} at the outer indent, leaving the line open for {@code else}. */
  Printer close() {
    end();
    indent--;
    text("}");
    return this;
  }

  Printer indent(int delta) {
    indent += delta;
    return this;
  }

  @Override
  public String toString() {
    end();
    return out.toString();
  }
}
