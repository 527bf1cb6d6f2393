package io.bpf4j.it.corpus.classic;

import io.bpf4j.it.corpus.Expect;
import io.bpf4j.it.corpus.Packet;
import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.MapHandle;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The XDP UDP port filter (corpus/classic/UdpPortFilter.java against c/classic/udp_port_filter.c):
 * XDP sees whole frames. For each configured port (0 = none) every frame is run on both objects;
 * the verdicts (DROP 1, PASS 2, ABORTED 0 for a frame that ends before a field the filter reads)
 * are worked out here, and so are the drops, summed over the CPUs of the PERCPU_ARRAY.
 */
class UdpPortFilterTest {
  static final int XDP_ABORTED = 0;
  static final int XDP_DROP = 1;
  static final int XDP_PASS = 2;

  static final class Config {
    int port;
  }

  static final class Drops {
    long packets;
    long bytes;
  }

  record Run(String what, byte[] frame, int repeat) {}

  @Test
  void dropsUdpToTheConfiguredPortLikeTheCVersion() {
    List<Run> runs =
        List.of(
            new Run("UDP 5000->53", Packet.udpFrame(60), 1),
            new Run("UDP 5000->53, 1000 bytes x4", Packet.udpFrame(1000), 4),
            new Run(
                "UDP 53->7777",
                Packet.ethernet().ipv4("10.0.0.1", "10.0.0.2").udp(53, 7777).payload(20).build(),
                1),
            new Run(
                "UDP 1->65535 x2",
                Packet.ethernet().ipv4("10.0.0.3", "10.0.0.4").udp(1, 65535).build(),
                2),
            new Run("UDP 5000->53 with IP options", Classic.withIpOptions(Packet.udpFrame(90)), 1),
            new Run("TCP 40000->443", Packet.tcpFrame(200), 1),
            new Run(
                "TCP 5000->53",
                Packet.ethernet().ipv4("10.0.0.1", "10.0.0.2").tcp(5000, 53).build(),
                1),
            new Run("ICMP", Packet.icmpFrame(98), 1),
            new Run("IPv6", Packet.rawFrame(Packet.ETH_P_IPV6, 100), 1),
            new Run("ARP", Packet.rawFrame(Packet.ETH_P_ARP, 42), 1),
            new Run(
                "UDP cut after the source port: aborted",
                Classic.truncate(Packet.udpFrame(60), 36),
                1),
            new Run(
                "IPv4 cut before the protocol byte: aborted",
                Classic.truncate(Packet.udpFrame(60), 20),
                1));
    int[] ports = {0, 53, 7777, 5000, 65535, 53};
    long dropPackets = 0;
    long dropBytes = 0;
    Expect expect = new Expect("classic/UdpPortFilter");
    try (BpfObject java = Classic.java("UdpPortFilter");
        BpfObject c = Classic.c("udp_port_filter");
        MapHandle<Integer, Config> javaConfig = java.map("config", Integer.class, Config.class);
        MapHandle<Integer, Config> cConfig = c.map("config", Integer.class, Config.class);
        MapHandle<Integer, Drops> javaDrops = java.map("drops", Integer.class, Drops.class);
        MapHandle<Integer, Drops> cDrops = c.map("drops", Integer.class, Drops.class)) {
      for (int port : ports) {
        Config config = new Config();
        config.port = port;
        javaConfig.put(0, config);
        cConfig.put(0, config);
        for (Run run : runs) {
          byte[] frame = run.frame();
          int ret = verdict(frame, port);
          if (ret == XDP_DROP) {
            dropPackets += run.repeat();
            dropBytes += (long) frame.length * run.repeat();
          }
          int javaRet = java.program("udpFilter").testRun(frame, run.repeat()).retval();
          int cRet = c.program("udpFilter").testRun(frame, run.repeat()).retval();
          String what = "port " + port + ", " + run.what();
          expect.equal(cRet, javaRet, what + ": Java's verdict against C's");
          expect.equal(ret, javaRet, what + ": Java's verdict");
          expect.equal(ret, cRet, what + ": C's verdict");
        }
      }
      String want = "packets=" + dropPackets + " bytes=" + dropBytes;
      String javaSum = sum(javaDrops);
      String cSum = sum(cDrops);
      expect.equal(cSum, javaSum, "Java's drops against C's, summed over the CPUs");
      expect.equal(want, javaSum, "Java's drops, summed over the CPUs");
      expect.equal(want, cSum, "C's drops, summed over the CPUs");
    }
    expect.verify();
  }

  private static int verdict(byte[] frame, int port) {
    int ip = Packet.ETH_HLEN;
    if (Packet.etherTypeOf(frame) != Packet.ETH_P_IP) {
      return XDP_PASS;
    }
    if (frame.length < ip + 10) {
      return XDP_ABORTED;
    }
    if (frame[ip + 9] != Packet.IPPROTO_UDP) {
      return XDP_PASS;
    }
    int udp = ip + (frame[ip] & 0xf) * 4;
    if (frame.length < udp + 4) {
      return XDP_ABORTED;
    }
    return port != 0 && Packet.u16(frame, udp + 2) == port ? XDP_DROP : XDP_PASS;
  }

  private static String sum(MapHandle<Integer, Drops> drops) {
    long packets = 0;
    long bytes = 0;
    for (Drops d : drops.getPerCpu(0)) {
      packets += d.packets;
      bytes += d.bytes;
    }
    return "packets=" + packets + " bytes=" + bytes;
  }
}
