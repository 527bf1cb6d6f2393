package io.bpf4j.it.corpus;

import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.MapHandle;
import java.util.List;
import org.junit.jupiter.api.Test;

/** corpus/EgressMix.java: arrays, packet reads, per-CPU maps, @Helper, egress hooks. */
class EgressMixTest {
  static final class Seen {
    int etherType;
    int srcAddr;
    int headerSum;
    int picked;
    int random;
  }

  @Test
  void egressProgramsSeeTheFrame() {
    byte[] frame = Packet.udpFrame(100);
    int runs = 3;
    Expect expect = new Expect("EgressMix");
    try (BpfObject obj = Corpus.load("EgressMix");
        MapHandle<Integer, Seen> seen = obj.map("seen", Integer.class, Seen.class);
        MapHandle<Integer, Long> bytes = obj.map("bytesByType", Integer.class, Long.class);
        MapHandle<Integer, Long> packets = obj.map("packetsByType", Integer.class, Long.class);
        MapHandle<Integer, Long> cgroup = obj.map("cgroupBytes", Integer.class, Long.class)) {
      int ret = obj.program("egress").testRun(frame, runs).retval();
      expect.equal(-1, ret, "tcx returns TCX_NEXT");
      // tcx test runs see the whole frame: the IPv4 header starts at 14.
      int[] header = new int[8];
      int sum = 0;
      for (int i = 0; i < 8; i++) {
        header[i] = frame[14 + i] & 0xff;
        sum += header[i] << (i & 3);
      }
      Seen s = seen.get(0);
      expect.equal(Packet.ETH_P_IP, s.etherType, "loadHalf(12), the EtherType");
      expect.equal(
          ((frame[26] & 0xff) << 24)
              | ((frame[27] & 0xff) << 16)
              | ((frame[28] & 0xff) << 8)
              | (frame[29] & 0xff),
          s.srcAddr,
          "loadWord(26), the source address");
      expect.equal(sum, s.headerSum, "sum over the stack array");
      expect.equal(header[frame.length & 7], s.picked, "header[len & 7]");
      expect.equal(true, s.random >= 0 && s.random <= 0xff, "prandom() & 0xff in range");
      expect.equal(
          (long) frame.length * runs, sum(bytes.getPerCpu(Packet.ETH_P_IP)), "PERCPU_HASH bytes");
      expect.equal((long) runs, sum(packets.getPerCpu(Packet.ETH_P_IP)), "LRU_PERCPU_HASH count");

      int cgroupRet = obj.program("cgroupEgress").testRun(frame, runs).retval();
      expect.equal(1, cgroupRet, "cgroup_skb allows");
      // cgroup_skb test runs, like socket filters, start at the network header.
      expect.equal((long) (frame.length - 14) * runs, cgroup.get(0), "cgroup_skb bytes");
    }
    expect.verify();
  }

  private static long sum(List<Long> perCpu) {
    long total = 0;
    for (Long v : perCpu) {
      total += v == null ? 0 : v;
    }
    return total;
  }
}
