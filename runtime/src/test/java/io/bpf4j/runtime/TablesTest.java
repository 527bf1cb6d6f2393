package io.bpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bpf4j.runtime.fake.FakeKernel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Maps as tables and histograms, read from the fake kernel. */
class TablesTest {
  @TempDir Path bpffs;

  @Test
  void aStructMapAsATableAndAScalarMapAsAHistogram() {
    FakeKernel kernel = new FakeKernel(bpffs).cpus(2);
    try (BpfObject obj = BpfRuntime.load(kernel, bpffs, TestObjects.demo(), "demo")) {
      MapHandle<Integer, MapHandleTest.Counters> counters =
          obj.map("counters", Integer.class, MapHandleTest.Counters.class);
      counters.put(1, MapHandleTest.Counters.of(20, 1340));
      counters.put(2, MapHandleTest.Counters.of(3, 150));
      assertEquals(
          String.join("\n", "key  pkts  bytes", "1      20   1340", "2       3    150"),
          Tables.format(counters));

      MapHandle<Integer, Integer> flags = obj.map("flags", Integer.class, Integer.class);
      flags.put(1, 4);
      flags.put(2, 8);
      assertEquals(
          String.join(
              "\n",
              "value           : count    distribution",
              "     0 -> 1     : 0        |                                        |",
              "     2 -> 3     : 4        |********************                    |",
              "     4 -> 7     : 8        |****************************************|"),
          Histograms.log2(flags, v -> v, null));
    }
  }
}
