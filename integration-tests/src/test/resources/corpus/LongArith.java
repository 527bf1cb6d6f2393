package corpus;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.SkBuff;

/**
 * The long version of IntArith: the operation is an int, the operands longs (so the struct has
 * padding after op). The result goes to a Long ARRAY map with update(); the program returns the
 * result folded to 32 bits, or 0 where Java would throw.
 */
@License("GPL")
public final class LongArith {
  @Struct
  public static final class Operation {
    public int op;
    public long a;
    public long b;
  }

  @Map(type = MapType.ARRAY, maxEntries = 1)
  static BpfMap<Integer, Operation> operations;

  @Map(type = MapType.ARRAY, maxEntries = 1)
  static BpfMap<Integer, Long> results;

  @Section("socket")
  public static int calculate(SkBuff skb) {
    Operation o = operations.lookup(0);
    if (o == null) {
      return 0;
    }
    long a = o.a;
    long b = o.b;
    long r;
    switch (o.op) {
      case 0:
        r = a + b;
        break;
      case 1:
        r = a - b;
        break;
      case 2:
        r = a * b;
        break;
      case 3:
        r = a / b;
        break;
      case 4:
        r = a % b;
        break;
      case 5:
        r = -a;
        break;
      case 6:
        r = a & b;
        break;
      case 7:
        r = a | b;
        break;
      case 8:
        r = a ^ b;
        break;
      case 9:
        r = ~a;
        break;
      case 10:
        r = a < b ? -1 : (a == b ? 0 : 1);
        break;
      case 11:
        r = a * 1_000_000_007L + b;
        break;
      case 12:
        r = mulAdd(a, b, skb.len());
        break;
      default:
        r = 0x7fffL << 32;
    }
    results.update(0, r, BpfMap.ANY);
    return (int) (r ^ (r >>> 32));
  }

  static long mulAdd(long a, long b, int c) {
    return a * c + b / c;
  }

  private LongArith() {}
}
