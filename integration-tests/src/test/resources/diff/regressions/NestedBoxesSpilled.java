package diff.regressions;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.SkBuff;

/**
 * Written after a random program (issue 17, item 6): two lookups' boxes are in use together, and
 * the outer one's address is spilled across the inner lookup. The first stack-slot sharing followed
 * virtual registers, but the allocator had removed the move between the box's register and the one
 * spilled (both got one machine register), so the outer box looked dead and shared the inner one's
 * bytes: the verifier found a pointer where the unboxed value should be.
 */
@License("GPL")
public final class NestedBoxesSpilled {
  @Map(type = MapType.ARRAY, maxEntries = 8)
  static BpfMap<Integer, Long> table;

  @Section("socket")
  public static int nested(SkBuff ctx) {
    int a = ctx.len();
    int b = a * 3 + ctx.protocol();
    int c = a ^ ctx.mark();
    int d = a + ctx.ifindex();
    int e = b ^ ctx.priority();
    int f = c - ctx.hash();
    Long outer = table.lookup(a & 7);
    if (outer != null) {
      Long inner = table.lookup((a >> 1) & 7);
      if (inner != null) {
        return (int) (outer % (b | 1) + inner * 3 + b + c + d + e + f);
      }
    }
    return a + b + c + d + e + f;
  }
}
