package corpus.open;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.Bpf;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.Xdp;
import io.bpf4j.lang.XdpMd;

/**
 * A port of the kernel's samples/bpf/xdp_adjust_tail_kern.c (GPL-2.0-only,
 * our C twin c/public/xdp_adjust_tail_kern.c): an IPv4 frame over 600 bytes is cut to 98 bytes
 * (bpf_xdp_adjust_tail), given 28 bytes in front (bpf_xdp_adjust_head) and rewritten into an ICMPv4
 * "fragmentation needed" (MTU 586) back to its sender: MACs swapped, a new IPv4 header with the
 * addresses swapped, both checksums computed with bpf_csum_diff; it is counted and sent with
 * XDP_TX. Other IPv4 frames and non-IPv4 frames pass; a frame shorter than Ethernet is dropped.
 * Written against the sample's C, not tuned to the compiler.
 *
 * <p>Where the port differs: the C sums the packet in place ({@code bpf_csum_diff(0, 0, ptr, n,
 * 0)}), while {@code Bpf.csumDiff} takes stack arrays, so the 92 ICMP bytes and the 20 IPv4 header
 * bytes are copied to the stack first; the C's memcpy of MACs is a load to and store from a 6-byte
 * array; its separate {@code version = 4; ihl = 5} bitfield writes are one store of 0x45 (the
 * byte they leave).
 */
@License("GPL")
public final class XdpAdjustTail {
  static final int ETH_HLEN = 14;
  static final int ETH_ALEN = 6;
  static final int IPV4_HLEN = 20;
  static final int ICMP_HLEN = 8;
  static final int ETH_P_IP = 0x0800;
  static final int IPPROTO_ICMP = 1;
  static final int ICMP_DEST_UNREACH = 3;
  static final int ICMP_FRAG_NEEDED = 4;
  static final int DEFAULT_TTL = 64;
  static final int MAX_PCKT_SIZE = 600;
  static final int ICMP_TOOBIG_SIZE = 98;
  static final int ICMP_TOOBIG_PAYLOAD_SIZE = 92;

  /** The sample's {@code __u64} value. */
  @Struct
  public static final class Count {
    public long value;
  }

  @Map(type = MapType.ARRAY, maxEntries = 1)
  static BpfMap<Integer, Count> icmpcnt;

  static void countIcmp() {
    Count icmpCount = icmpcnt.lookup(0);
    if (icmpCount != null) {
      icmpCount.value += 1;
    }
  }

  /** The Ethernet header at 0 from the original one at {@code origEth}: MACs swapped. */
  static void swapMac(XdpMd xdp, int origEth) {
    byte[] mac = new byte[ETH_ALEN];
    xdp.loadBytes(origEth, mac);
    xdp.storeBytes(ETH_ALEN, mac);
    xdp.loadBytes(origEth + ETH_ALEN, mac);
    xdp.storeBytes(0, mac);
    xdp.storeHalf(12, xdp.loadHalf(origEth + 12));
  }

  /** The sample's fold: one carry added, inverted, cut to 16 bits. */
  static int csumFoldHelper(int csum) {
    return ~((csum & 0xffff) + (csum >>> 16)) & 0xffff;
  }

  @Section("xdp")
  public static int xdpIcmp(XdpMd xdp) {
    if (ETH_HLEN > xdp.length()) {
      return Xdp.DROP;
    }
    int hProto = xdp.loadHalf(12);
    if (hProto == ETH_P_IP) {
      return handleIpv4(xdp);
    } else {
      return Xdp.PASS;
    }
  }

  static int handleIpv4(XdpMd xdp) {
    int pcktSize = xdp.length();
    if (pcktSize > MAX_PCKT_SIZE) {
      int offset = pcktSize - ICMP_TOOBIG_SIZE;
      if (xdp.adjustTail(0 - offset) != 0) {
        return Xdp.PASS;
      }
      return sendIcmp4TooBig(xdp);
    }
    return Xdp.PASS;
  }

  static int sendIcmp4TooBig(XdpMd xdp) {
    int headroom = IPV4_HLEN + ICMP_HLEN;
    if (xdp.adjustHead(0 - headroom) != 0) {
      return Xdp.DROP;
    }
    if (ICMP_TOOBIG_SIZE + headroom > xdp.length()) {
      return Xdp.DROP;
    }
    int origEth = headroom;
    swapMac(xdp, origEth);
    int off = ETH_HLEN;
    int iph = off;
    off += IPV4_HLEN;
    int icmpHdr = off;
    off += ICMP_HLEN;
    int origIph = off;
    xdp.storeByte(icmpHdr, ICMP_DEST_UNREACH);
    xdp.storeByte(icmpHdr + 1, ICMP_FRAG_NEEDED);
    xdp.storeHalf(icmpHdr + 6, MAX_PCKT_SIZE - ETH_HLEN);
    xdp.storeHalf(icmpHdr + 2, 0);
    byte[] icmp = new byte[ICMP_TOOBIG_PAYLOAD_SIZE];
    xdp.loadBytes(icmpHdr, icmp);
    int csum = csumFoldHelper((int) Bpf.csumDiff(null, icmp, 0));
    // The C stores the folded sum as the CPU holds it: little-endian, the network value swapped.
    xdp.storeHalf(icmpHdr + 2, Bpf.htons(csum));
    xdp.storeByte(iph + 8, DEFAULT_TTL);
    xdp.storeWord(iph + 16, xdp.loadWord(origIph + 12));
    xdp.storeWord(iph + 12, xdp.loadWord(origIph + 16));
    xdp.storeByte(iph, 0x45);
    xdp.storeByte(iph + 9, IPPROTO_ICMP);
    xdp.storeByte(iph + 1, 0);
    xdp.storeHalf(iph + 2, ICMP_TOOBIG_SIZE + headroom - ETH_HLEN);
    xdp.storeHalf(iph + 10, 0);
    byte[] ip = new byte[IPV4_HLEN];
    xdp.loadBytes(iph, ip);
    csum = csumFoldHelper((int) Bpf.csumDiff(null, ip, 0));
    xdp.storeHalf(iph + 10, Bpf.htons(csum));
    countIcmp();
    return Xdp.TX;
  }

  private XdpAdjustTail() {}
}
