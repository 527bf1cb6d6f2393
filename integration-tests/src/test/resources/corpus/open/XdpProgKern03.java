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
 * A port of xdp-tutorial's xdp_icmp_echo_func (packet-solutions/xdp_prog_kern_03.c, GPL-2.0, with
 * the parsers of common/parsing_helpers.h, the swaps of common/rewrite_helpers.h and the stats of
 * common/xdp_stats_kern.h; our C twin is c/public/xdp_prog_kern_03.c): an ICMP echo request over
 * IPv4 or an ICMPv6 echo request over IPv6 (after up to four VLAN tags) becomes its echo reply,
 * sent back with XDP_TX: MAC and IP addresses swapped, the type changed and the checksum updated
 * with bpf_csum_diff over the 4-byte common ICMP header; anything else passes; every verdict is
 * counted per action. Written against the tutorial's C, not tuned to the compiler.
 *
 * <p>Where the port differs: the cursor ({@code struct hdr_cursor}) is a {@code @Struct} holding
 * an offset and the header pointers the parsers hand back are offsets; each {@code goto out} is a
 * return through the stats call; the C's stack copies ({@code icmphdr_old}, the MAC and IPv6
 * address temporaries) are stack arrays filled by {@code loadBytes}, and since {@code
 * Bpf.csumDiff} takes arrays, the new ICMP header is read back into one before the sum, and
 * {@code icmp_checksum_diff} is written out where it is called (BPF code here cannot pass an array
 * to a method). The C's
 * checksum arithmetic is on the values as a little-endian CPU holds them (its seed {@code
 * ~old_csum} cut to 16 bits); {@code Bpf.ntohs}/{@code htons} around the network-order load and
 * store do the same here.
 */
@License("GPL")
public final class XdpProgKern03 {
  static final int ETH_HLEN = 14;
  static final int ETH_ALEN = 6;
  static final int VLAN_HLEN = 4;
  static final int IPV4_HLEN = 20;
  static final int IPV6_HLEN = 40;
  static final int ICMP_COMMON_HLEN = 4;
  static final int ETH_P_IP = 0x0800;
  static final int ETH_P_IPV6 = 0x86DD;
  static final int ETH_P_8021Q = 0x8100;
  static final int ETH_P_8021AD = 0x88A8;
  static final int IPPROTO_ICMP = 1;
  static final int IPPROTO_ICMPV6 = 58;
  static final int ICMP_ECHOREPLY = 0;
  static final int ICMP_ECHO = 8;
  static final int ICMPV6_ECHO_REQUEST = 128;
  static final int ICMPV6_ECHO_REPLY = 129;
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

  static int parseIcmphdrCommon(XdpMd ctx, HdrCursor nh) {
    int h = nh.pos;
    if (h + ICMP_COMMON_HLEN > ctx.length()) {
      return -1;
    }
    nh.pos = h + ICMP_COMMON_HLEN;
    return ctx.loadByte(h);
  }

  static void swapSrcDstMac(XdpMd ctx, int eth) {
    byte[] hTmp = new byte[ETH_ALEN];
    byte[] other = new byte[ETH_ALEN];
    ctx.loadBytes(eth + ETH_ALEN, hTmp);
    ctx.loadBytes(eth, other);
    ctx.storeBytes(eth + ETH_ALEN, other);
    ctx.storeBytes(eth, hTmp);
  }

  static void swapSrcDstIpv6(XdpMd ctx, int ipv6) {
    byte[] tmp = new byte[16];
    byte[] other = new byte[16];
    ctx.loadBytes(ipv6 + 8, tmp);
    ctx.loadBytes(ipv6 + 24, other);
    ctx.storeBytes(ipv6 + 8, other);
    ctx.storeBytes(ipv6 + 24, tmp);
  }

  static void swapSrcDstIpv4(XdpMd ctx, int iphdr) {
    int tmp = ctx.loadWord(iphdr + 12);
    ctx.storeWord(iphdr + 12, ctx.loadWord(iphdr + 16));
    ctx.storeWord(iphdr + 16, tmp);
  }

  static int csumFoldHelper(int csum) {
    int sum = (csum >>> 16) + (csum & 0xffff);
    sum += sum >>> 16;
    return ~sum & 0xffff;
  }

  @Section("xdp")
  public static int xdpIcmpEchoFunc(XdpMd ctx) {
    HdrCursor nh = new HdrCursor();
    nh.pos = 0;
    int eth = nh.pos;
    int ethType = parseEthhdr(ctx, nh);
    int iphdr = -1;
    int ipv6hdr = -1;
    if (ethType == ETH_P_IP) {
      iphdr = nh.pos;
      if (parseIphdr(ctx, nh) != IPPROTO_ICMP) {
        return xdpStatsRecordAction(ctx, Xdp.PASS);
      }
    } else if (ethType == ETH_P_IPV6) {
      ipv6hdr = nh.pos;
      if (parseIp6hdr(ctx, nh) != IPPROTO_ICMPV6) {
        return xdpStatsRecordAction(ctx, Xdp.PASS);
      }
    } else {
      return xdpStatsRecordAction(ctx, Xdp.PASS);
    }

    int icmphdr = nh.pos;
    int icmpType = parseIcmphdrCommon(ctx, nh);
    int echoReply;
    if (ethType == ETH_P_IP && icmpType == ICMP_ECHO) {
      swapSrcDstIpv4(ctx, iphdr);
      echoReply = ICMP_ECHOREPLY;
    } else if (ethType == ETH_P_IPV6 && icmpType == ICMPV6_ECHO_REQUEST) {
      swapSrcDstIpv6(ctx, ipv6hdr);
      echoReply = ICMPV6_ECHO_REPLY;
    } else {
      return xdpStatsRecordAction(ctx, Xdp.PASS);
    }

    swapSrcDstMac(ctx, eth);

    int oldCsum = Bpf.ntohs(ctx.loadHalf(icmphdr + 2));
    ctx.storeHalf(icmphdr + 2, 0);
    byte[] icmphdrOld = new byte[ICMP_COMMON_HLEN];
    ctx.loadBytes(icmphdr, icmphdrOld);
    ctx.storeByte(icmphdr, echoReply);
    byte[] icmphdrNew = new byte[ICMP_COMMON_HLEN];
    ctx.loadBytes(icmphdr, icmphdrNew);
    // icmp_checksum_diff(~old_csum, icmphdr, &icmphdr_old), written out here: BPF code cannot
    // pass an array to a method. Its seed parameter is a __u16.
    int seed = ~oldCsum & 0xffff;
    int csum = (int) Bpf.csumDiff(icmphdrOld, icmphdrNew, seed);
    ctx.storeHalf(icmphdr + 2, Bpf.htons(csumFoldHelper(csum)));

    return xdpStatsRecordAction(ctx, Xdp.TX);
  }

  private XdpProgKern03() {}
}
