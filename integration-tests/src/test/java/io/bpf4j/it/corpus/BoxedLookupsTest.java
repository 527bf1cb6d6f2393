package io.bpf4j.it.corpus;

import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.MapHandle;
import org.junit.jupiter.api.Test;

/**
 * Regression test, corpus/sim/BoxedLookups.java: a {@code Long} looked up from a map is an
 * immutable box in Java, so an update of the map between the lookup and the unboxing must not
 * change it. The processor used to keep the lookup's pointer into the map as the box, so the
 * program returned the updated value; found by the simulator-vs-kernel comparison.
 */
class BoxedLookupsTest {
  @Test
  void aLookedUpLongKeepsItsValueWhenTheMapChanges() {
    Expect expect = new Expect("sim/BoxedLookups");
    try (BpfObject obj = Corpus.load("sim/BoxedLookups");
        MapHandle<Integer, Long> values = obj.map("values", Integer.class, Long.class)) {
      values.put(0, 7L);
      int first = obj.program("reread").testRun(Packet.udpFrame(60), 1).retval();
      expect.equal(7, first, "the value looked up before the update");
      expect.equal(46L, values.get(0), "the update happened");
      int second = obj.program("reread").testRun(Packet.udpFrame(80), 1).retval();
      expect.equal(46, second, "the next run sees the earlier update");
    }
    expect.verify();
  }
}
