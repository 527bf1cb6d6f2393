package io.bpf4j.testing;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.SkBuff;
import io.bpf4j.lang.XdpMd;

/** Programs of every packet type recording what they see, and packet reads. */
@License("GPL")
final class ContextPrograms {
  @Struct
  static final class View {
    int len;
    int protocol;
    int pktType;
    int ifindex;
    int ingressIfindex;
    int mark;
    int priority;
    int cb0;
    int firstWord;
    int rxQueue;
  }

  @Map(type = MapType.ARRAY, maxEntries = 1)
  static BpfMap<Integer, View> views;

  /** The offset and buffer size loadAt uses; its result lands in {@code loaded}. */
  @Struct
  static final class Probe {
    int offset;
    int result;
    long firstBytes;
  }

  @Map(type = MapType.ARRAY, maxEntries = 1)
  static BpfMap<Integer, Probe> probes;

  @Section("socket")
  static int socketView(SkBuff skb) {
    return record(skb);
  }

  @Section("tc")
  static int tcView(SkBuff skb) {
    return record(skb);
  }

  @Section("cgroup_skb/egress")
  static int cgroupView(SkBuff skb) {
    return record(skb);
  }

  @Section("xdp")
  static int xdpView(XdpMd ctx) {
    View v = views.lookup(0);
    v.len = ctx.length();
    v.ingressIfindex = ctx.ingressIfindex();
    v.rxQueue = ctx.rxQueueIndex();
    v.firstWord = ctx.loadWord(0);
    return ctx.loadByte(ctx.length() - 1);
  }

  static int record(SkBuff skb) {
    View v = views.lookup(0);
    v.len = skb.len();
    v.protocol = skb.protocol();
    v.pktType = skb.pktType();
    v.ifindex = skb.ifindex();
    v.ingressIfindex = skb.ingressIfindex();
    v.mark = skb.mark();
    v.priority = skb.priority();
    v.cb0 = skb.cb(0);
    v.firstWord = skb.loadWord(0);
    return skb.loadHalf(skb.len() - 2);
  }

  /** Reads a byte at the probe's offset: past the end, the program ends with 0. */
  @Section("socket")
  static int readAt(SkBuff skb) {
    Probe p = probes.lookup(0);
    return skb.loadByte(p.offset) + 1000;
  }

  /** loadBytes of 8 bytes at the probe's offset. */
  @Section("socket")
  static int bytesAt(SkBuff skb) {
    Probe p = probes.lookup(0);
    byte[] buf = new byte[8];
    buf[0] = 0x55;
    p.result = skb.loadBytes(p.offset, buf);
    p.firstBytes = ((buf[0] & 0xffL) << 8) | (buf[1] & 0xff);
    return 1;
  }

  /** loadBytes of 8 bytes at the probe's offset, XDP flavor. */
  @Section("xdp")
  static int xdpBytesAt(XdpMd ctx) {
    Probe p = probes.lookup(0);
    byte[] buf = new byte[8];
    buf[0] = 0x55;
    p.result = ctx.loadBytes(p.offset, buf);
    p.firstBytes = ((buf[0] & 0xffL) << 8) | (buf[1] & 0xff);
    return 2;
  }

  private ContextPrograms() {}
}
