package corpus;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.SkBuff;

/**
 * A little int calculator: user space writes an operation and two operands, the program returns
 * the result and stores it with a completion count. Where Java would throw (division or remainder
 * by zero, also inside a called method), the program must end with 0 and store nothing.
 */
@License("GPL")
public final class IntArith {
  @Struct
  public static final class Operation {
    public int op;
    public int a;
    public int b;
    public int result;
    public int done;
  }

  @Map(type = MapType.ARRAY, maxEntries = 1)
  static BpfMap<Integer, Operation> operations;

  @Section("socket")
  public static int calculate(SkBuff skb) {
    Operation o = operations.lookup(0);
    if (o == null) {
      return 0;
    }
    int a = o.a;
    int b = o.b;
    int r;
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
        r = divMod(a, b);
        break;
      case 12:
        r = a >= 0 ? a : -a;
        break;
      case 13:
        r = a * 1000 / 7 + a % 7;
        break;
      default:
        r = 0x7fff;
    }
    o.result = r;
    o.done = o.done + 1;
    return r;
  }

  /** Quotient times 1000 plus remainder: throws, in Java, when b is 0. */
  static int divMod(int a, int b) {
    int q = a / b;
    int m = a % b;
    return q * 1000 + m;
  }

  private IntArith() {}
}
