package io.bpf4j.runtime.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.object.link.LineInfoRecord;
import java.util.List;
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

  /**
   * The end of a long log kept without its source markers: the last instruction's index is looked
   * up in the program's line info.
   */
  @Test
  void withoutAMarkerTheLastInstructionIsLookedUpInTheLineInfo() {
    List<LineInfoRecord> lineInfo =
        List.of(
            new LineInfoRecord(0, "Looping.java", "long i = 0;", 30, 5),
            new LineInfoRecord(1, "Looping.java", "do { i++;", 31, 5),
            new LineInfoRecord(2, "Looping.java", "} while (i < 2_000_000);", 32, 5));
    VerifierLog.Summary s =
        VerifierLog.summarize(
            "r0 += 1 ; R0_w=17\n2: (a5) if r0 < 0x1e8480 goto pc-2\n1: (07) r0 += 1\n"
                + "BPF program is too large. Processed 1000001 insn\nprocessed 1000001 insns\n",
            lineInfo);
    assertEquals("Looping.java:31", s.location());
    assertEquals("do { i++;", s.sourceLine());
  }

  @Test
  void emptyLogSaysSo() {
    assertEquals("no verifier log", VerifierLog.summarize("").reason());
  }
}
