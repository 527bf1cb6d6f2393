package io.bpf4j.it.corpus;

import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.MapHandle;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * corpus/CgroupFirewall.java: a cgroup_skb/ingress program (len = frame - 14) allows IPv4 inside
 * the length window [minLen, maxLen] and counts verdicts in a PERCPU_ARRAY, summed here.
 */
class CgroupFirewallTest {
  static final class Verdicts {
    long allowed;
    long denied;
    long allowedBytes;
  }

  static final class Window {
    int minLen;
    int maxLen;
  }

  @Test
  void allowsIpv4InsideTheLengthWindow() {
    int minLen = 40;
    int maxLen = 1000;
    List<byte[]> frames =
        List.of(
            Packet.udpFrame(60),
            Packet.udpFrame(42),
            Packet.udpFrame(54),
            Packet.udpFrame(53),
            Packet.tcpFrame(1014),
            Packet.tcpFrame(1015),
            Packet.rawFrame(Packet.ETH_P_IPV6, 100),
            Packet.rawFrame(Packet.ETH_P_ARP, 60));
    long allowed = 0;
    long denied = 0;
    long allowedBytes = 0;
    Expect expect = new Expect("CgroupFirewall");
    try (BpfObject obj = Corpus.load("CgroupFirewall");
        MapHandle<Integer, Verdicts> verdicts = obj.map("verdicts", Integer.class, Verdicts.class);
        MapHandle<Integer, Window> windows = obj.map("windows", Integer.class, Window.class)) {
      Window w = new Window();
      w.minLen = minLen;
      w.maxLen = maxLen;
      windows.put(0, w);
      for (byte[] frame : frames) {
        int len = Packet.networkLength(frame);
        boolean allow =
            Packet.etherTypeOf(frame) == Packet.ETH_P_IP && len >= minLen && len <= maxLen;
        int ret = obj.program("filter").testRun(frame, 2).retval();
        expect.equal(
            allow ? 1 : 0,
            ret,
            "EtherType 0x" + Integer.toHexString(Packet.etherTypeOf(frame)) + " len " + len);
        if (allow) {
          allowed += 2;
          allowedBytes += 2L * len;
        } else {
          denied += 2;
        }
      }
      long gotAllowed = 0;
      long gotDenied = 0;
      long gotBytes = 0;
      for (Verdicts v : verdicts.getPerCpu(0)) {
        gotAllowed += v.allowed;
        gotDenied += v.denied;
        gotBytes += v.allowedBytes;
      }
      expect.equal(allowed, gotAllowed, "allowed, summed over CPUs");
      expect.equal(denied, gotDenied, "denied, summed over CPUs");
      expect.equal(allowedBytes, gotBytes, "allowed bytes, summed over CPUs");
    }
    expect.verify();
  }
}
