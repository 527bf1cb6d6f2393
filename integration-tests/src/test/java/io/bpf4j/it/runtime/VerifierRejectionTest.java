package io.bpf4j.it.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.it.KernelAssumptions;
import io.bpf4j.object.MapSpec;
import io.bpf4j.object.btf.Btf;
import io.bpf4j.object.btf.BtfType;
import io.bpf4j.object.insn.Assembler;
import io.bpf4j.object.insn.Opcode;
import io.bpf4j.object.insn.Register;
import io.bpf4j.object.kernel.MapType;
import io.bpf4j.runtime.BpfRuntime;
import io.bpf4j.runtime.VerifierException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A program the verifier rejects comes back as a {@link VerifierException} that names the Java line
 * of the instruction the verifier stopped at, as the object's line info gives it, and carries the
 * verifier's log whole.
 *
 * <p>The objects are assembled by hand (rather than compiled from Java, which the processor would
 * refuse or make safe) and written by {@link AssembledObjects}, as the processor writes them.
 */
class VerifierRejectionTest {
  private static final String FILE = "Rejected.java";
  private static final int HELPER_MAP_LOOKUP_ELEM = 1;

  /** Reads r2, which nothing wrote: "R2 !read_ok" at line 4. */
  @Test
  void uninitializedRegisterIsReportedAtItsJavaLine() {
    KernelAssumptions.requireRoot();
    Map<Integer, String> lines = new LinkedHashMap<>();
    lines.put(3, "int x = 0;");
    lines.put(4, "x += y;");
    lines.put(5, "return x;");
    Assembler a = new Assembler();
    a.line(3, 5).mov64(Register.R0, 0);
    a.line(4, 5).alu(true, Opcode.ADD, Register.R0, Register.R2);
    a.line(5, 5).exit();

    VerifierException e = rejected(object(a, lines, List.of()));

    assertRejectedAt(e, 4, "x += y;", "R2 !read_ok");
  }

  /**
   * Dereferences a map lookup's result without the null check: rejected at line 12. (A hash map:
   * for an array map and a constant key in range, kernels since 6.x know the lookup cannot fail.)
   */
  @Test
  void mapValueWithoutNullCheckIsReportedAtItsJavaLine() {
    KernelAssumptions.requireRoot();
    Map<Integer, String> lines = new LinkedHashMap<>();
    lines.put(10, "int key = 0;");
    lines.put(11, "Counter c = counters.lookup(key);");
    lines.put(12, "long n = c.value;");
    lines.put(13, "return 0;");
    Assembler a = new Assembler();
    a.line(10, 5).st(4, Register.R10, -4, 0);
    a.line(11, 5)
        .ldMap(Register.R1, "counters")
        .mov64(Register.R2, Register.R10)
        .alu(true, Opcode.ADD, Register.R2, -4)
        .call(HELPER_MAP_LOOKUP_ELEM);
    a.line(12, 5).ldx(8, Register.R0, Register.R0, 0);
    a.line(13, 5).mov64(Register.R0, 0).exit();

    Btf btf = new Btf();
    int intType = btf.addOrFind(new BtfType.Int("int", 4, BtfType.Int.SIGNED, 0, 32));
    int longType = btf.addOrFind(new BtfType.Int("long", 8, BtfType.Int.SIGNED, 0, 64));
    MapSpec counters =
        new MapSpec(
            "counters", MapType.HASH.kernelId(), 4, 8, 16, 0, 0, intType, longType, List.of());
    VerifierException e = rejected(object(a, lines, btf, List.of(counters)));

    assertRejectedAt(e, 12, "long n = c.value;", "invalid mem access 'map_value_or_null'");
  }

