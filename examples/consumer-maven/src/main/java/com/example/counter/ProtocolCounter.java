package com.example.counter;

import io.bpf4j.annotations.Atomic;
import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.SkBuff;
import io.bpf4j.lang.Tc;

/**
 * A tc program (tcx ingress) that counts packets and bytes by transport protocol: slot 0 for TCP, 1
 * for UDP, 2 for ICMP, 3 for anything else (including frames that are not IPv4). javac with the bpf4j processor writes {@code
 * ProtocolCounter.bpf.o} next to this class.
 */
@License("GPL")
public final class ProtocolCounter {
  public static final int TCP = 0;
  public static final int UDP = 1;
  public static final int ICMP = 2;
  public static final int OTHER = 3;

  /** One slot of the table. */
  @Struct
  public static final class Counts {
    @Atomic public long packets;
    @Atomic public long bytes;
  }

  @Map(type = MapType.ARRAY, maxEntries = 4)
  static BpfMap<Integer, Counts> counts;

  @Section("tcx/ingress")
  public static int countProtocol(SkBuff skb) {
    // tc sees the whole frame: the EtherType at 12, IPv4's protocol byte at 14 + 9.
    int slot = skb.loadHalf(12) == 0x0800 ? slotOf(skb.loadByte(23)) : OTHER;
    Counts c = counts.lookup(slot);
    if (c != null) {
      c.packets += 1;
      c.bytes += skb.len();
    }
    return Tc.TCX_NEXT; // let the packet go on, to the next program or the stack
  }

  private static int slotOf(int protocol) {
    switch (protocol) {
      case 6:
        return TCP;
      case 17:
        return UDP;
      case 1:
        return ICMP;
      default:
        return OTHER;
    }
  }

  private ProtocolCounter() {}
}
