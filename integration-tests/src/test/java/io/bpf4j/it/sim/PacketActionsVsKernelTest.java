package io.bpf4j.it.sim;

import io.bpf4j.examples.packets.PortRewriter;
import io.bpf4j.examples.packets.XdpReflector;
import io.bpf4j.it.KernelAssumptions;
import io.bpf4j.it.corpus.Corpus;
import io.bpf4j.it.corpus.Expect;
import io.bpf4j.lang.BpfContext;
import io.bpf4j.object.kernel.ProgramType;
import io.bpf4j.runtime.BpfException;
import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.BpfRuntime;
import io.bpf4j.runtime.TestRunResult;
import io.bpf4j.testing.BpfSimulator;
import io.bpf4j.testing.Ipv4Frames;
import io.bpf4j.testing.SimProgram;
import io.bpf4j.testing.SimResult;
import io.bpf4j.testing.SimSkBuff;
import io.bpf4j.testing.SimXdpMd;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The simulator against the kernel on programs that write packets: the examples' PortRewriter and
 * XdpReflector and corpus/packets/PacketWrites go through the same frames in both (the corpus
 * frames, UDP and TCP frames with valid checksums to the rewritten port, seeded random frames), and
 * must give the same return value and the same {@code data_out}, byte for byte.
 */
class PacketActionsVsKernelTest {
  private static final int RANDOM_FRAMES = 120;

  static Stream<String> programs() {
    return Stream.of("PortRewriter", "XdpReflector", "packets/PacketWrites");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("programs")
  void theSimulatorWritesTheKernelsBytes(String name) {
    KernelAssumptions.requireBpffs();
    Class<?> programClass =
        switch (name) {
          case "PortRewriter" -> PortRewriter.class;
          case "XdpReflector" -> XdpReflector.class;
          default -> CorpusClasses.load(name);
        };
    Supplier<BpfObject> load =
        name.contains("/") ? () -> Corpus.load(name) : () -> BpfRuntime.load(programClass);
    Expect expect = new Expect(name + ", simulator vs kernel, data_out");
    int lo = Corpus.loopbackIfindex();
    try (BpfObject obj = load.get()) {
      BpfSimulator sim = BpfSimulator.of(programClass);
      for (SimProgram p : sim.programs()) {
        List<byte[]> frames = frames(name.hashCode() * 31L + p.name().hashCode());
        for (int i = 0; i < frames.size(); i++) {
          byte[] frame = frames.get(i);
          expect.equal(
              kernelRun(obj, p, frame),
              simulatedRun(sim, p, frame, lo),
              p.name() + ", frame " + i + " " + show(frame));
        }
      }
    }
    expect.verify();
  }

  /** Frames for packet writers: corpus frames, frames aimed at the examples, random ones. */
  static List<byte[]> frames(long seed) {
    List<byte[]> out = new ArrayList<>(DiffFrames.corpusFrames());
    Random r = new Random(seed);
    for (int n : new int[] {0, 1, 7, 20, 100, 600}) {
      byte[] payload = new byte[n];
      r.nextBytes(payload);
      out.add(Ipv4Frames.udp(0x0a000001, 40000 + n, 0x0a000002, PortRewriter.FROM_PORT, payload));
      out.add(Ipv4Frames.udp(0x0a000003, 53, 0xc0a80001, 5353, payload));
      out.add(Ipv4Frames.tcp(0x0a000001, 50000, 0x0a000002, PortRewriter.FROM_PORT, payload));
      byte[] noChecksum =
          Ipv4Frames.udp(0x0a000001, 1234, 0x0a000002, PortRewriter.FROM_PORT, payload);
      noChecksum[Ipv4Frames.L4_OFFSET + 6] = 0;
      noChecksum[Ipv4Frames.L4_OFFSET + 7] = 0;
      out.add(noChecksum);
    }
    out.addAll(DiffFrames.randomFrames(seed, RANDOM_FRAMES, 400));
    return out;
  }

  private static String kernelRun(BpfObject obj, SimProgram p, byte[] frame) {
    try {
      TestRunResult r = obj.program(p.name()).testRun(frame, 1);
      return "returns " + r.retval() + ", data_out " + HexFormat.of().formatHex(r.dataOut());
    } catch (BpfException e) {
      return e.errno() == 22 ? "refused" : "failed: " + e.getMessage();
    }
  }

  private static String simulatedRun(BpfSimulator sim, SimProgram p, byte[] frame, int lo) {
    BpfContext ctx;
    try {
      ctx =
          p.type() == ProgramType.XDP
              ? SimXdpMd.testRun(frame).ingressIfindex(lo).build()
              : SimSkBuff.testRun(p.type(), frame).ifindex(lo).build();
    } catch (IllegalArgumentException e) {
      return "refused";
    }
    SimResult r = sim.run(p, ctx);
    return "returns " + r.returnValue() + ", data_out " + HexFormat.of().formatHex(r.dataOut());
  }

  private static String show(byte[] frame) {
    String hex = HexFormat.of().formatHex(frame, 0, Math.min(frame.length, 48));
    return "(" + frame.length + " bytes: " + hex + (frame.length > 48 ? "..." : "") + ")";
  }
}