  /**
   * A log far larger than the loader's first log buffer (1 MiB) comes back whole: a straight line
   * of 40,000 instructions, each of which the verifier prints (about 40 bytes each, so about 1.6
   * MB), then a read of an unset register on the last line. The whole log has the first and the
   * last instruction, the reason and the verifier's closing statistics.
   */
  @Test
  void longLogIsComplete() {
    KernelAssumptions.requireRoot();
    int filler = 40_000;
    Map<Integer, String> lines = new LinkedHashMap<>();
    lines.put(20, "int x = 0;");
    lines.put(21, "x = x; // many times");
    lines.put(22, "return x + y;");
    Assembler a = new Assembler();
    a.line(20, 5).mov64(Register.R0, 0);
    a.line(21, 5);
    for (int i = 0; i < filler; i++) {
      a.mov64(Register.R0, i & 0xff);
    }
    a.line(22, 5).alu(true, Opcode.ADD, Register.R0, Register.R3).exit();

    VerifierException e = rejected(object(a, lines, List.of()));

    assertRejectedAt(e, 22, "return x + y;", "R3 !read_ok");
    String log = e.log();
    System.out.printf(
        "[bpf4j-it] long verifier log: %d bytes, %d lines%n", log.length(), log.split("\n").length);
    assertTrue(log.length() > (1 << 20), "the log is longer than 1 MiB: " + log.length());
    assertTrue(log.contains("\n0: (b7) r0 = 0") || log.startsWith("0: (b7) r0 = 0"), head(log));
    assertTrue(log.contains("\n" + filler + ": (b7) r0 = "), "the last filler instruction");
    assertTrue(log.contains("\n" + (filler + 1) + ": (0f) r0 += r3"), tail(log));
  }

  // ---- assertions ----

  private static void assertRejectedAt(VerifierException e, int line, String text, String reason) {
    String location = FILE + ":" + line;
    String log = e.log();
    assertEquals(location, e.sourceLocation(), "sourceLocation()\n" + e.getMessage());
    assertTrue(
        e.summary().contains(location), "the summary names " + location + ":\n" + e.summary());
    assertTrue(e.summary().contains(reason), "the summary gives the reason:\n" + e.summary());
    assertTrue(e.summary().contains(text), "the summary shows the source line:\n" + e.summary());
    assertTrue(e.getMessage().contains(location), e.getMessage());
    assertEquals("prog", e.program());
    assertNotEquals(0, e.errno());
    // The complete log: from the first instruction, through the source markers that line info
    // produces, to the reason and the statistics the verifier prints last.
    assertTrue(
        log.contains("0: R1=ctx() R10=fp0\n"), "the state before instruction 0\n" + head(log));
    assertTrue(
        log.contains("0: (b7) r0 = 0") || log.contains("0: (62) *(u32 *)(r10 -4) = 0"), head(log));
    assertTrue(
        log.contains("; " + text + " @ " + location), "marker of the failing line\n" + tail(log));
    assertTrue(log.contains(reason + "\n"), tail(log));
    Matcher processed = Pattern.compile("(?m)^processed \\d+ insns .*$").matcher(log);
    assertTrue(processed.find(), "the verifier's closing statistics\n" + tail(log));
    assertTrue(
        log.strip().endsWith(processed.group().strip()),
        "the statistics are the log's last line\n" + tail(log));
    System.out.println("[bpf4j-it] " + e.getMessage().lines().findFirst().orElse(""));
    if (log.length() < 4000) {
      System.out.println("[bpf4j-it] verifier log:\n" + log);
    }
  }

  private static VerifierException rejected(byte[] elf) {
    return assertThrows(VerifierException.class, () -> BpfRuntime.load(elf, "rejected").close());
  }

  // ---- objects ----

  private static byte[] object(Assembler code, Map<Integer, String> lines, List<MapSpec> maps) {
    return object(code, lines, new Btf(), maps);
  }

  /** A one-program object: socket filter {@code prog} in section {@code socket}. */
  private static byte[] object(
      Assembler code, Map<Integer, String> lines, Btf btf, List<MapSpec> maps) {
    return AssembledObjects.skbProgram("socket", "prog", code, FILE, lines, btf, maps);
  }

  private static String head(String log) {
    return "log starts:\n" + log.substring(0, Math.min(log.length(), 2000));
  }

  private static String tail(String log) {
    return "log ends:\n" + log.substring(Math.max(0, log.length() - 2000));
  }
}
