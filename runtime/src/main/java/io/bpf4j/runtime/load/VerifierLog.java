package io.bpf4j.runtime.load;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a verifier log: the reason it gave up, the instructions just before, and the source line of
 * the failing instruction. With line info, the verifier prints {@code ; <source> @ File.java:42}
 * before the instructions of each line, so the last such marker before the error is the location.
 */
public final class VerifierLog {
  private static final Pattern SOURCE = Pattern.compile("^; (.*) @ ([^ :]+):(\\d+)$");
  private static final Pattern INSN = Pattern.compile("^\\d+: \\(");

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
    String[] lines = log.split("\n");
    int end = lines.length;
    // The verifier's statistics and the libbpf-style trailer come after the reason.
    while (end > 0
        && (lines[end - 1].isBlank()
            || lines[end - 1].startsWith("processed ")
            || lines[end - 1].startsWith("verification time")
            || lines[end - 1].startsWith("stack depth")
            || lines[end - 1].startsWith("mark_precise")
            || lines[end - 1].startsWith("(0)"))) {
      end--;
    }
    String reason = end > 0 ? lines[end - 1].trim() : "no verifier log";
    String sourceLine = null;
    String location = null;
    List<String> insns = new ArrayList<>();
    for (int i = end - 2; i >= 0; i--) {
      String l = lines[i];
      if (INSN.matcher(l).find() && insns.size() < 3) {
        insns.add(0, l.trim());
      }
      Matcher m = SOURCE.matcher(l);
      if (m.matches()) {
        sourceLine = m.group(1).trim();
        location = m.group(2) + ":" + m.group(3);
        break;
      }
    }
    return new Summary(reason, sourceLine, location, insns);
  }
}
