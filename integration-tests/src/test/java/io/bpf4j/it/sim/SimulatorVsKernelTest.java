package io.bpf4j.it.sim;

import io.bpf4j.it.KernelAssumptions;
import io.bpf4j.it.corpus.Corpus;
import io.bpf4j.it.corpus.Expect;
import io.bpf4j.lang.BpfContext;
import io.bpf4j.lang.MapType;
import io.bpf4j.object.kernel.ProgramType;
import io.bpf4j.runtime.BpfException;
import io.bpf4j.runtime.BpfLoader;
import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.BpfRuntime;
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
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The simulator against the kernel, the judge: every corpus program that {@code BPF_PROG_TEST_RUN}
 * can run goes through the same frames in both (the corpus tests' frames and seeded random ones),
 * starting once from empty maps and once from the same random contents, and must give the same
 * return value for every frame (or be refused by both) and leave the same map contents, queue and
 * stack contents and global variables; a program with {@code @Config} fields runs under its
 * defaults and two random configurations, set before load on both sides. The thread is pinned to
 * one CPU, so CPU numbers and per-CPU values agree too.
 */
class SimulatorVsKernelTest {
  /** The 32 corpus programs, the 6 classic ones and the simulator's own edge cases. */
  static Stream<String> corpusPrograms() {
    String only = System.getProperty("bpf4j.diff.only", "");
    return allPrograms().filter(p -> only.isEmpty() || List.of(only.split(",")).contains(p));
  }

  /** The list; {@code -Dbpf4j.diff.only=sim/QueueOps,Globals} runs some of them only. */
  private static Stream<String> allPrograms() {
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
        "Globals",
        "ConfigBranches",
        "QueueAndStack",
        "LpmRoutes",
        "SpinLockCounter",
        "BpfLoops",
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
        "sim/ObjectSemantics",
        "sim/GlobalOps",
        "sim/QueueOps",
        "sim/LpmKeys",
        "sim/LockedValues",
        "sim/LoopEdges",
        "sim/GlobalLock",
        "sim/TcLinearReads");
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

  /** Frames run through both sides, over all programs; printed once the class is done. */
  private static final AtomicLong FRAMES_RUN = new AtomicLong();

  @org.junit.jupiter.api.AfterAll
  static void printFramesRun() {
    System.out.println("[bpf4j-it] simulator vs kernel: " + FRAMES_RUN.get() + " frames run");
  }

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
      List<Map<String, Object>> configurations =
          GlobalContents.configurations(programClass, name.hashCode());
      for (int c = 0; c < configurations.size(); c++) {
        Map<String, Object> config = configurations.get(c);
        for (boolean seeded : new boolean[] {false, true}) {
          String phase =
              (seeded ? "random start" : "empty start")
                  + (config.isEmpty() ? "" : ", config " + GlobalContents.show(config));
          try (BpfObject obj = load(name, config)) {
            BpfSimulator sim =
                BpfSimulator.of(programClass)
                    .possibleCpus(MapHandle.possibleCpus())
                    .onCpu(pin.cpu());
            config.forEach(sim::config);
            if (seeded) {
              Random random = new Random(name.hashCode() + 7919L * c);
              MapContents.seed(sim, obj, random);
              QueueContents.seed(sim, obj, random);
              GlobalContents.seed(sim, obj, random);
            }
            long seed = name.hashCode() * 31L + (seeded ? 1 : 0) + 104729L * c;
            runAll(sim, obj, programClass, seed, phase, expect, lo);
            expect.equal(trace.printkLines(tid), sim.printkLines(), phase + ", the printk lines");
            trace.clear();
            compareState(sim, obj, ignored, phase, expect);
          }
        }
      }
    }
    expect.verify();
  }

  /** Runs every program of the class through the same frames on both sides. */
  private static void runAll(
      BpfSimulator sim,
      BpfObject obj,
      Class<?> programClass,
      long seed,
      String phase,
      Expect expect,
      int lo) {
    String simpleName = programClass.getSimpleName();
    for (SimProgram p : sim.programs()) {
      String id = simpleName + "." + p.name();
      if (!p.type().runsOnPackets()) {
        // Tracepoint and raw tracepoint programs cannot be test-run on packets; the
        // simulator runs them on built contexts in bpf-testing's own tests.
        System.out.println("[bpf4j-it] not compared: " + id + " is a " + p.type() + " program");
        continue;
      }
      if (NOT_SIMULATED.containsKey(id)) {
        System.out.println("[bpf4j-it] not compared: " + id + " " + NOT_SIMULATED.get(id));
        continue;
      }
      List<byte[]> frames = new ArrayList<>(DiffFrames.corpusFrames());
      frames.addAll(DiffFrames.randomFrames(seed + p.name().hashCode(), RANDOM_FRAMES, 700));
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
      FRAMES_RUN.addAndGet(frames.size());
    }
  }

  /** Key/value maps, queues and stacks, and globals: the same on both sides after the runs. */
  private static void compareState(
      BpfSimulator sim, BpfObject obj, Set<String> ignored, String phase, Expect expect) {
    Map<String, String> kernel = MapContents.kernel(obj, sim, ignored);
    Map<String, String> simulated = MapContents.simulated(sim, ignored);
    for (String map : kernel.keySet()) {
      expect.equal(kernel.get(map), simulated.get(map), phase + ", map " + map);
    }
    long lookupSeed = phase.hashCode();
    expect.equal(
        String.join("\n", MapContents.lpmLookups(sim, obj, lookupSeed, true)),
        String.join("\n", MapContents.lpmLookups(sim, obj, lookupSeed, false)),
        phase + ", user-space LPM lookups");
    Map<String, String> kernelGlobals = GlobalContents.kernel(obj, sim.programClass(), ignored);
    Map<String, String> simulatedGlobals = GlobalContents.simulated(sim, ignored);
    for (String global : kernelGlobals.keySet()) {
      expect.equal(
          kernelGlobals.get(global), simulatedGlobals.get(global), phase + ", global " + global);
    }
    Map<String, String> simulatedQueues = QueueContents.simulated(sim);
    Map<String, String> kernelQueues = QueueContents.kernel(obj, sim.programClass());
    for (String queue : kernelQueues.keySet()) {
      expect.equal(kernelQueues.get(queue), simulatedQueues.get(queue), phase + ", queue " + queue);
    }
    System.out.println(
        "[bpf4j-it] "
            + sim.programClass().getSimpleName()
            + ", "
            + phase
            + ": compared maps "
            + kernel.keySet()
            + ", globals "
            + kernelGlobals.keySet()
            + ", queues "
            + kernelQueues.keySet());
  }

  /** Corpus program {@code name} loaded into the kernel with {@code config} set before load. */
  private static BpfObject load(String name, Map<String, Object> config) {
    if (config.isEmpty()) {
      return Corpus.load(name);
    }
    BpfLoader loader = BpfRuntime.open(Corpus.compile(name));
    config.forEach(loader::config);
    return loader.load();
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
