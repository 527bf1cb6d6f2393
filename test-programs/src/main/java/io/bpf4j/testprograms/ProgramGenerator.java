package io.bpf4j.testprograms;

import io.bpf4j.testprograms.ProgramClass.Program;
import io.bpf4j.testprograms.ProgramClass.StructDef;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Generates random program classes over the Java subset bpf4j compiles (API.md, "The Java that
 * compiles"), every construct within what the verifier accepts: loops have constant trip counts,
 * stack arrays and objects stay far below 512 bytes, calls take at most four arguments.
 *
 * <p>Inputs come from the packet (reads at constant and computed offsets, some past the end), the
 * context's fields and the maps' starting contents; outputs are the return value and the maps. The
 * values that matter are favoured: 0, ±1, the types' limits, shift counts around the widths, zero
 * divisors and {@code MIN_VALUE / -1}.
 *
 * <p>One thing is kept out on purpose: a map value of a HASH map is never used after the program
 * updated or deleted an element of that map, because the kernel then may have recycled the element
 * (a use after free that Java cannot express).
 *
 * <p>Two uses share it: the differential run ({@link Knobs#DIFFERENTIAL}), whose programs run in
 * the kernel and the simulator, and the processor's fuzz test ({@link Knobs#FUZZ}), which injects
 * unsupported constructs between statements. The fuzz needs every statement live (see {@link
 * Knobs#liveCode}) and no runs, so it gets more program types and inputs that are not
 * deterministic, and the constructs whose effects the differential run cannot compare or that it
 * does not generate ({@link FuzzOnlyStatements}: printk, ring buffers, tail calls and
 * {@code @TailCallTarget}, struct map keys, {@code @Atomic} fields, labeled jumps, switch
 * expressions, chained assignments, array initializers, {@code loadBytes}). The differential knobs
 * keep the programs of a seed as they were when the seed was chosen ({@code
 * DifferentialProgramsPinnedTest}); fuzz-only choices draw from the random source only in fuzz
 * mode.
 */
public final class ProgramGenerator {
  /**
   * Shape knobs.
   *
   * @param liveCode every statement must be reachable and translated by the processor: no condition
   *     or switch selector is a compile-time constant (javac drops what such a condition skips), no
   *     division by constant zero, constant index out of bounds or null dereference (the processor
   *     ends the program there, so nothing after it is compiled); and, as nothing runs, tracepoint
   *     programs and helpers that are not deterministic are in the mix
   */
  public record Knobs(
      int programStatements,
      int maxDepth,
      int maxLoopDepth,
      int maxHelpers,
      boolean liveCode,
      boolean packetWrites) {
    /** What the differential run uses (CI): programs that run, compared in kernel and simulator. */
    public static final Knobs DIFFERENTIAL = new Knobs(34, 3, 2, 3, false, false);

    /** What the processor's fuzz test uses: smaller programs, every statement live. */
    public static final Knobs FUZZ = new Knobs(14, 3, 2, 3, true, false);

    /**
     * The differential run of programs that write packets: tc and XDP programs only, with {@code
     * ctx.storeByte/Half/Word} at generated offsets (some past the end) among the statements; the
     * comparison covers {@code data_out}. A knob of its own, so that DIFFERENTIAL's programs stay
     * what their pinned seeds give.
     */
    public static final Knobs PACKET_WRITES = new Knobs(34, 3, 2, 3, false, true);
  }

  private final Random r;
  private final Knobs knobs;

  public ProgramGenerator(long seed, Knobs knobs) {
    this.r = new Random(seed);
    this.knobs = knobs;
  }

  /** A class {@code pkg.name} with {@code programs} programs and two struct types. */
  public ProgramClass generateClass(String pkg, String name, int programs, boolean inline) {
    List<StructDef> structs = List.of(struct("S0"), struct("S1"));
    List<Program> ps = new ArrayList<>();
    for (int i = 0; i < programs; i++) {
      String section = section();
      Program p = new ProgramBuilder(r, knobs, "p" + i, section, structs, r.nextLong()).build();
      if (knobs.liveCode() && r.nextInt(3) == 0) {
        // Slot i of its own or another program's prog array: each program takes the slot of its
        // own number, as the processor refuses two programs in one slot.
        p = p.withSlot(new ProgramClass.TailCallSlot("p" + r.nextInt(i + 1) + "j", i));
      }
      ps.add(p);
    }
    return new ProgramClass(pkg, name, structs, ps, inline);
  }

  private String section() {
    if (knobs.packetWrites()) {
      return r.nextBoolean() ? "tc" : "xdp";
    }
    if (knobs.liveCode()) {
      return FUZZ_SECTIONS[r.nextInt(FUZZ_SECTIONS.length)];
    }
    int k = r.nextInt(10);
    return k < 6 ? "socket" : k < 8 ? "tc" : "xdp";
  }

  /** Sections of the fuzz: every context kind, with the section spellings libbpf knows. */
  private static final String[] FUZZ_SECTIONS = {
    "socket",
    "socket",
    "tc",
    "tcx/ingress",
    "classifier",
    "cgroup_skb/egress",
    "cgroup_skb/ingress",
    "xdp",
    "xdp",
    "tracepoint/sched/sched_switch",
    "tp/syscalls/sys_enter_openat",
    "raw_tracepoint/sched_switch",
    "raw_tp/sys_enter"
  };

  private StructDef struct(String name) {
    Ty[] types = {Ty.LONG, Ty.INT, Ty.SHORT, Ty.CHAR, Ty.BYTE, Ty.BOOLEAN, Ty.INT, Ty.LONG};
    List<Ty> fields = new ArrayList<>();
    int n = 3 + r.nextInt(5);
    for (int i = 0; i < n; i++) {
      fields.add(types[r.nextInt(types.length)]);
    }
    if (!knobs.liveCode()) {
      return new StructDef(name, fields);
    }
    // Some int and long fields @Atomic (fuzz only): their compound assignments become BPF atomics.
    Set<Integer> atomic = new HashSet<>();
    for (int i = 0; i < n; i++) {
      if ((fields.get(i) == Ty.INT || fields.get(i) == Ty.LONG) && r.nextBoolean()) {
        atomic.add(i);
      }
    }
    return new StructDef(name, fields, atomic);
  }
}
