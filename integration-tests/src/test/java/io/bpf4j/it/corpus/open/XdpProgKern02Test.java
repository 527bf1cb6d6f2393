package io.bpf4j.it.corpus.open;

import static io.bpf4j.it.corpus.open.Frames.ETH_P_8021AD;
import static io.bpf4j.it.corpus.open.Frames.ETH_P_8021Q;
import static io.bpf4j.it.corpus.open.Frames.ETH_P_ARP;
import static io.bpf4j.it.corpus.open.Frames.ETH_P_IP;
import static io.bpf4j.it.corpus.open.Frames.ETH_P_IPV6;
import static io.bpf4j.it.corpus.open.Frames.IPPROTO_ICMP;
import static io.bpf4j.it.corpus.open.Frames.IPPROTO_TCP;
import static io.bpf4j.it.corpus.open.Frames.IPPROTO_UDP;
import static io.bpf4j.it.corpus.open.Frames.eth;
import static io.bpf4j.it.corpus.open.Frames.ipv4;
import static io.bpf4j.it.corpus.open.Frames.ipv6;
import static io.bpf4j.it.corpus.open.Frames.payload;
import static io.bpf4j.it.corpus.open.Frames.put16;
import static io.bpf4j.it.corpus.open.Frames.tcp;
import static io.bpf4j.it.corpus.open.Frames.udp;
import static io.bpf4j.it.corpus.open.Frames.vlan;

import io.bpf4j.it.corpus.Packet;
import io.bpf4j.runtime.TestRunResult;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * xdp-tutorial's packet02 solutions (corpus/open/XdpProgKern02.java against
 * c/public/xdp_prog_kern_02.c). xdp_patch_ports_func: after up to four VLAN tags and IPv4 or IPv6,
 * the UDP or TCP destination port goes down by one and the checksum field gets the tutorial's bump
 * (0x0100 added to the little-endian value, again if that gives 0); XDP_ABORTED for a UDP/TCP
 * header that does not parse, XDP_PASS otherwise; packets and bytes counted per verdict.
 * xdp_vlan_swap_func: the outer VLAN tag popped, or a tag with ID 1 pushed onto an untagged frame.
 * Both builds must agree with each other and with what is worked out here, on valid and malformed
 * frames.
 */
class XdpProgKern02Test {
  record Run(String what, byte[] frame) {}

  static final int ABORTED = 0;
  static final int PASS = 2;

  static byte[] udp4(int dport, int check) {
    byte[] f = eth(ETH_P_IP, ipv4(IPPROTO_UDP, udp(5000, dport, payload(12))));
    put16(f, 40, check);
    return f;
  }

  /** {@code inner} (IPv4) behind {@code tags} VLAN tags, the outer one 802.1ad. */
  static byte[] tagged(int tags, byte[] inner) {
    byte[] rest = inner;
    int type = ETH_P_IP;
    for (int i = tags; i >= 2; i--) {
      rest = vlan(i, type, rest);
      type = ETH_P_8021Q;
    }
    return eth(ETH_P_8021AD, vlan(1, type, rest));
  }

  static List<Run> runs() {
    byte[] ipv4Udp = ipv4(IPPROTO_UDP, udp(1, 53, payload(6)));
    byte[] ihl15 = eth(ETH_P_IP, ipv4(IPPROTO_UDP, udp(1, 53, payload(6))));
    ihl15[14] = 0x4f; // 60 header bytes claimed, 34 there
    byte[] ihl4 = eth(ETH_P_IP, ipv4(IPPROTO_UDP, udp(1, 53, payload(6))));
    ihl4[14] = 0x44;
    byte[] udpLen4 = eth(ETH_P_IP, ipv4(IPPROTO_UDP, udp(1, 53, payload(6))));
    put16(udpLen4, 38, 4);
    byte[] doff4 = eth(ETH_P_IP, ipv4(IPPROTO_TCP, tcp(1, 80, payload(40))));
    doff4[46] = 0x40;
    byte[] doff15 = eth(ETH_P_IP, ipv4(IPPROTO_TCP, tcp(1, 80, payload(20))));
    doff15[46] = (byte) 0xf0;
    return List.of(
        new Run("IPv4/UDP to 53, checksum 00 00", udp4(53, 0)),
        new Run("IPv4/UDP, checksum 12 ff (the bump's carry is lost)", udp4(53, 0x12ff)),
        new Run("IPv4/UDP, checksum 00 ff (bumped to 0, then again)", udp4(53, 0x00ff)),
        new Run("IPv4/UDP to port 0 (wraps to 65535)", udp4(0, 0x8000)),
        new Run("IPv4/TCP to 443", eth(ETH_P_IP, ipv4(IPPROTO_TCP, tcp(40000, 443, payload(8))))),
        new Run("IPv6/UDP to 9", eth(ETH_P_IPV6, ipv6(IPPROTO_UDP, 2, udp(1, 9, payload(4))))),
        new Run("IPv6/TCP to 22", eth(ETH_P_IPV6, ipv6(IPPROTO_TCP, 2, tcp(1, 22, payload(4))))),
        new Run("802.1Q IPv4/UDP", eth(ETH_P_8021Q, vlan(3, ETH_P_IP, ipv4Udp))),
        new Run("four VLAN tags, IPv4/UDP", tagged(4, ipv4Udp)),
        new Run("five VLAN tags (the fifth is not skipped)", tagged(5, ipv4Udp)),
        new Run("802.1Q cut inside its tag", eth(ETH_P_8021Q, payload(3))),
        new Run("IPv4 with IHL 4", ihl4),
        new Run("IPv4 with IHL 15, 20 header bytes there", ihl15),
        new Run("IPv4 cut at 10 header bytes", eth(ETH_P_IP, payload(10))),
        new Run("IPv4/UDP cut at 4 UDP bytes", eth(ETH_P_IP, ipv4(IPPROTO_UDP, payload(4)))),
        new Run("IPv4/UDP with length 4", udpLen4),
        new Run("IPv4/TCP with data offset 4", doff4),
        new Run("IPv4/TCP with data offset 15, 40 bytes there", doff15),
        new Run(
            "IPv4/TCP cut at 19 TCP bytes",
            eth(ETH_P_IP, ipv4(IPPROTO_TCP, Arrays.copyOf(tcp(1, 2, new byte[0]), 19)))),
        new Run("IPv4/ICMP", eth(ETH_P_IP, ipv4(IPPROTO_ICMP, payload(16)))),
        new Run("ARP", Packet.rawFrame(ETH_P_ARP, 42)),
        new Run("bare Ethernet header", eth(ETH_P_IP, new byte[0])));
  }

