package io.bpf4j.it.diff;

import io.bpf4j.it.corpus.Corpus;
import io.bpf4j.lang.BpfContext;
import io.bpf4j.object.kernel.ProgramType;
import io.bpf4j.runtime.BpfException;
import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.BpfRuntime;
import io.bpf4j.runtime.VerifierException;
import io.bpf4j.testing.BpfSimulator;
import io.bpf4j.testing.SimProgram;
import io.bpf4j.testing.SimResult;
import io.bpf4j.testing.SimSkBuff;
import io.bpf4j.testing.SimXdpMd;
import io.bpf4j.testing.SimulationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Runs the programs of one compiled class in the kernel ({@code BPF_PROG_TEST_RUN}, the judge) and
 * in {@link BpfSimulator}, from the same starting map contents on the same frames, and compares
 * every return value and {@code data_out} (or refusal of the frame) and the final contents of each
 * program's maps.
 */
final class DiffRunner {
  private DiffRunner() {}

  /** One program to compare: its maps, the seed of their starting contents, its frames. */
  record Spec(String program, List<String> maps, long seed, List<byte[]> frames) {}

  enum Kind {
    AGREE,
    RETURN_MISMATCH,
    MAP_MISMATCH,
    /** The verifier rejected the program. */
    REJECTED,
    /**
     * The verifier gave up on the program's size (a million instructions processed): random nested
     * loops can exceed any verifier budget; counted and printed, not a disagreement.
     */
    TOO_COMPLEX,
    /** The object did not load for another reason. */
    LOAD_FAILED,
    /** The simulator could not run the program. */
    SIM_FAILED,
    /** javac or the processor refused the program. */
    COMPILE_FAILED;

    boolean isFailure() {
      return this != AGREE && this != TOO_COMPLEX;
    }
  }

  /** What happened to one program; {@code frame} is the first frame that differed, or -1. */
  record Verdict(String program, Kind kind, String detail, int frame) {
    /**
     * What a smaller program must still show to count as failing the same way: the kind, and for a
     * compile failure its first message without the file and line.
     */
    String signature() {
      if (kind != Kind.COMPILE_FAILED) {
        return kind.name();
      }
      String first = detail.lines().findFirst().orElse("");
      // Without the file, line and other numbers, which change as the program shrinks.
      return kind + ": " + first.replaceFirst("^[^ ]*\\.java:\\d+: ", "").replaceAll("\\d+", "N");
    }
  }

  /** Counts over all runs, to see what the generated programs exercise. */
  static final class Stats {
    long runs;
    long refused;
    long failedInJava;
    long returnedZero;
    final java.util.Map<String, Integer> javaFailures = new java.util.TreeMap<>();

    @Override
    public String toString() {
      return String.format(
          "%d runs: %d frames refused by both, %d ended where Java throws (%.0f%%: %s), %d other"
              + " zero returns",
          runs,
          refused,
          failedInJava,
          runs == 0 ? 0.0 : 100.0 * failedInJava / runs,
          javaFailures,
          returnedZero);
    }
  }

