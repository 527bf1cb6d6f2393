package io.bpf4j.it.corpus;

import static io.bpf4j.it.corpus.GlobalVariables.le;

import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.BpfProgram;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * corpus/Globals.java: .bss, .data and .rodata variables of every shape, written by the program in
 * the kernel and read back by name; {@code multiplier} set before load.
 */
class GlobalsTest {
  /** A socket filter's skb->len under BPF_PROG_TEST_RUN: the frame without its Ethernet header. */
  private static final int ETH_HLEN = 14;

  @Test
  void globalsWrittenByTheProgramAndConfigSetBeforeLoad() {
    Expect expect = new Expect("Globals");
    int[] lengths = {61, 74, 99};
    try (BpfObject obj =
        GlobalVariables.load("Globals", o -> o.withVariable("multiplier", le(5, 4)))) {
      BpfProgram count = obj.program("count");
      long total = 0;
      int seed = 7;
      long[] hist = new long[4];
      int[] weights = {1, 2, 3, 5};
      for (int frame : lengths) {
        int len = frame - ETH_HLEN;
        int ret = count.testRun(Packet.udpFrame(frame), 1).retval();
        expect.equal(len * 5 + weights[len & 3], ret, "len * multiplier + weight, len " + len);
        total += len;
        seed = seed * 31 + len;
        hist[len & 3]++;
      }
      Map<String, Object> bss = GlobalVariables.dump(count, "Globals.bss");
      expect.equal(total, bss.get("total"), "total");
      expect.equal((long) lengths.length, bss.get("atomicCount"), "atomicCount");
      expect.equal(List.of(hist[0], hist[1], hist[2], hist[3]), bss.get("hist"), "hist by len & 3");
      Map<?, ?> stats = (Map<?, ?>) bss.get("stats");
      expect.equal((long) lengths.length, stats.get("packets"), "stats.packets");
      expect.equal(
          (long) (lengths[lengths.length - 1] - ETH_HLEN), stats.get("lastLen"), "stats.lastLen");
      Map<String, Object> data = GlobalVariables.dump(count, "Globals.data");
      expect.equal((long) seed, data.get("seed"), "seed");
      expect.equal(List.of(1L, 2L, 3L, 5L), data.get("weights"), "weights (read only)");
      expect.equal((long) (byte) (-2 - lengths.length), data.get("small"), "small, a byte");
      Map<String, Object> rodata = GlobalVariables.dump(count, "Globals.rodata");
      expect.equal(5L, rodata.get("multiplier"), "multiplier as set before load");
      expect.equal(false, rodata.get("verbose"), "verbose");
    }
    expect.verify();
  }
}
