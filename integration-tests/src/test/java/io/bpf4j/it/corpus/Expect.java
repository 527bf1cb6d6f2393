package io.bpf4j.it.corpus;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Collects every mismatch of a table-driven check, so that one run shows all the cases a compiler
 * bug breaks instead of only the first.
 */
public final class Expect {
  private final String program;
  private final List<String> mismatches = new ArrayList<>();
  private int checks;

  public Expect(String program) {
    this.program = program;
  }

  /** Records a mismatch when {@code expected} and {@code actual} differ. */
  public void equal(Object expected, Object actual, String what) {
    checks++;
    if (!Objects.equals(expected, actual)) {
      mismatches.add(what + ": expected " + show(expected) + " but was " + show(actual));
    }
  }

  public void isTrue(boolean condition, String what) {
    checks++;
    if (!condition) {
      mismatches.add(what);
    }
  }

  /** Fails with every recorded mismatch. */
  public void verify() {
    if (!mismatches.isEmpty()) {
      int shown = Math.min(40, mismatches.size());
      fail(
          program
              + ": "
              + mismatches.size()
              + " of "
              + checks
              + " checks failed"
              + (shown < mismatches.size() ? " (first " + shown + " shown)" : "")
              + ":\n  "
              + String.join("\n  ", mismatches.subList(0, shown)));
    }
  }

  private static String show(Object v) {
    if (v instanceof Integer i) {
      return i + " (0x" + Integer.toHexString(i) + ")";
    }
    if (v instanceof Long l) {
      return l + " (0x" + Long.toHexString(l) + ")";
    }
    return String.valueOf(v);
  }
}
