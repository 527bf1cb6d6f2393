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
 * A port of xdp-tutorial's packet-solutions/xdp_prog_kern_02.c (GPL-2.0, with the parsers of
 * common/parsing_helpers.h, the VLAN rewrites of common/rewrite_helpers.h and the stats of
 * common/xdp_stats_kern.h; our C twin is c/public/xdp_prog_kern_02.c), two programs.
 *
 * <p>{@code xdpPatchPortsFunc}: up to four VLAN tags skipped, IPv4 (IHL at least 5) or
 * IPv6, then the UDP or TCP destination port decremented and the checksum field bumped the
 * tutorial's way; XDP_PASS, or XDP_ABORTED for a UDP/TCP header that does not parse; every verdict
 * counted (packets and bytes) in a PERCPU_ARRAY indexed by action. {@code xdpVlanSwapFunc}: the
 * outermost VLAN tag popped (bpf_xdp_adjust_head forward, the Ethernet header copied back) or, for
 * an untagged frame, a tag with ID 1 pushed; always XDP_PASS. Written against the tutorial's C, not
 * tuned to the compiler.
 *
 * <p>Where the port differs: the tutorial's cursor ({@code struct hdr_cursor}, a pointer the
 * parsers advance) is a {@code @Struct} holding an offset, and the header pointers the parsers
 * hand back through {@code struct xxx **} are the cursor's offset taken before the call; each
 * {@code goto out} is a return through the stats call; the C's
 * {@code check += bpf_htons(1)} adds 0x0100 to the field as a little-endian CPU holds it (so a
 * carry out of the low network byte is lost), written here with {@code Bpf.ntohs}/{@code htons}
 * around the network-order load and store; the C's {@code struct ethhdr eth_cpy} and its memcpys
 * are a 14-byte stack array filled by {@code loadBytes} and written back by {@code storeBytes}.
 */
@License("GPL")
public final class XdpProgKern02 {
  static final int ETH_HLEN = 14;
  static final int VLAN_HLEN = 4;
  static final int IPV4_HLEN = 20;
  static final int IPV6_HLEN = 40;
  static final int UDP_HLEN = 8;
  static final int TCP_HLEN = 20;
  static final int ETH_P_IP = 0x0800;
  static final int ETH_P_IPV6 = 0x86DD;
  static final int ETH_P_8021Q = 0x8100;
  static final int ETH_P_8021AD = 0x88A8;
  static final int IPPROTO_TCP = 6;
  static final int IPPROTO_UDP = 17;
  static final int VLAN_MAX_DEPTH = 4;
  static final int XDP_ACTION_MAX = Xdp.REDIRECT + 1;

  /** The tutorial's {@code struct datarec}, its field names kept so one reader decodes both. */
  @Struct
  public static final class Datarec {
    public long rx_packets;
    public long rx_bytes;
  }

  /** The tutorial's {@code struct hdr_cursor}: where the next header starts. */
  @Struct
  public static final class HdrCursor {
    public int pos;
  }

  @Map(type = MapType.PERCPU_ARRAY, maxEntries = 5, name = "xdp_stats_map")
  static BpfMap<Integer, Datarec> xdpStatsMap;

  static int xdpStatsRecordAction(XdpMd ctx, int action) {
    if (Integer.toUnsignedLong(action) >= XDP_ACTION_MAX) {
      return Xdp.ABORTED;
    }
    Datarec rec = xdpStatsMap.lookup(action);
    if (rec == null) {
      return Xdp.ABORTED;
    }
    rec.rx_packets++;
    rec.rx_bytes += ctx.length();
    return action;
  }

  static boolean protoIsVlan(int hProto) {
    return hProto == ETH_P_8021Q || hProto == ETH_P_8021AD;
  }

  static int parseEthhdr(XdpMd ctx, HdrCursor nh) {
    int eth = nh.pos;
    if (nh.pos + ETH_HLEN > ctx.length()) {
      return -1;
    }
    nh.pos += ETH_HLEN;
    int vlh = nh.pos;
    int hProto = ctx.loadHalf(eth + 12);
    for (int i = 0; i < VLAN_MAX_DEPTH; i++) {
      if (!protoIsVlan(hProto)) {
        break;
      }
      if (vlh + VLAN_HLEN > ctx.length()) {
        break;
      }
      hProto = ctx.loadHalf(vlh + 2);
      vlh += VLAN_HLEN;
    }
    nh.pos = vlh;
    return hProto;
  }

  static int parseIp6hdr(XdpMd ctx, HdrCursor nh) {
    int ip6h = nh.pos;
    if (ip6h + IPV6_HLEN > ctx.length()) {
      return -1;
    }
    nh.pos = ip6h + IPV6_HLEN;
    return ctx.loadByte(ip6h + 6);
  }

  static int parseIphdr(XdpMd ctx, HdrCursor nh) {
    int iph = nh.pos;
    if (iph + IPV4_HLEN > ctx.length()) {
      return -1;
    }
    int hdrsize = (ctx.loadByte(iph) & 0xf) * 4;
    if (hdrsize < IPV4_HLEN) {
      return -1;
    }
    if (nh.pos + hdrsize > ctx.length()) {
      return -1;
    }
    nh.pos += hdrsize;
    return ctx.loadByte(iph + 9);
  }

