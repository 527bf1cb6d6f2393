package golden;

import io.bpf4j.annotations.*;
import io.bpf4j.lang.*;

@License("GPL")
/**
 * XDP reads of network-order fields compared with constants (the swap moves to the constant, equality
 * only; the ordered test and the copy to the return value keep theirs), and early exits laid out
 * before later code without any loop (so no whole-frame store at the start).
 */
public final class NetworkOrder {
  @Map(type = MapType.ARRAY, maxEntries = 1)
  static BpfMap<Integer, Long> seen;

  @Section("xdp")
  public static int prog(XdpMd ctx) {
    int type = ctx.loadHalf(12);
    if (type != 0x0800 && type != 0x86dd) {
      return Xdp.PASS;
    }
    if (ctx.loadWord(26) == 0xc0a80001) {
      return Xdp.DROP;
    }
    if (ctx.loadHalf(36) > 1024) {
      return Xdp.PASS;
    }
    Long n = seen.lookup(0);
    if (n == null) {
      return Xdp.ABORTED;
    }
    return ctx.loadHalf(34);
  }
}
