package corpus.sim;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.SkBuff;
import io.bpf4j.lang.XdpMd;

/**
 * For the simulator: loadBytes at the edges of the packet (inside, exactly to the end, one past,
 * negative, above 0xffff), recording the result and what the buffer holds afterwards
 * (bpf_skb_load_bytes zero-fills it on failure, bpf_xdp_load_bytes leaves it), and packet reads
 * at computed and constant offsets.
 */
@License("GPL")
public final class LoadBytesEdges {
  @Struct
  public static final class Probe {
    public int code;
    public long ends;
  }

  @Map(type = MapType.ARRAY, maxEntries = 8)
  static BpfMap<Integer, Probe> skbProbes;

  @Map(type = MapType.ARRAY, maxEntries = 8)
  static BpfMap<Integer, Probe> xdpProbes;

  @Section("socket")
  public static int skbEdges(SkBuff skb) {
    int len = skb.len();
    skbProbe(skb, 0, len - 9);
    skbProbe(skb, 1, len - 8);
    skbProbe(skb, 2, len - 7);
    skbProbe(skb, 3, -1);
    skbProbe(skb, 4, 0x10000);
    skbProbe(skb, 5, Integer.MIN_VALUE);
    return skb.loadHalf(len - 2) + skb.loadByte(0);
  }

  static void skbProbe(SkBuff skb, int slot, int offset) {
    byte[] buf = new byte[8];
    buf[0] = 0x55;
    buf[7] = 0x66;
    int code = skb.loadBytes(offset, buf);
    Probe p = skbProbes.lookup(slot);
    if (p != null) {
      p.code = code;
      p.ends = ((buf[0] & 0xffL) << 8) | (buf[7] & 0xffL);
    }
  }

  @Section("tc")
  public static int tcEdges(SkBuff skb) {
    return skb.loadWord(skb.len() - 4) ^ skb.loadHalf(12);
  }

  @Section("xdp")
  public static int xdpEdges(XdpMd ctx) {
    int len = ctx.length();
    xdpProbe(ctx, 0, len - 9);
    xdpProbe(ctx, 1, len - 8);
    xdpProbe(ctx, 2, len - 7);
    xdpProbe(ctx, 3, -1);
    xdpProbe(ctx, 4, 0x10000);
    xdpProbe(ctx, 5, Integer.MIN_VALUE);
    return ctx.loadHalf(len - 2) + ctx.loadByte(13) + ctx.loadWord(60);
  }

  static void xdpProbe(XdpMd ctx, int slot, int offset) {
    byte[] buf = new byte[8];
    buf[0] = 0x55;
    buf[7] = 0x66;
    int code = ctx.loadBytes(offset, buf);
    Probe p = xdpProbes.lookup(slot);
    if (p != null) {
      p.code = code;
      p.ends = ((buf[0] & 0xffL) << 8) | (buf[7] & 0xffL);
    }
  }

  private LoadBytesEdges() {}
}
