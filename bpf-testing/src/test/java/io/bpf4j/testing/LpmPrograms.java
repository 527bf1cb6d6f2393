package io.bpf4j.testing;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.SkBuff;

/** An LPM_TRIE of IPv4 prefixes. */
@License("GPL")
final class LpmPrograms {
  @Struct
  static final class Prefix {
    int prefixLen;
    byte a;
    byte b;
    byte c;
    byte d;
  }

  @Map(type = MapType.LPM_TRIE, maxEntries = 3)
  static BpfMap<Prefix, Integer> routes;

  static Prefix prefix(int len, int a, int b, int c, int d) {
    Prefix p = new Prefix();
    p.prefixLen = len;
    p.a = (byte) a;
    p.b = (byte) b;
    p.c = (byte) c;
    p.d = (byte) d;
    return p;
  }

  /** The route of 10.1.len.7/32's longest matching prefix, or 0. */
  @Section("socket")
  static int route(SkBuff skb) {
    Integer r = routes.lookup(prefix(32, 10, 1, skb.len(), 7));
    return r == null ? 0 : r;
  }

  private LpmPrograms() {}
}
