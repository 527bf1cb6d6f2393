package io.bpf4j.it.sim;

import io.bpf4j.it.KernelAssumptions;
import io.bpf4j.it.corpus.Corpus;
import io.bpf4j.it.corpus.Expect;
import io.bpf4j.lang.BpfContext;
import io.bpf4j.lang.MapType;
import io.bpf4j.object.kernel.ProgramType;
import io.bpf4j.runtime.BpfException;
import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.MapHandle;
import io.bpf4j.testing.BpfSimulator;
import io.bpf4j.testing.SimProgram;
import io.bpf4j.testing.SimSkBuff;
import io.bpf4j.testing.SimXdpMd;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The simulator against the kernel, the judge: every corpus program that {@code BPF_PROG_TEST_RUN}
 * can run goes through the same frames in both (the corpus tests' frames and seeded random ones),
 * starting once from empty maps and once from the same random contents, and must give the same
 * return value for every frame (or be refused by both) and leave the same map contents. The thread
 * is pinned to one CPU, so CPU numbers and per-CPU values agree too.
 */
class SimulatorVsKernelTest {
  /** The 26 corpus programs, the 6 classic ones and the simulator's own edge cases. */
  static Stream<String> corpusPrograms() {
    return Stream.of(
        "AtomicOps",
        "BitCount",
        "BoundedLoops",
        "ByteOrder",
        "Casts",
        "CgroupFirewall",
        "ContextView",
        "EgressMix",
        "FiveArgs",
        "FlowTable",
        "Fnv1aHash",
        "Gcd",
        "IntArith",
        "KtimeRandom",
        "LengthHistogram",
        "LongArith",
        "LruCounter",
        "PerCpuXdp",
        "Printk",
        "ProtocolSwitch",
        "Shifts",
        "SmallTypes",
        "TcClassifier",
        "TcxGuard",
        "TraceAndRing",
        "UpdateFlags",
        "classic/Dispatcher",
        "classic/FlowCounters",
        "classic/IfindexCounter",
        "classic/IpChecksum",
        "classic/Sockex1",
        "classic/UdpPortFilter",
        // Edges the corpus does not reach, written for the simulator.
        "sim/RingEdges",
        "sim/LoadBytesEdges",
        "sim/TailCallEdges",
        "sim/PerCpuHashes",
        "sim/PrintkFormats",
        "sim/BoxedLookups",
        "sim/JavaSemantics",
        "sim/ObjectSemantics");
  }

  /** Programs the simulator cannot run, and why. */
  private static final Map<String, String> NOT_SIMULATED =
      Map.of(
          "EgressMix.egress",
          "calls @Helper(id = 7) prandom(), a native method with no JVM implementation");

  /** Fields whose values come from the clock or the random generator, which cannot agree. */
  private static final Map<String, Set<String>> NONDETERMINISTIC_FIELDS =
      Map.of(
          "KtimeRandom", Set.of("t1", "t2", "elapsed", "r1", "r2"),
          "LruCounter", Set.of("firstNs", "lastNs"));

  private static final int RANDOM_FRAMES = 40;

  /** Runs a ring-buffer program this often in all, so that the ring fills up in both. */
  private static final int RING_RUNS = 300;

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpusPrograms")
  void theSimulatorAgreesWithTheKernel(String name) {
    KernelAssumptions.requireBpffs();
    Class<?> programClass = CorpusClasses.load(name);
    String simpleName = programClass.getSimpleName();
    Set<String> ignored = NONDETERMINISTIC_FIELDS.getOrDefault(simpleName, Set.of());
    Expect expect = new Expect(name + ", simulator vs kernel");
    int lo = Corpus.loopbackIfindex();
    int tid = CpuPinning.threadId();
    try (CpuPinning pin = CpuPinning.pinHere();
        TraceInstance trace = TraceInstance.create("bpf4j-sim", tid)) {
      for (boolean seeded : new boolean[] {false, true}) {
        String phase = seeded ? "random start" : "empty start";
        try (BpfObject obj = Corpus.load(name)) {
          BpfSimulator sim =
              BpfSimulator.of(programClass).possibleCpus(MapHandle.possibleCpus()).onCpu(pin.cpu());
          if (seeded) {
            MapContents.seed(sim, obj, new Random(name.hashCode()));
          }
          for (SimProgram p : sim.programs()) {
            String id = simpleName + "." + p.name();
            if (!p.type().runsOnPackets()) {
              // Tracepoint and raw tracepoint programs cannot be test-run on packets; the
              // simulator runs them on built contexts in bpf-testing's own tests.
              System.out.println(
                  "[bpf4j-it] not compared: " + id + " is a " + p.type() + " program");
              continue;
            }
            if (NOT_SIMULATED.containsKey(id)) {
              System.out.println("[bpf4j-it] not compared: " + id + " " + NOT_SIMULATED.get(id));
              continue;
            }
            List<byte[]> frames = new ArrayList<>(DiffFrames.corpusFrames());
            long seed = name.hashCode() * 31L + p.name().hashCode() + (seeded ? 1 : 0);
            frames.addAll(DiffFrames.randomFrames(seed, RANDOM_FRAMES, 700));
            if (hasRingBuffer(programClass)) {
              while (frames.size() < RING_RUNS) {
                frames.add(frames.get(0));
              }
            }
            for (int i = 0; i < frames.size(); i++) {
              byte[] frame = frames.get(i);
              expect.equal(
                  kernelRun(obj, p, frame),
                  simulatedRun(sim, p, frame, lo),
                  phase + ", " + p.name() + ", frame " + i + " " + show(frame));
            }
          }
          expect.equal(trace.printkLines(tid), sim.printkLines(), phase + ", the printk lines");
          trace.clear();
          Map<String, String> kernel = MapContents.kernel(obj, sim, ignored);
          Map<String, String> simulated = MapContents.simulated(sim, ignored);
          for (String map : kernel.keySet()) {
            expect.equal(kernel.get(map), simulated.get(map), phase + ", map " + map);
          }
        }
      }
    }
    expect.verify();
  }

  private static String kernelRun(BpfObject obj, SimProgram p, byte[] frame) {
    try {
      return "returns " + obj.program(p.name()).testRun(frame, 1).retval();
    } catch (BpfException e) {
      return e.errno() == 22 ? "refused" : "failed: " + e.getMessage();
    }
  }

  private static String simulatedRun(BpfSimulator sim, SimProgram p, byte[] frame, int lo) {
    BpfContext ctx;
    try {
      ctx = context(p.type(), frame, lo);
    } catch (IllegalArgumentException e) {
      return "refused";
    }
    return "returns " + sim.run(p, ctx).returnValue();
  }

  /** The test-run context, on this network namespace's loopback device. */
  private static BpfContext context(ProgramType type, byte[] frame, int lo) {
    if (type == ProgramType.XDP) {
      return SimXdpMd.testRun(frame).ingressIfindex(lo).build();
    }
    return SimSkBuff.testRun(type, frame).ifindex(lo).build();
  }

  private static boolean hasRingBuffer(Class<?> programClass) {
    for (Field f : programClass.getDeclaredFields()) {
      io.bpf4j.annotations.Map m = f.getAnnotation(io.bpf4j.annotations.Map.class);
      if (m != null && m.type() == MapType.RINGBUF) {
        return true;
      }
    }
    return false;
  }

  private static String show(byte[] frame) {
    String hex = HexFormat.of().formatHex(frame, 0, Math.min(frame.length, 40));
    return "(" + frame.length + " bytes: " + hex + (frame.length > 40 ? "..." : "") + ")";
  }
}
