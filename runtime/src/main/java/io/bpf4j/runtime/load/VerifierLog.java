package io.bpf4j.runtime.load;

import io.bpf4j.object.link.LineInfoRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a verifier log: the reason it gave up, the instructions just before, and the source line of
 * the failing instruction. With line info, the verifier prints {@code ; <source> @ File.java:42}
 * before the instructions of each line, so the last such marker before the error is the location.
 * When the log holds no marker (its beginning was cut off, or the kernel printed none), the last
 * instruction's index is looked up in the program's own line info instead.
 *
 * <p>The log is read from its end, line by line, so a log of megabytes costs no more than the lines
 * between the reason and the last source marker.
 */
public final class VerifierLog {
  private static final Pattern SOURCE = Pattern.compile("^; (.*) @ ([^ :]+):(\\d+)$");
  private static final Pattern INSN = Pattern.compile("^(\\d+): \\(");

  /** The parts of a log a person needs first. */
  public record Summary(String reason, String sourceLine, String location, List<String> lastInsns) {
    /** A few lines: the reason, where, and what ran just before. */
    public String text() {
      StringBuilder sb = new StringBuilder(reason);
      if (location != null) {
        sb.append("\n  at ").append(location).append(": ").append(sourceLine);
      }
      if (!lastInsns.isEmpty()) {
        sb.append("\n  last instructions:");
        lastInsns.forEach(i -> sb.append("\n    ").append(i));
      }
      return sb.toString();
    }
  }

  private VerifierLog() {}

  public static Summary summarize(String log) {
    return summarize(log, List.of());
  }

  /** Summarizes {@code log} of a program whose line info is {@code lineInfo} (may be empty). */
  public static Summary summarize(String log, List<LineInfoRecord> lineInfo) {
    Lines lines = new Lines(log);
    String line = lines.previous();
    // The verifier's statistics and the libbpf-style trailer come after the reason.
    while (line != null && isTrailer(line)) {
      line = lines.previous();
    }
    String reason = line != null ? line.trim() : "no verifier log";
    String sourceLine = null;
    String location = null;
    List<String> insns = new ArrayList<>();
    int lastInsn = -1;
    for (String l = lines.previous(); l != null; l = lines.previous()) {
      Matcher insn = INSN.matcher(l);
      if (insn.find() && insns.size() < 3) {
        insns.add(0, l.trim());
        if (lastInsn < 0) {
          lastInsn = parse(insn.group(1));
        }
      }
      Matcher m = SOURCE.matcher(l);
      if (m.matches()) {
        sourceLine = m.group(1).trim();
        location = m.group(2) + ":" + m.group(3);
        break;
      }
    }
    if (location == null && lastInsn >= 0) {
      LineInfoRecord r = lineOf(lastInsn, lineInfo);
      if (r != null) {
        location = r.fileName() + ":" + r.line();
        sourceLine = r.lineText().strip();
      }
    }
    return new Summary(reason, sourceLine, location, insns);
  }

  private static boolean isTrailer(String line) {
    return line.isBlank()
        || line.startsWith("processed ")
        || line.startsWith("verification time")
        || line.startsWith("stack depth")
        || line.startsWith("mark_precise")
        || line.startsWith("(0)");
  }

  private static int parse(String digits) {
    try {
      return Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The line info record that covers instruction {@code index}: the last one at or before it. */
  private static LineInfoRecord lineOf(int index, List<LineInfoRecord> lineInfo) {
    LineInfoRecord best = null;
    for (LineInfoRecord r : lineInfo) {
      if (r.instructionOffset() <= index
          && (best == null || r.instructionOffset() >= best.instructionOffset())) {
        best = r;
      }
    }
    return best;
  }

  /** The lines of a text, read from the last to the first. */
  private static final class Lines {
    private final String text;
    private int end;

    Lines(String text) {
      this.text = text;
      this.end = text.length();
    }

    String previous() {
      if (end < 0) {
        return null;
      }
      int start = end == 0 ? -1 : text.lastIndexOf('\n', end - 1);
      String line = text.substring(start + 1, end);
      end = start;
      return line;
    }
  }
}