  static int parseUdphdr(XdpMd ctx, HdrCursor nh) {
    int h = nh.pos;
    if (h + UDP_HLEN > ctx.length()) {
      return -1;
    }
    nh.pos = h + UDP_HLEN;
    int len = ctx.loadHalf(h + 4) - UDP_HLEN;
    if (len < 0) {
      return -1;
    }
    return len;
  }

  static int parseTcphdr(XdpMd ctx, HdrCursor nh) {
    int h = nh.pos;
    if (h + TCP_HLEN > ctx.length()) {
      return -1;
    }
    int len = (ctx.loadByte(h + 12) >> 4) * 4;
    if (len < TCP_HLEN) {
      return -1;
    }
    if (nh.pos + len > ctx.length()) {
      return -1;
    }
    nh.pos += len;
    return len;
  }

  @Section("xdp")
  public static int xdpPatchPortsFunc(XdpMd ctx) {
    int action = Xdp.PASS;
    HdrCursor nh = new HdrCursor();
    nh.pos = 0;
    int ethType = parseEthhdr(ctx, nh);
    if (ethType < 0) {
      return xdpStatsRecordAction(ctx, Xdp.ABORTED);
    }
    int ipType;
    if (ethType == ETH_P_IP) {
      ipType = parseIphdr(ctx, nh);
    } else if (ethType == ETH_P_IPV6) {
      ipType = parseIp6hdr(ctx, nh);
    } else {
      return xdpStatsRecordAction(ctx, action);
    }
    if (ipType == IPPROTO_UDP) {
      int udphdr = nh.pos;
      if (parseUdphdr(ctx, nh) < 0) {
        return xdpStatsRecordAction(ctx, Xdp.ABORTED);
      }
      ctx.storeHalf(udphdr + 2, (ctx.loadHalf(udphdr + 2) - 1) & 0xffff);
      int check = (Bpf.ntohs(ctx.loadHalf(udphdr + 6)) + Bpf.htons(1)) & 0xffff;
      if (check == 0) {
        check = (check + Bpf.htons(1)) & 0xffff;
      }
      ctx.storeHalf(udphdr + 6, Bpf.htons(check));
    } else if (ipType == IPPROTO_TCP) {
      int tcphdr = nh.pos;
      if (parseTcphdr(ctx, nh) < 0) {
        return xdpStatsRecordAction(ctx, Xdp.ABORTED);
      }
      ctx.storeHalf(tcphdr + 2, (ctx.loadHalf(tcphdr + 2) - 1) & 0xffff);
      int check = (Bpf.ntohs(ctx.loadHalf(tcphdr + 16)) + Bpf.htons(1)) & 0xffff;
      if (check == 0) {
        check = (check + Bpf.htons(1)) & 0xffff;
      }
      ctx.storeHalf(tcphdr + 16, Bpf.htons(check));
    }
    return xdpStatsRecordAction(ctx, action);
  }

  static int vlanTagPop(XdpMd ctx, int eth) {
    if (!protoIsVlan(ctx.loadHalf(eth + 12))) {
      return -1;
    }
    int vlh = eth + ETH_HLEN;
    if (vlh + VLAN_HLEN > ctx.length()) {
      return -1;
    }
    int vlid = ctx.loadHalf(vlh);
    int hProto = ctx.loadHalf(vlh + 2);
    byte[] ethCpy = new byte[ETH_HLEN];
    ctx.loadBytes(eth, ethCpy);
    if (ctx.adjustHead(VLAN_HLEN) != 0) {
      return -1;
    }
    if (ETH_HLEN > ctx.length()) {
      return -1;
    }
    ctx.storeBytes(0, ethCpy);
    ctx.storeHalf(12, hProto);
    return vlid;
  }

  static int vlanTagPush(XdpMd ctx, int eth, int vlid) {
    byte[] ethCpy = new byte[ETH_HLEN];
    ctx.loadBytes(eth, ethCpy);
    if (ctx.adjustHead(0 - VLAN_HLEN) != 0) {
      return -1;
    }
    if (ETH_HLEN > ctx.length()) {
      return -1;
    }
    ctx.storeBytes(0, ethCpy);
    int vlh = ETH_HLEN;
    if (vlh + VLAN_HLEN > ctx.length()) {
      return -1;
    }
    ctx.storeHalf(vlh, vlid);
    ctx.storeHalf(vlh + 2, ctx.loadHalf(12));
    ctx.storeHalf(12, ETH_P_8021Q);
    return 0;
  }

  @Section("xdp")
  public static int xdpVlanSwapFunc(XdpMd ctx) {
    HdrCursor nh = new HdrCursor();
    nh.pos = 0;
    int eth = nh.pos;
    int nhType = parseEthhdr(ctx, nh);
    if (nhType < 0) {
      return Xdp.PASS;
    }
    if (protoIsVlan(ctx.loadHalf(eth + 12))) {
      vlanTagPop(ctx, eth);
    } else {
      vlanTagPush(ctx, eth, 1);
    }
    return Xdp.PASS;
  }

  private XdpProgKern02() {}
}
