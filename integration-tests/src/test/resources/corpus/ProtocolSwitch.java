package corpus;

import io.bpf4j.annotations.Atomic;
import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.Bpf;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.SkBuff;

/**
 * Classifies frames by EtherType (a sparse switch: a lookupswitch) and size (a dense switch: a
 * tableswitch), counts packets and bytes per EtherType class and returns class * 16 + size class.
 */
@License("GPL")
public final class ProtocolSwitch {
  static final int OTHER = 0;
  static final int IPV4 = 1;
  static final int IPV6 = 2;
  static final int ARP = 3;
  static final int VLAN = 4;

  @Struct
  public static final class Count {
    @Atomic public long packets;
    @Atomic public long bytes;
  }

  @Map(type = MapType.ARRAY, maxEntries = 5)
  static BpfMap<Integer, Count> perClass;

  @Section("socket")
  public static int classify(SkBuff skb) {
    int cls;
    switch (Bpf.ntohs(skb.protocol())) {
      case 0x0800:
        cls = IPV4;
        break;
      case 0x86DD:
        cls = IPV6;
        break;
      case 0x0806:
        cls = ARP;
        break;
      case 0x8100:
      case 0x88A8:
        cls = VLAN;
        break;
      default:
        cls = OTHER;
    }
    int len = skb.len();
    Count c = perClass.lookup(cls);
    if (c != null) {
      c.packets += 1;
      c.bytes += len;
    }
    return cls * 16 + sizeClass(len);
  }

  static int sizeClass(int len) {
    switch (len / 256) {
      case 0:
        return 0;
      case 1:
        return 1;
      case 2:
      case 3:
        return 2;
      case 4:
      case 5:
        return 3;
      default:
        return 4;
    }
  }

  private ProtocolSwitch() {}
}
