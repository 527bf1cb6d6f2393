package corpus.open;

import io.bpf4j.annotations.Helper;
import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.Bpf;
import io.bpf4j.lang.SkBuff;
import io.bpf4j.lang.Tc;
import io.bpf4j.lang.Xdp;
import io.bpf4j.lang.XdpMd;

/**
 * A port of the kernel's selftest tools/testing/selftests/bpf/progs/test_xdp_vlan.c (GPL-2.0;
 * our C twin is c/public/test_xdp_vlan.c): XDP programs that parse up to two VLAN tags (the frame
 * must hold the Ethernet header and two tags' worth of bytes, else XDP_ABORTED) and drop VLAN 4011
 * (prognum0, XDP_ABORTED), change VLAN 4011 to 0 keeping the top 4 TCI bits (prognum1), or remove
 * the outer tag, by moving the MAC addresses 4 bytes up (prognum2, memmove) or shifting them by
 * 32-bit words (prognum3), then bpf_xdp_adjust_head; and a tc program pushing VLAN 4011 with
 * bpf_skb_vlan_push. Written against the selftest's C, not tuned to the compiler.
 *
 * <p>Where the port differs: {@code bpf_skb_vlan_push}, which bpf4j does not offer, is called
 * through {@code @Helper(id = 18)}; the C's memmove of 12 bytes is a load into a stack array and a
 * store; {@code parse_eth_frame}'s {@code struct ethhdr *} is the packet start (offset 0).
 */
@License("GPL")
public final class TestXdpVlan {
  static final int ETH_HLEN = 14;
  static final int ETH_ALEN = 6;
  static final int VLAN_HDR_SZ = 4;
  static final int ETH_P_8021Q = 0x8100;
  static final int ETH_P_8021AD = 0x88A8;
  static final int VLAN_VID_MASK = 0x0fff;
  static final int TESTVLAN = 4011; // 0xFAB
  static final int TO_VLAN = 0;

  /** The selftest's {@code struct parse_pkt}. */
  @Struct
  public static final class ParsePkt {
    public short l3Proto;
    public short l3Offset;
    public short vlanOuter;
    public short vlanInner;
    public byte vlanOuterOffset;
    public byte vlanInnerOffset;
  }

  @Helper(id = 18)
  static native int bpfSkbVlanPush(SkBuff skb, int vlanProto, int vlanTci);

  static boolean parseEthFrame(XdpMd ctx, ParsePkt pkt) {
    int eth = 0;
    int offset = ETH_HLEN;
    // every frame, tagged or not, must hold the Ethernet header and room for two tags; the
    // reads below rely on that one bound
    if (eth + offset + 2 * VLAN_HDR_SZ > ctx.length()) {
      return false;
    }
    int ethType = ctx.loadHalf(eth + 12);
    // an outer tag: note where it is and its VLAN ID
    if (ethType == ETH_P_8021Q || ethType == ETH_P_8021AD) {
      int vlanHdr = eth + offset;
      pkt.vlanOuterOffset = (byte) offset;
      pkt.vlanOuter = (short) (ctx.loadHalf(vlanHdr) & VLAN_VID_MASK);
      ethType = ctx.loadHalf(vlanHdr + 2);
      offset += VLAN_HDR_SZ;
    }
    // a second, inner tag behind it (QinQ)
    if (ethType == ETH_P_8021Q || ethType == ETH_P_8021AD) {
      int vlanHdr = eth + offset;
      pkt.vlanInnerOffset = (byte) offset;
      pkt.vlanInner = (short) (ctx.loadHalf(vlanHdr) & VLAN_VID_MASK);
      ethType = ctx.loadHalf(vlanHdr + 2);
      offset += VLAN_HDR_SZ;
    }
    pkt.l3Proto = (short) ethType;
    pkt.l3Offset = (short) offset;
    return true;
  }

  @Section("xdp")
  public static int xdpPrognum0(XdpMd ctx) {
    ParsePkt pkt = new ParsePkt();
    if (!parseEthFrame(ctx, pkt)) {
      return Xdp.ABORTED;
    }
    // the watched VLAN is refused, everything else passes
    if ((pkt.vlanOuter & 0xffff) == TESTVLAN) {
      return Xdp.ABORTED;
    }
    return Xdp.PASS;
  }

  @Section("xdp")
  public static int xdpPrognum1(XdpMd ctx) {
    ParsePkt pkt = new ParsePkt();
    if (!parseEthFrame(ctx, pkt)) {
      return Xdp.ABORTED;
    }
    // the watched VLAN's outer tag gets the replacement ID
    if ((pkt.vlanOuter & 0xffff) == TESTVLAN) {
      int vlanHdr = pkt.vlanOuterOffset & 0xff;
      // priority and DEI, the TCI's top 4 bits, stay as they were
      ctx.storeHalf(vlanHdr, (ctx.loadHalf(vlanHdr) & 0xf000) | TO_VLAN);
    }
    return Xdp.PASS;
  }

  @Section("xdp")
  public static int xdpPrognum2(XdpMd ctx) {
    ParsePkt pkt = new ParsePkt();
    if (!parseEthFrame(ctx, pkt)) {
      return Xdp.ABORTED;
    }
    // an untagged frame has nothing to remove
    if (pkt.vlanOuterOffset == 0) {
      return Xdp.PASS;
    }
    // the two MACs (12 bytes) move 4 bytes towards the payload, over the outer EtherType and
    // TCI, so that the tag's inner EtherType becomes the frame's; source and destination overlap,
    // hence the copy through the stack
    byte[] macs = new byte[ETH_ALEN * 2];
    ctx.loadBytes(0, macs);
    ctx.storeBytes(VLAN_HDR_SZ, macs);
    // the frame now starts past the 4 stale bytes
    ctx.adjustHead(VLAN_HDR_SZ);
    return Xdp.PASS;
  }

  /** The selftest's shift_mac_4bytes_32bit: p[3] = p[2]; p[2] = p[1]; p[1] = p[0]. */
  static void shiftMac4bytes32bit(XdpMd ctx) {
    ctx.storeWord(12, ctx.loadWord(8));
    ctx.storeWord(8, ctx.loadWord(4));
    ctx.storeWord(4, ctx.loadWord(0));
  }

  @Section("xdp")
  public static int xdpPrognum3(XdpMd ctx) {
    ParsePkt pkt = new ParsePkt();
    if (!parseEthFrame(ctx, pkt)) {
      return Xdp.ABORTED;
    }
    // an untagged frame has nothing to remove
    if (pkt.vlanOuterOffset == 0) {
      return Xdp.PASS;
    }
    // the same move as prognum2, done as three 32-bit word copies over the outer EtherType and TCI
    shiftMac4bytes32bit(ctx);
    // the frame now starts past the 4 stale bytes
    ctx.adjustHead(VLAN_HDR_SZ);
    return Xdp.PASS;
  }

  @Section("tc")
  public static int tcProgA(SkBuff ctx) {
    bpfSkbVlanPush(ctx, Bpf.htons(ETH_P_8021Q), TESTVLAN);
    return Tc.ACT_OK;
  }

  private TestXdpVlan() {}
}
