package corpus.classic;

import io.bpf4j.annotations.Atomic;
import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.annotations.TailCallTarget;
import io.bpf4j.lang.Bpf;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.ProgArray;
import io.bpf4j.lang.SkBuff;

/**
 * A protocol dispatcher (in the manner of samples/bpf/sockex3): a socket filter classifies the
 * packet in a BPF-to-BPF call (the IP protocol for IPv4, 0 for anything else) and tail-calls
 * through a prog array into per-protocol programs, which {@code @TailCallTarget} places in the
 * slots of their protocol numbers. Each target counts into {@code counts} under its protocol and
 * returns something only it reads from the packet (TCP and UDP: the destination port, ICMP: 0x100
 * plus the type). A packet whose slot is empty falls through: the dispatcher counts it under
 * {@code counts[0]} and returns 0. The C version is c/classic/dispatcher.c.
 */
@License("GPL")
public final class Dispatcher {
  static final int ETH_P_IP = 0x0800;
  static final int IPPROTO_ICMP = 1;
  static final int IPPROTO_TCP = 6;
  static final int IPPROTO_UDP = 17;

  @Struct
  public static final class Count {
    @Atomic public long packets;
    @Atomic public long bytes;
  }

  @Map(type = MapType.PROG_ARRAY, maxEntries = 256)
  static ProgArray jmpTable;

  @Map(type = MapType.ARRAY, maxEntries = 256)
  static BpfMap<Integer, Count> counts;

  @Section("socket")
  public static int dispatch(SkBuff skb) {
    int proto = classify(skb);
    jmpTable.tailCall(skb, proto);
    count(0, skb.len());
    return 0;
  }

  /** The IP protocol of an IPv4 packet, 0 for anything else. */
  static int classify(SkBuff skb) {
    if (skb.protocol() != Bpf.htons(ETH_P_IP)) {
      return 0;
    }
    return skb.loadByte(9);
  }

  static int headerLength(SkBuff skb) {
    return (skb.loadByte(0) & 0xf) << 2;
  }

  static void count(int key, int len) {
    Count c = counts.lookup(key);
    if (c != null) {
      c.packets++;
      c.bytes += len;
    }
  }

  @TailCallTarget(map = "jmpTable", index = IPPROTO_TCP)
  @Section("socket")
  public static int tcpProg(SkBuff skb) {
    count(IPPROTO_TCP, skb.len());
    return skb.loadHalf(headerLength(skb) + 2);
  }

  @TailCallTarget(map = "jmpTable", index = IPPROTO_UDP)
  @Section("socket")
  public static int udpProg(SkBuff skb) {
    count(IPPROTO_UDP, skb.len());
    return skb.loadHalf(headerLength(skb) + 2);
  }

  @TailCallTarget(map = "jmpTable", index = IPPROTO_ICMP)
  @Section("socket")
  public static int icmpProg(SkBuff skb) {
    count(IPPROTO_ICMP, skb.len());
    return 0x100 + skb.loadByte(headerLength(skb));
  }

  private Dispatcher() {}
}
