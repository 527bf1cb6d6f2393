package io.bpf4j.it.corpus;

import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.MapHandle;
import org.junit.jupiter.api.Test;

/**
 * corpus/SequentialLookups.java: 64 lookups in a row, whose boxes share one stack slot, so the
 * program compiles, the verifier accepts it, and each lookup still sees its own element.
 */
class SequentialLookupsTest {
  @Test
  void sixtyFourLookupsLoadAndSumEveryElement() {
    Expect expect = new Expect("SequentialLookups");
    byte[] frame = Packet.udpFrame(60);
    try (BpfObject obj = Corpus.load("SequentialLookups");
        MapHandle<Integer, Long> table = obj.map("table", Integer.class, Long.class)) {
      expect.equal(0, obj.program("sum").testRun(frame, 1).retval(), "an empty table sums to 0");
      long sum = 0;
      for (int i = 0; i < 64; i++) {
        // Distinct bits per element: a box read at the wrong time would change the sum.
        long value = (1L << i) | ((long) i << 40);
        table.put(i, value);
        sum += value;
      }
      int expected = (int) (sum ^ (sum >>> 32));
      expect.equal(expected, obj.program("sum").testRun(frame, 1).retval(), "sum of 64 elements");
    }
    expect.verify();
  }
}
