package io.bpf4j.testprograms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.testprograms.ProgramGenerator.Knobs;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ProgramGeneratorTest {
  private static String source(long seed, Knobs knobs) {
    ProgramClass c = new ProgramGenerator(seed, knobs).generateClass("t", "T", 3, true);
    return ClassSource.of(c, "test");
  }

  @Test
  void aSeedReplays() {
    for (Knobs k : new Knobs[] {Knobs.DIFFERENTIAL, Knobs.FUZZ}) {
      assertEquals(source(42, k), source(42, k));
      assertNotEquals(source(42, k), source(43, k));
    }
  }

  /** The differential run's programs never use what only the fuzz may (nothing unpredictable). */
  @Test
  void differentialProgramsAreDeterministicAndRun() {
    for (long seed = 0; seed < 50; seed++) {
      String s = source(seed, Knobs.DIFFERENTIAL);
      assertFalse(s.contains("Bpf."), s);
      assertFalse(s.contains("while"), s);
      assertFalse(s.contains("Tracepoint"), s);
    }
  }

  /**
   * Fuzz programs have no compile-time constant conditions (a boolean literal would be one) and no
   * literal null, and use every kind of program context.
   */
  @Test
  void fuzzProgramsKeepEveryStatementLive() {
    Set<String> contexts = new HashSet<>();
    for (long seed = 0; seed < 100; seed++) {
      String s = source(seed, Knobs.FUZZ);
      assertFalse(Pattern.compile("\\b(true|false)\\b").matcher(s).find(), s);
      assertFalse(Pattern.compile("[(,] ?null\\b").matcher(s).find(), s);
      for (String c : new String[] {"SkBuff", "XdpMd", "TracepointContext", "RawTracepointArgs"}) {
        if (s.contains(c + " ctx")) {
          contexts.add(c);
        }
      }
    }
    assertEquals(4, contexts.size(), contexts.toString());
  }

  @Test
  void contextTypesFollowTheSection() {
    assertEquals("SkBuff", ProgramClass.Program.contextType("cgroup_skb/egress"));
    assertEquals("XdpMd", ProgramClass.Program.contextType("xdp"));
    assertEquals("TracepointContext", ProgramClass.Program.contextType("tp/syscalls/x"));
    assertEquals("RawTracepointArgs", ProgramClass.Program.contextType("raw_tp/sys_enter"));
    assertTrue(ProgramClass.MapDef.keySpace(io.bpf4j.lang.MapType.HASH, 6) == 9);
  }
}
