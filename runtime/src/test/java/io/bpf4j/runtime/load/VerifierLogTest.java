package io.bpf4j.runtime.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VerifierLogTest {
  /** A log in the format of the 6.18 verifier: an uninitialized register read, with line info. */
  private static final String LOG =
      String.join(
          "\n",
          "func#0 @0",
          "0: R1=ctx() R10=fp0",
          "; int key = 1; @ Rejected.java:10",
          "0: (bf) r6 = r1                       ; R1=ctx() R6_w=ctx()",
          "; return len + x; @ Rejected.java:12",
          "1: (61) r0 = *(u32 *)(r6 +0)          ; R0_w=scalar()",
          "2: (0f) r0 += r2",
          "R2 !read_ok",
          "processed 3 insns (limit 1000000) max_states_per_insn 0 total_states 0",
          "");

  @Test
  void findsReasonLocationAndLastInstructions() {
    VerifierLog.Summary s = VerifierLog.summarize(LOG);
    assertEquals("R2 !read_ok", s.reason());
    assertEquals("Rejected.java:12", s.location());
    assertEquals("return len + x;", s.sourceLine());
    assertEquals(2, s.lastInsns().size());
    assertTrue(s.lastInsns().get(1).startsWith("2: (0f) r0 += r2"));
    assertTrue(s.text().contains("at Rejected.java:12: return len + x;"), s.text());
  }

  @Test
  void logWithoutLineInfoHasNoLocation() {
    VerifierLog.Summary s =
        VerifierLog.summarize("0: (b7) r0 = 0\n1: (95) exit\nR0 !read_ok\nprocessed 2 insns\n");
    assertEquals("R0 !read_ok", s.reason());
    assertNull(s.location());
  }

  @Test
  void emptyLogSaysSo() {
    assertEquals("no verifier log", VerifierLog.summarize("").reason());
  }
}
