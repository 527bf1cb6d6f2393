package io.bpf4j.it.corpus;

import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.MapHandle;
import org.junit.jupiter.api.Test;

/**
 * corpus/IntArith.java: every int operator on operand pairs chosen for their edges (overflow,
 * MIN_VALUE / -1, division by zero, shift counts). Where Java throws, the program must return 0 and
 * leave the map untouched (done stays 0), also when the division is inside a called method.
 */
class IntArithTest {
  static final class Operation {
    int op;
    int a;
    int b;
    int result;
    int done;
  }

  private static final int[][] PAIRS = {
    {7, 3},
    {-7, 3},
    {7, -3},
    {-7, -3},
    {Integer.MIN_VALUE, -1},
    {Integer.MIN_VALUE, 1},
    {Integer.MAX_VALUE, 1},
    {Integer.MAX_VALUE, Integer.MAX_VALUE},
    {5, 0},
    {0, 0},
    {-1, 31},
    {1, 33},
    {0x12345678, -1},
    {123456, 654321},
    {-2_000_000, 3_000},
    {42, 42},
  };

  /** The operation in Java; null where Java throws ArithmeticException. */
  static Integer java(int op, int a, int b) {
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
        case 10 -> Integer.compare(a, b);
        case 11 -> (a / b) * 1000 + a % b;
        case 12 -> Math.abs(a);
        case 13 -> a * 1000 / 7 + a % 7;
        default -> 0x7fff;
      };
    } catch (ArithmeticException e) {
      return null;
    }
  }

  @Test
  void everyOperatorOnEveryPairMatchesJava() {
    Expect expect = new Expect("IntArith");
    byte[] frame = Packet.udpFrame(64);
    try (BpfObject obj = Corpus.load("IntArith");
        MapHandle<Integer, Operation> ops = obj.map("operations", Integer.class, Operation.class)) {
      for (int op : new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 1000, -1}) {
        for (int[] pair : PAIRS) {
          Operation in = new Operation();
          in.op = op;
          in.a = pair[0];
          in.b = pair[1];
          ops.put(0, in);
          int ret = obj.program("calculate").testRun(frame, 1).retval();
          Operation out = ops.get(0);
          Integer want = java(op, pair[0], pair[1]);
          String what = "op " + op + " a=" + pair[0] + " b=" + pair[1];
          if (want == null) {
            expect.equal(0, ret, what + " (throws in Java): return value");
            expect.equal(0, out.done, what + " (throws in Java): the program must end, done");
            expect.equal(0, out.result, what + " (throws in Java): result");
          } else {
            expect.equal(want, ret, what + ": return value");
            expect.equal(want, out.result, what + ": stored result");
            expect.equal(1, out.done, what + ": done");
          }
        }
      }
    }
    expect.verify();
  }
}
