package io.bpf4j.it.corpus;

import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.MapHandle;
import org.junit.jupiter.api.Test;

/** corpus/AtomicOps.java: each @Atomic operator, folded here over the same packet lengths. */
class AtomicOpsTest {
  static final long GOLDEN = 0x9E3779B97F4A7C15L;

  static final class Accumulator {
    long added;
    long subtracted;
    int orBits;
    int andBits;
    long xorBits;
    long count;
    int down;
    int intAdded;
  }

  @Test
  void atomicOperatorsAccumulateLikeJava() {
    int[] frameLengths = {60, 61, 100, 1514, 46, 60, 2500, 14};
    int[] repeats = {1, 1, 2, 1, 3, 1, 1, 1};
    Accumulator want = new Accumulator();
    want.andBits = -1;
    want.down = 10;
    want.subtracted = 1_000_000;
    want.intAdded = Integer.MAX_VALUE - 100;
    Expect expect = new Expect("AtomicOps");
    try (BpfObject obj = Corpus.load("AtomicOps");
        MapHandle<Integer, Accumulator> acc =
            obj.map("accumulators", Integer.class, Accumulator.class)) {
      Accumulator init = new Accumulator();
      init.andBits = want.andBits;
      init.down = want.down;
      init.subtracted = want.subtracted;
      init.intAdded = want.intAdded;
      acc.put(0, init);
      for (int i = 0; i < frameLengths.length; i++) {
        byte[] frame = Packet.rawFrame(Packet.ETH_P_EXPERIMENTAL, frameLengths[i]);
        int len = Packet.networkLength(frame);
        int ret = obj.program("accumulate").testRun(frame, repeats[i]).retval();
        expect.equal(len, ret, "return value");
        for (int r = 0; r < repeats[i]; r++) {
          want.added += len;
          want.subtracted -= len;
          want.orBits |= 1 << (len & 31);
          want.andBits &= ~(1 << (len & 31));
          want.xorBits ^= len * GOLDEN;
          want.count++;
          want.down--;
          want.intAdded += len * 1000;
        }
      }
      Accumulator got = acc.get(0);
      expect.equal(want.added, got.added, "added (+=)");
      expect.equal(want.subtracted, got.subtracted, "subtracted (-=)");
      expect.equal(want.orBits, got.orBits, "orBits (|=)");
      expect.equal(want.andBits, got.andBits, "andBits (&=)");
      expect.equal(want.xorBits, got.xorBits, "xorBits (^=)");
      expect.equal(want.count, got.count, "count (++)");
      expect.equal(want.down, got.down, "down (--)");
      expect.equal(want.intAdded, got.intAdded, "intAdded (int +=, wraps)");
    }
    expect.verify();
  }
}