  /** The tutorial's parse and patch, worked out here: the verdict; {@code out} gets the bytes. */
  static int expected(byte[] f, byte[] out) {
    int len = f.length;
    int proto = Packet.u16(f, 12);
    int pos = 14;
    for (int i = 0; i < 4; i++) {
      if (proto != ETH_P_8021Q && proto != ETH_P_8021AD) {
        break;
      }
      if (pos + 4 > len) {
        break;
      }
      proto = Packet.u16(f, pos + 2);
      pos += 4;
    }
    int ipType;
    if (proto == ETH_P_IP) {
      int hdr = pos + 20 > len ? -1 : (f[pos] & 0xf) * 4;
      ipType = hdr < 20 || pos + hdr > len ? -1 : f[pos + 9] & 0xff;
      pos += Math.max(hdr, 0);
    } else if (proto == ETH_P_IPV6) {
      ipType = pos + 40 > len ? -1 : f[pos + 6] & 0xff;
      pos += 40;
    } else {
      return PASS;
    }
    int checkOff;
    if (ipType == IPPROTO_UDP) {
      if (pos + 8 > len || Packet.u16(f, pos + 4) < 8) {
        return ABORTED;
      }
      checkOff = 6;
    } else if (ipType == IPPROTO_TCP) {
      int doff = pos + 20 > len ? -1 : ((f[pos + 12] & 0xff) >> 4) * 4;
      if (doff < 20 || pos + doff > len) {
        return ABORTED;
      }
      checkOff = 16;
    } else {
      return PASS;
    }
    put16(out, pos + 2, (Packet.u16(f, pos + 2) - 1) & 0xffff);
    int at = pos + checkOff;
    int little = ((f[at] & 0xff) | ((f[at + 1] & 0xff) << 8)) + 0x100 & 0xffff;
    if (little == 0) {
      little = 0x100;
    }
    out[at] = (byte) little;
    out[at + 1] = (byte) (little >> 8);
    return PASS;
  }

  @Test
  void patchesPortsAndCountsVerdictsLikeTheTutorial() {
    long[][] want = new long[5][2];
    try (Twins t =
        new Twins(
            "XdpProgKern02", "xdpPatchPortsFunc", "xdp_prog_kern_02", "xdp_patch_ports_func")) {
      for (Run run : runs()) {
        TestRunResult ours = t.run(run.what(), run.frame(), 1);
        byte[] out = run.frame().clone();
        int verdict = expected(run.frame(), out);
        t.want(run.what(), ours, verdict, out);
        want[verdict][0]++;
        want[verdict][1] += run.frame().length;
      }
      Map<Integer, String> wantStats = XdpStats.table(want);
      t.expect.equal(wantStats, XdpStats.read(t.java), "Java's xdp_stats_map");
      t.expect.equal(wantStats, XdpStats.read(t.c), "C's xdp_stats_map");
      t.expect.verify();
    }
  }

  @Test
  void popsOrPushesAVlanTagLikeTheTutorial() {
    byte[] ipv4Udp = ipv4(IPPROTO_UDP, udp(1, 53, payload(6)));
    byte[] untagged = eth(ETH_P_IP, ipv4Udp);
    byte[] tagged = eth(ETH_P_8021Q, vlan(0x2007, ETH_P_IP, ipv4Udp));
    byte[] pushed = eth(ETH_P_8021Q, vlan(1, ETH_P_IP, ipv4Udp));
    List<Run> runs =
        List.of(
            new Run("IPv4/UDP: tag 1 pushed", untagged),
            new Run("802.1Q IPv4/UDP: tag popped", tagged),
            new Run("802.1ad+802.1Q: the outer tag popped", tagged(2, ipv4Udp)),
            new Run("802.1Q cut inside its tag: left alone", eth(ETH_P_8021Q, payload(3))),
            new Run("ARP: tag 1 pushed", Packet.rawFrame(ETH_P_ARP, 42)),
            new Run("bare Ethernet header: tag 1 pushed", eth(0x88B5, new byte[0])));
    byte[][] want = {
      pushed,
      untagged,
      eth(ETH_P_8021Q, vlan(2, ETH_P_IP, ipv4Udp)),
      eth(ETH_P_8021Q, payload(3)),
      eth(ETH_P_8021Q, vlan(1, ETH_P_ARP, payload(28))),
      eth(ETH_P_8021Q, vlan(1, 0x88B5, new byte[0]))
    };
    try (Twins t =
        new Twins("XdpProgKern02", "xdpVlanSwapFunc", "xdp_prog_kern_02", "xdp_vlan_swap_func")) {
      for (int i = 0; i < runs.size(); i++) {
        Run run = runs.get(i);
        TestRunResult ours = t.run(run.what(), run.frame(), 1);
        t.want(run.what(), ours, PASS, want[i]);
      }
      t.expect.verify();
    }
  }
}
