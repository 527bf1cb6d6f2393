package corpus.attach;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.SkBuff;

/**
 * Packets counted at hooks whose sections name no target, attached with Links: every packet that
 * sockets of a cgroup send (cgroup_skb/egress, key 0), and IPv4 UDP datagrams to port 47123 seen
 * by a classic tc filter (key 1), which lets every packet pass.
 */
@License("GPL")
public final class NetCounters {
  static final int UDP_PORT = 47123;

  @Map(type = MapType.ARRAY, maxEntries = 2)
  static BpfMap<Integer, Long> counts;

  @Section("cgroup_skb/egress")
  public static int cgroupEgress(SkBuff skb) {
    bump(0);
    return 1;
  }

  @Section("tc")
  public static int udpToPort(SkBuff skb) {
    // Ethernet (14 bytes), then IPv4 without options: protocol at 23, destination port at 36.
    if (skb.protocol() == 0x0008 && skb.loadByte(23) == 17 && skb.loadHalf(36) == UDP_PORT) {
      bump(1);
    }
    return 0;
  }

  static void bump(int key) {
    Long n = counts.lookup(key);
    if (n != null) {
      counts.update(key, n + 1, BpfMap.ANY);
    }
  }

  private NetCounters() {}
}
