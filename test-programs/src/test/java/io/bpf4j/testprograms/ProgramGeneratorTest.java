package io.bpf4j.testprograms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.testprograms.ProgramGenerator.Knobs;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
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
      for (Construct c : FUZZ_ONLY) {
        assertFalse(c.pattern().matcher(s).find(), c.name() + " in a differential program:\n" + s);
      }
    }
  }

  /** A construct only the fuzz's valid programs hold, as it shows in their source. */
  private record Construct(String name, Pattern pattern) {
    Construct(String name, String regex) {
      this(name, Pattern.compile(regex, Pattern.MULTILINE));
    }
  }

  private static final List<Construct> FUZZ_ONLY =
      List.of(
          new Construct("labeled loop", "^\\s*L\\d+: (for|while|do) "),
          new Construct("labeled break", "break L\\d+;"),
          new Construct("labeled continue", "continue L\\d+;"),
          new Construct("switch expression", " = switch \\("),
          new Construct("yield", "yield "),
          new Construct(
              "chained assignment", "^\\s*\\w+ = (\\(\\(\\w+\\) )?\\([\\w.]+(\\[[^=]*\\])? = "),
          new Construct(
              "chained assignment to a field", "^\\s*\\w+ = (\\(\\(\\w+\\) )?\\(\\w+\\.f\\d+ = "),
          new Construct(
              "chained assignment to an element", "^\\s*\\w+ = (\\(\\(\\w+\\) )?\\(\\w+\\[.* = "),
          new Construct("Bpf.printk", "Bpf\\.printk\\(\"fz"),
          new Construct("Bpf.printk with three arguments", "Bpf\\.printk\\(\"fz %d %d %d"),
          new Construct("ring buffer", "static RingBuf<S[01]> p\\d+r;"),
          new Construct("RingBuf.output", "p\\d+r\\.output\\("),
          new Construct("RingBuf.output of a new struct", "\\.output\\(new S[01]\\(\\)\\)"),
          new Construct("prog array", "static ProgArray p\\d+j;"),
          new Construct("tail call", "p\\d+j\\.tailCall\\(ctx, "),
          new Construct("@TailCallTarget", "@TailCallTarget\\(map = \"p\\d+j\", index = \\d\\)"),
          new Construct("struct map key", "static BpfMap<S[01], Long> p\\d+k;"),
          new Construct("lookup by struct key", "= p\\d+k\\.lookup\\([a-z]\\d+\\);"),
          new Construct("update by struct key", "p\\d+k\\.update\\([a-z]\\d+, "),
          new Construct("delete by struct key", "p\\d+k\\.delete\\([a-z]\\d+\\)"),
          new Construct("Long map key", "static BpfMap<Long, Integer> p\\d+l;"),
          new Construct("lookup by Long key", "Integer m\\d+ = p\\d+l\\.lookup\\("),
          new Construct("update by Long key", "p\\d+l\\.update\\("),
          new Construct("struct chosen by ?:", "^\\s*S[01] t\\d+ = .* \\? \\w+ : "),
          new Construct(
              "new struct as update argument", "\\.update\\(.*, new S[01]\\(\\), \\dL\\);"),
          new Construct("@Atomic field", "@Atomic public (int|long) f\\d+;"),
          new Construct("array initializer", "\\[\\] a\\d+ = \\{"),
          new Construct("loadBytes", "ctx\\.loadBytes\\("));

  /** A sample of fuzz programs holds every construct only the fuzz writes, at least once. */
  @Test
  void fuzzProgramsHoldEveryFuzzOnlyConstruct() {
    Map<String, Integer> seen = new TreeMap<>();
    int atomicUpdates = 0;
    for (long seed = 0; seed < 200; seed++) {
      ProgramClass c = new ProgramGenerator(seed, Knobs.FUZZ).generateClass("t", "T", 3, true);
      String s = ClassSource.of(c, "test");
      for (Construct k : FUZZ_ONLY) {
        if (k.pattern().matcher(s).find()) {
          seen.merge(k.name(), 1, Integer::sum);
        }
      }
      atomicUpdates += atomicUpdates(c, s);
    }
    for (Construct k : FUZZ_ONLY) {
      assertTrue(seen.containsKey(k.name()), k.name() + " in no fuzz program; seen: " + seen);
    }
    assertTrue(atomicUpdates > 0, "no compound assignment of an @Atomic field");
  }

  /**
   * How many compound assignments ({@code +=}, {@code ++} and the like) of {@code @Atomic} fields
   * {@code s} holds: struct variables' types read from their declarations.
   */
  private static int atomicUpdates(ProgramClass c, String s) {
    Map<String, ProgramClass.StructDef> types = new HashMap<>();
    Matcher decl = Pattern.compile("\\b(S[01]) ([a-z]\\d+)\\b").matcher(s);
    while (decl.find()) {
      types.put(decl.group(2), c.structs().get(decl.group(1).equals("S0") ? 0 : 1));
    }
    Matcher update =
        Pattern.compile("\\b([a-z]\\d+)\\.f(\\d+)( (\\+|-|\\||&|\\^)= |\\+\\+|--)").matcher(s);
    int n = 0;
    while (update.find()) {
      ProgramClass.StructDef t = types.get(update.group(1));
      if (t != null && t.isAtomic(Integer.parseInt(update.group(2)))) {
        n++;
      }
    }
    return n;
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
