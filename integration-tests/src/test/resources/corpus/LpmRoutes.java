package corpus;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.SkBuff;

/**
 * An LPM_TRIE of IPv4 prefixes: the key is a prefix length and the address bytes in network order;
 * the processor sets BPF_F_NO_PREALLOC. The program looks up 10.1.len.7/32 and returns the route
 * of its longest matching prefix, 0 without one.
 */
@License("GPL")
public final class LpmRoutes {
  @Struct
  public static final class Prefix {
    public int prefixLen;
    public byte a;
    public byte b;
    public byte c;
    public byte d;
  }

  @Map(type = MapType.LPM_TRIE, maxEntries = 16)
  static BpfMap<Prefix, Integer> routes;

  @Section("socket")
  public static int route(SkBuff skb) {
    Prefix k = new Prefix();
    k.prefixLen = 32;
    k.a = 10;
    k.b = 1;
    k.c = (byte) skb.len();
    k.d = 7;
    Integer r = routes.lookup(k);
    return r == null ? 0 : r;
  }

  private LpmRoutes() {}
}
