package corpus.packets;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Section;
import io.bpf4j.lang.Bpf;
import io.bpf4j.lang.SkBuff;
import io.bpf4j.lang.Tc;
import io.bpf4j.lang.Xdp;
import io.bpf4j.lang.XdpMd;

/**
 * Packet writes, adjustments and checksum helpers driven by the frame's own bytes, for the
 * simulator-against-kernel comparison (return values and data_out): random frames reach the
 * helpers' limits, short frames the onFault paths.
 */
@License("GPL")
public final class PacketWrites {
  /** Stores at offsets taken from the frame: past the end ends with onFault = XDP_DROP. */
  @Section(value = "xdp", onFault = Xdp.DROP)
  public static int storeAtOffsets(XdpMd ctx) {
    int off = ctx.loadByte(20);
    ctx.storeByte(off, 0xa5);
    ctx.storeHalf(off + 1, 0xbeef);
    ctx.storeWord(off + 3, 0x01020304);
    return Xdp.TX;
  }

  /** Grows or shrinks the head by (byte) frame[20] * 2, then writes a marker at the new start. */
  @Section(value = "xdp", onFault = Xdp.PASS)
  public static int adjustHead(XdpMd ctx) {
    int delta = (byte) ctx.loadByte(20) * 2;
    int r = ctx.adjustHead(delta);
    if (r != 0) {
      return 1000 - r;
    }
    ctx.storeHalf(0, 0xabcd);
    return ctx.length();
  }

  /** Grows or shrinks the tail by (byte) frame[21] * 2; grown bytes read as zero. */
  @Section(value = "xdp", onFault = Xdp.PASS)
  public static int adjustTail(XdpMd ctx) {
    int r = ctx.adjustTail((byte) ctx.loadByte(21) * 2);
    if (r != 0) {
      return 1000 - r;
    }
    return ctx.length();
  }

  /** Metadata of -(frame[22] & 0x3f) bytes, then 4 bytes of head. */
  @Section(value = "xdp", onFault = Xdp.PASS)
  public static int adjustMeta(XdpMd ctx) {
    int r = ctx.adjustMeta(-(ctx.loadByte(22) & 0x3f));
    if (r != 0) {
      return 1000 - r;
    }
    r = ctx.adjustHead(-4);
    if (r != 0) {
      return 2000 - r;
    }
    ctx.storeWord(0, 0x11223344);
    return ctx.length();
  }

  /** The IPv4 destination rewritten with csumDiff and csumFold. */
  @Section(value = "xdp", onFault = Xdp.PASS)
  public static int csumDiffRewrite(XdpMd ctx) {
    byte[] from = new byte[4];
    byte[] to = new byte[4];
    ctx.loadBytes(30, from);
    ctx.loadBytes(26, to);
    int seed = Bpf.htons(~ctx.loadHalf(24));
    int check = Bpf.ntohs(Bpf.csumFold(Bpf.csumDiff(from, to, seed)));
    ctx.storeHalf(24, check);
    ctx.storeBytes(30, to);
    return Xdp.PASS;
  }

  /** A 16-bit field at 22 (TTL and protocol) changed, the IPv4 checksum fixed with l3. */
  @Section("tc")
  public static int l3Replace(SkBuff skb) {
    int old = skb.loadHalf(22);
    int now = (old + 0x0100 * skb.loadByte(40)) & 0xffff;
    skb.storeHalf(22, now);
    return skb.l3CsumReplace(24, old, now, 2) + 100;
  }

  /** The IPv4 source rewritten with l3 and l4 (pseudo header) fixes, UDP's 0 kept. */
  @Section("tc")
  public static int l4Replace(SkBuff skb) {
    int old = skb.loadWord(26);
    int now = old ^ skb.loadWord(44);
    skb.storeWord(26, now);
    int r3 = skb.l3CsumReplace(24, old, now, 4);
    int r4 = skb.l4CsumReplace(40, old, now, 4 | SkBuff.F_PSEUDO_HDR | SkBuff.F_MARK_MANGLED_0);
    return r3 * 1000 + r4 + 100;
  }

  /**
   * change_tail to frame[20] bytes, change_head by frame[21] & 0x0f, in that order (growth stays
   * within the 256 spare bytes of the test run's data_out).
   */
  @Section("tc")
  public static int resize(SkBuff skb) {
    int r = skb.changeTail(skb.loadByte(20), 0);
    if (r != 0) {
      return 1000 - r;
    }
    r = skb.changeHead(skb.loadByte(21) & 0x0f, 0);
    return r != 0 ? 2000 - r : skb.len();
  }

  /** adjust_room by (byte) frame[20], after the network header. */
  @Section("tc")
  public static int adjustRoom(SkBuff skb) {
    int r = skb.adjustRoom((byte) skb.loadByte(20), SkBuff.ADJ_ROOM_NET, 0);
    return r != 0 ? 1000 - r : skb.len();
  }

  /** bpf_redirect in tc to ifindex frame[20], with frame[21] & 1 as BPF_F_INGRESS. */
  @Section("tc")
  public static int tcRedirect(SkBuff skb) {
    return Bpf.redirect(skb.loadByte(20), skb.loadByte(21) & 1);
  }

  @Section("tc")
  public static int tcStores(SkBuff skb) {
    int off = skb.loadByte(20);
    skb.storeWord(off, 0xdeadbeef);
    skb.storeBytes(off + 4, new byte[] {1, 2, 3});
    return Tc.ACT_OK;
  }

  private PacketWrites() {}
}