  /**
   * Loads {@code object} and compares each program of {@code specs}. When the verifier rejects a
   * program, only that program's verdict comes back (REJECTED): the caller drops it and tries again
   * without it.
   */
  static Map<String, Verdict> run(
      Class<?> programClass, Path object, List<Spec> specs, Stats stats) {
    Map<String, Verdict> out = new LinkedHashMap<>();
    byte[] elf;
    try {
      elf = Files.readAllBytes(object);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    BpfObject obj;
    try {
      obj = BpfRuntime.load(elf, programClass.getSimpleName());
    } catch (VerifierException e) {
      String detail =
          "the kernel verifier rejected "
              + e.program()
              + (e.sourceLocation() == null ? "" : " at " + e.sourceLocation())
              + ": "
              + e.summary()
              + "\n--- end of the verifier log ---\n"
              + tail(e.log(), 30);
      boolean tooComplex = e.summary() != null && e.summary().contains("BPF program is too large");
      out.put(
          e.program(),
          new Verdict(e.program(), tooComplex ? Kind.TOO_COMPLEX : Kind.REJECTED, detail, -1));
      if (tooComplex) {
        System.out.println(
            "[bpf4j-diff] too complex for the verifier, not compared: "
                + detail.lines().findFirst().orElse(""));
      }
      return out;
    } catch (BpfException e) {
      for (Spec s : specs) {
        out.put(s.program(), new Verdict(s.program(), Kind.LOAD_FAILED, e.toString(), -1));
      }
      return out;
    }
    try (obj) {
      BpfSimulator sim = BpfSimulator.of(programClass);
      int lo = Corpus.loopbackIfindex();
      for (Spec s : specs) {
        out.put(s.program(), compare(obj, sim, s, lo, stats));
      }
    }
    return out;
  }

  private static Verdict compare(BpfObject obj, BpfSimulator sim, Spec s, int lo, Stats stats) {
    Random random = new Random(s.seed());
    for (String m : s.maps()) {
      MapStates.seed(sim, obj, m, random);
    }
    SimProgram p = sim.program(s.program());
    String firstDifference = null;
    int firstFrame = -1;
    for (int i = 0; i < s.frames().size(); i++) {
      byte[] frame = s.frames().get(i);
      String kernel = kernelRun(obj, p, frame);
      String simulated;
      String why = "";
      try {
        SimResult r = simulatedRun(sim, p, frame, lo);
        simulated =
            r == null
                ? "refused"
                : "returns "
                    + r.returnValue()
                    + ", data_out "
                    + HexFormat.of().formatHex(r.dataOut());
        if (r != null && r.failure().isPresent()) {
          stats.failedInJava++;
          stats.javaFailures.merge(r.failure().get().getClass().getSimpleName(), 1, Integer::sum);
          why = " (in Java: " + r.failure().get() + ")";
        } else if (r != null && r.returnValue() == 0) {
          stats.returnedZero++;
        }
      } catch (SimulationException e) {
        return new Verdict(
            s.program(), Kind.SIM_FAILED, "frame " + i + " " + show(frame) + ": " + e, i);
      }
      stats.runs++;
      if (kernel.equals("refused") && simulated.equals("refused")) {
        stats.refused++;
      }
      if (!kernel.equals(simulated) && firstDifference == null) {
        firstFrame = i;
        firstDifference =
            "frame "
                + i
                + " "
                + show(frame)
                + ": kernel "
                + kernel
                + ", simulator "
                + simulated
                + why;
      }
    }
    StringBuilder maps = new StringBuilder();
    for (String m : s.maps()) {
      String k = MapStates.kernel(obj, sim, m);
      String j = MapStates.simulated(sim, m);
      if (!k.equals(j)) {
        maps.append("map ").append(m).append(":\n  kernel    ").append(k);
        maps.append("\n  simulator ").append(j).append('\n');
      }
    }
    if (firstDifference != null) {
      return new Verdict(
          s.program(), Kind.RETURN_MISMATCH, firstDifference + "\n" + maps, firstFrame);
    }
    if (maps.length() > 0) {
      return new Verdict(s.program(), Kind.MAP_MISMATCH, maps.toString(), -1);
    }
    return new Verdict(s.program(), Kind.AGREE, "", -1);
  }

  /** The kernel's return value and data_out (which programs that write packets change). */
  private static String kernelRun(BpfObject obj, SimProgram p, byte[] frame) {
    try {
      io.bpf4j.runtime.TestRunResult r = obj.program(p.name()).testRun(frame, 1);
      return "returns " + r.retval() + ", data_out " + HexFormat.of().formatHex(r.dataOut());
    } catch (BpfException e) {
      return e.errno() == 22 ? "refused" : "failed: " + e.getMessage();
    }
  }

  /** The simulator's run, or null where the kernel's test run refuses the frame. */
  private static SimResult simulatedRun(BpfSimulator sim, SimProgram p, byte[] frame, int lo) {
    BpfContext ctx;
    try {
      ctx = context(p.type(), frame, lo);
    } catch (IllegalArgumentException e) {
      return null;
    }
    return sim.run(p, ctx);
  }

  /** The test-run context, on this network namespace's loopback device. */
  private static BpfContext context(ProgramType type, byte[] frame, int lo) {
    if (type == ProgramType.XDP) {
      return SimXdpMd.testRun(frame).ingressIfindex(lo).build();
    }
    return SimSkBuff.testRun(type, frame).ifindex(lo).build();
  }

  static String show(byte[] frame) {
    String hex = HexFormat.of().formatHex(frame, 0, Math.min(frame.length, 48));
    return "(" + frame.length + " bytes: " + hex + (frame.length > 48 ? "..." : "") + ")";
  }

  private static String tail(String log, int lines) {
    if (log == null) {
      return "";
    }
    String[] all = log.split("\n");
    int from = Math.max(0, all.length - lines);
    return String.join("\n", java.util.Arrays.copyOfRange(all, from, all.length));
  }
}
