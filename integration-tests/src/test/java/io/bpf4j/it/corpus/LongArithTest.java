package io.bpf4j.it.corpus;

import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.MapHandle;
import org.junit.jupiter.api.Test;

/**
 * corpus/LongArith.java: every long operator on edge pairs; the result is read back from a Long
 * ARRAY map, the return value is the result folded to 32 bits, and where Java throws (also in the
 * helper that divides by the packet length, with a 14-byte frame whose socket length is 0) the
 * program returns 0 and does not write the map.
 */
class LongArithTest {
  static final class Operation {
    int op;
    long a;
    long b;
  }

  private static final long UNTOUCHED = 0x5555_5555_5555_5555L;

  private static final long[][] PAIRS = {
    {7, 3},
    {-7, 3},
    {7, -3},
    {Long.MIN_VALUE, -1},
    {Long.MIN_VALUE, 1},
    {Long.MAX_VALUE, 2},
    {5, 0},
    {0x123456789abcdefL, 0xfedcba987654321L},
    {-1, 63},
    {1L << 40, 1L << 20},
    {Integer.MAX_VALUE, Integer.MAX_VALUE},
    {-4_000_000_000L, 3},
  };

  /** The operation in Java; null where Java throws ArithmeticException. */
  static Long java(int op, long a, long b, int len) {
    try {
      return switch (op) {
        case 0 -> a + b;
        case 1 -> a - b;
        case 2 -> a * b;
        case 3 -> a / b;
        case 4 -> a % b;
        case 5 -> -a;
        case 6 -> a & b;
        case 7 -> a | b;
        case 8 -> a ^ b;
        case 9 -> ~a;
        case 10 -> (long) Long.compare(a, b);
        case 11 -> a * 1_000_000_007L + b;
        case 12 -> a * len + b / len;
        default -> 0x7fffL << 32;
      };
    } catch (ArithmeticException e) {
      return null;
    }
  }

  @Test
  void everyOperatorOnEveryPairMatchesJava() {
    Expect expect = new Expect("LongArith");
    byte[][] frames = {
      Packet.udpFrame(100), Packet.rawFrame(Packet.ETH_P_EXPERIMENTAL, Packet.ETH_HLEN)
    };
    try (BpfObject obj = Corpus.load("LongArith");
        MapHandle<Integer, Operation> ops = obj.map("operations", Integer.class, Operation.class);
        MapHandle<Integer, Long> results = obj.map("results", Integer.class, Long.class)) {
      for (byte[] frame : frames) {
        int len = Packet.networkLength(frame);
        for (int op = 0; op <= 13; op++) {
          for (long[] pair : PAIRS) {
            Operation in = new Operation();
            in.op = op;
            in.a = pair[0];
            in.b = pair[1];
            ops.put(0, in);
            results.put(0, UNTOUCHED);
            int ret = obj.program("calculate").testRun(frame, 1).retval();
            Long want = java(op, pair[0], pair[1], len);
            String what = "op " + op + " a=" + pair[0] + " b=" + pair[1] + " len=" + len;
            if (want == null) {
              expect.equal(0, ret, what + " (throws in Java): return value");
              expect.equal(UNTOUCHED, results.get(0), what + " (throws in Java): result map");
            } else {
              expect.equal((int) (want ^ (want >>> 32)), ret, what + ": return value");
              expect.equal(want, results.get(0), what + ": result");
            }
          }
        }
      }
    }
    expect.verify();
  }
}
