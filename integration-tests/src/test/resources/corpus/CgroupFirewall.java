package corpus;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.Bpf;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.SkBuff;

/**
 * A cgroup ingress firewall: allows (1) IPv4 packets whose length lies in a configured window,
 * denies (0) the rest, and counts both per CPU.
 */
@License("GPL")
public final class CgroupFirewall {
  @Struct
  public static final class Verdicts {
    public long allowed;
    public long denied;
    public long allowedBytes;
  }

  @Struct
  public static final class Window {
    public int minLen;
    public int maxLen;
  }

  @Map(type = MapType.PERCPU_ARRAY, maxEntries = 1)
  static BpfMap<Integer, Verdicts> verdicts;

  @Map(type = MapType.ARRAY, maxEntries = 1)
  static BpfMap<Integer, Window> windows;

  @Section("cgroup_skb/ingress")
  public static int filter(SkBuff skb) {
    int len = skb.len();
    boolean ipv4 = skb.protocol() == Bpf.htons(0x0800);
    Window w = windows.lookup(0);
    boolean allow = ipv4 && w != null && len >= w.minLen && len <= w.maxLen;
    Verdicts v = verdicts.lookup(0);
    if (v != null) {
      if (allow) {
        v.allowed++;
        v.allowedBytes += len;
      } else {
        v.denied++;
      }
    }
    return allow ? 1 : 0;
  }

  private CgroupFirewall() {}
}
