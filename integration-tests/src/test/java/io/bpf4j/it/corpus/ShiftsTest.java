package io.bpf4j.it.corpus;

import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.MapHandle;
import org.junit.jupiter.api.Test;

/**
 * corpus/Shifts.java: int and long shifts by counts from -MIN to 100, constant counts over the
 * width, negative constant counts and long counts of an int; Java masks the count to 5 or 6 bits.
 */
class ShiftsTest {
  static final class Input {
    int x;
    int n;
    long y;
  }

  static final class Output {
    int shl;
    int shr;
    int ushr;
    long lshl;
    long lshr;
    long lushr;
    int constCount;
    long constLongCount;
    int byLongCount;
    long negConstCount;
  }

  @Test
  void shiftCountsAreMaskedAsInJava() {
    int[] xs = {1, -1, 0x12345678, Integer.MIN_VALUE, 0x80000001};
    long[] ys = {1, -1, 0x123456789abcdef0L, Long.MIN_VALUE, 0x8000000000000001L};
    int[] counts = {0, 1, 7, 31, 32, 33, 63, 64, 65, -1, -31, -33, 100, Integer.MIN_VALUE};
    Expect expect = new Expect("Shifts");
    byte[] frame = Packet.udpFrame(80);
    try (BpfObject obj = Corpus.load("Shifts");
        MapHandle<Integer, Input> inputs = obj.map("inputs", Integer.class, Input.class);
        MapHandle<Integer, Output> outputs = obj.map("outputs", Integer.class, Output.class)) {
      for (int k = 0; k < xs.length; k++) {
        int x = xs[k];
        long y = ys[k];
        for (int n : counts) {
          Input in = new Input();
          in.x = x;
          in.n = n;
          in.y = y;
          inputs.put(0, in);
          int ret = obj.program("shift").testRun(frame, 1).retval();
          Output out = outputs.get(0);
          String what = "x=0x" + Integer.toHexString(x) + " y=0x" + Long.toHexString(y) + " n=" + n;
          expect.equal(x >> n, ret, what + ": return x >> n");
          expect.equal(x << n, out.shl, what + ": x << n");
          expect.equal(x >> n, out.shr, what + ": x >> n");
          expect.equal(x >>> n, out.ushr, what + ": x >>> n");
          expect.equal(y << n, out.lshl, what + ": y << n");
          expect.equal(y >> n, out.lshr, what + ": y >> n");
          expect.equal(y >>> n, out.lushr, what + ": y >>> n");
          expect.equal(x << 3, out.constCount, what + ": x << 35");
          expect.equal(y >>> 6, out.constLongCount, what + ": y >>> 70");
          expect.equal(x >>> (int) (y & 31), out.byLongCount, what + ": x >>> y");
          expect.equal(y << 63, out.negConstCount, what + ": y << -1");
        }
      }
    }
    expect.verify();
  }
}
