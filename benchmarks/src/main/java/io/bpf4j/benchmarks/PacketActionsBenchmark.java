package io.bpf4j.benchmarks;

import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.BpfProgram;
import io.bpf4j.runtime.BpfRuntime;
import io.bpf4j.runtime.TestRunResult;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Issue 15's measurement: the packet examples ({@code PortRewriter}, {@code XdpReflector}, their
 * objects from the examples jar) against clang twins ({@code
 * test-programs/src/main/resources/c/packets/*.c}, built now with {@code clang-19 -O2 -g -target
 * bpf -mcpu=v4 -c}): ns per run from {@code BPF_PROG_TEST_RUN} (the kernel's average, median of
 * interleaved rounds A B A B) and their ratio; then, with {@code BPF_F_TEST_XDP_LIVE_FRAMES}, the
 * reflector's frames per second through the whole XDP path (its {@code XDP_TX} frames really leave
 * through loopback), against its twin. Both variants must also write the same bytes. Needs root,
 * bpffs and clang-19; run it with {@code scripts/bench PacketActionsBenchmark [repeat]}.
 */
public final class PacketActionsBenchmark {
  private static final int ROUNDS = 7;
  private static final int WARMUP = 20_000;
  private static final int LIVE_BATCH = 64;

  private record Program(String label, String resource, String cFile, String name, byte[] frame) {}

  private PacketActionsBenchmark() {}

  public static void main(String[] args) throws Exception {
    int repeat = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 1_000_000;
    SourceTree tree = SourceTree.find();
    Path work = Files.createTempDirectory("bpf4j-packets");
    byte[] toRewrite = Frames.udpWithChecksum(64, 7777);
    byte[] toReflect = Frames.udp(64, 7);
    List<Program> programs =
        List.of(
            new Program(
                "PortRewriter (tc)",
                "io/bpf4j/examples/packets/PortRewriter.bpf.o",
                "c/packets/port_rewriter.c",
                "rewritePort",
                toRewrite),
            new Program(
                "XdpReflector (xdp)",
                "io/bpf4j/examples/packets/XdpReflector.bpf.o",
                "c/packets/xdp_reflector.c",
                "reflect",
                toReflect));
    try {
      System.out.printf(
          Locale.ROOT,
          "BPF_PROG_TEST_RUN, %d-byte UDP frames, %,d repeats, median of %d interleaved rounds%n",
          toRewrite.length,
          repeat,
          ROUNDS);
      System.out.printf(
          Locale.ROOT, "%-20s %10s %10s %7s  %s%n", "program", "ours ns", "clang ns", "ratio", "");
      BpfObject reflectorOurs = null;
      BpfObject reflectorClang = null;
      for (Program p : programs) {
        BpfObject ours = BpfRuntime.load(copy(p.resource(), work));
        BpfObject clang = BpfRuntime.load(clang(tree, work, p.cFile()));
        BpfProgram a = ours.program(p.name());
        BpfProgram b = clang.program(p.name());
        TestRunResult ra = a.testRun(p.frame(), 1);
        TestRunResult rb = b.testRun(p.frame(), 1);
        boolean same = ra.retval() == rb.retval() && Arrays.equals(ra.dataOut(), rb.dataOut());
        a.testRun(p.frame(), WARMUP);
        b.testRun(p.frame(), WARMUP);
        long[] na = new long[ROUNDS];
        long[] nb = new long[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
          na[r] = a.testRun(p.frame(), repeat).averageNs();
          nb[r] = b.testRun(p.frame(), repeat).averageNs();
        }
        long ma = median(na);
        long mb = median(nb);
        System.out.printf(
            Locale.ROOT,
            "%-20s %10d %10d %7s  %s%n",
            p.label(),
            ma,
            mb,
            mb == 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", (double) ma / mb),
            same ? "same retval and bytes" : "DIFFERENT OUTPUT");
        if (p.name().equals("reflect")) {
          reflectorOurs = ours;
          reflectorClang = clang;
        } else {
          ours.close();
          clang.close();
        }
      }
      try (BpfObject ours = reflectorOurs;
          BpfObject clang = reflectorClang) {
        live(ours.program("reflect"), clang.program("reflect"), toReflect, repeat);
      }
    } finally {
      SourceTree.deleteTree(work);
    }
  }

  private static void live(BpfProgram a, BpfProgram b, byte[] frame, int repeat) {
    try {
      a.testRunLiveFrames(frame, WARMUP, LIVE_BATCH);
      b.testRunLiveFrames(frame, WARMUP, LIVE_BATCH);
    } catch (RuntimeException e) {
      System.out.println("live frames: not available here (" + e.getMessage() + ")");
      return;
    }
    double[] pa = new double[ROUNDS];
    double[] pb = new double[ROUNDS];
    for (int r = 0; r < ROUNDS; r++) {
      pa[r] = packetsPerSecond(a, frame, repeat);
      pb[r] = packetsPerSecond(b, frame, repeat);
    }
    double ma = median(pa);
    double mb = median(pb);
    System.out.printf(
        Locale.ROOT,
        "BPF_F_TEST_XDP_LIVE_FRAMES, batch %d, %,d frames per run (XDP_TX out of loopback):%n"
            + "%-20s %,12.0f pkt/s ours %,12.0f pkt/s clang  ratio %.2f%n",
        LIVE_BATCH,
        repeat,
        "XdpReflector (xdp)",
        ma,
        mb,
        ma / mb);
  }

  private static double packetsPerSecond(BpfProgram p, byte[] frame, int repeat) {
    long t0 = System.nanoTime();
    p.testRunLiveFrames(frame, repeat, LIVE_BATCH);
    return repeat / ((System.nanoTime() - t0) / 1e9);
  }

  private static Path copy(String resource, Path work) throws Exception {
    Path out = work.resolve(Path.of(resource).getFileName().toString());
    try (InputStream in =
        PacketActionsBenchmark.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is not on the class path (build examples)");
      }
      Files.copy(in, out);
    }
    return out;
  }

  private static Path clang(SourceTree tree, Path work, String cFile) throws Exception {
    return Suite.clangObject(tree, work.resolve("c"), cFile, "c/packets/packet_defs.h");
  }

  private static long median(long[] v) {
    long[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }
}
